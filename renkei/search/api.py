"""Search in the API: /api/v1/search, over everything the search index holds that the requester may see."""

import datetime

from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from renkei.accounts.api_auth import request_user
from renkei.lib.urls import absolute_url
from renkei.networks.models import Network
from renkei.search import registry
from renkei.search.forms import QUERY_MAX_LENGTH
from renkei.search.selectors import COUNT_CAP, kept_search

router = Router(tags=["search"])

MAX_LIMIT = 100


class SearchFilters(Schema):
    q: str = Field("", max_length=QUERY_MAX_LENGTH, description='Words, all of which must match; "quoted phrases"')
    type: str = Field("", max_length=50, description="A kind of result, e.g. board.post; empty for every kind")
    network: str = Field("", max_length=50, description="A network's slug; empty for every network")
    limit: int = Field(20, ge=1, le=MAX_LIMIT, description=f"Results to return, 1–{MAX_LIMIT}")


class SearchItem(Schema):
    type: str
    id: str
    title: str = Field(description="In the requester's language: English with Accept-Language en when it has one")
    date: datetime.date = Field(description="The day the item is about: an event's day, an article's publication")
    snippet: str = Field(description="HTML: the escaped text around the first match, matches in <mark>")
    url: str
    network: str | None


class SearchResults(Schema):
    count: int = Field(description=f"Matches the requester may see, counted up to {COUNT_CAP}")
    items: list[SearchItem]


@router.get("", response=SearchResults, summary="Search posts (and later events, news…)")
def search_everything(request, filters: Query[SearchFilters]):
    """Most relevant first, newest among equals; only what the requester (session or `Authorization: Bearer`)
    may read. Two-character Japanese words (観光) match exactly; width, case and kana are folded."""
    kinds = registry.types()
    if filters.type and filters.type not in kinds:
        raise HttpError(422, _("Unknown type. Choose one of: %(types)s") % {"types": ", ".join(kinds)})
    network = None
    if filters.network:
        network = Network.objects.filter(slug=filters.network).first()
        if network is None:
            raise HttpError(404, _("No network has this slug."))
    if not filters.q.strip():
        return {"count": 0, "items": []}
    count, hits = kept_search(
        filters.q, user=request_user(request), kind=filters.type, network=network, limit=filters.limit
    )
    return {
        "count": count,
        "items": [
            {
                "type": hit.type,
                "id": hit.entry.object_id,
                "title": hit.entry.display_title,
                "date": hit.entry.display_date,
                "snippet": str(hit.snippet),
                "url": absolute_url(hit.url),
                "network": hit.entry.network.slug if hit.entry.network else None,
            }
            for hit in hits
        ],
    }
