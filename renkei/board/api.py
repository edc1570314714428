"""Board posts in the API: /api/v1/posts, the posts the requester may read, newest first or by relevance."""

import datetime

from django.db.models import CharField
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from renkei.accounts.api_auth import request_user
from renkei.board.models import Category, Post
from renkei.lib.urls import absolute_url
from renkei.networks.models import Network
from renkei.search.forms import QUERY_MAX_LENGTH
from renkei.search.selectors import entries_visible_to, search, search_count

router = Router(tags=["board"])

MAX_LIMIT = 100
SEARCH_TYPE = "board.post"


class PostFilters(Schema):
    network: str = Field("", max_length=50, description="A network's slug; empty for every network")
    category: int | None = Field(None, ge=1, description="A board category's id")
    q: str = Field("", max_length=QUERY_MAX_LENGTH, description="Search words: results by relevance instead of date")
    limit: int = Field(20, ge=1, le=MAX_LIMIT, description=f"Posts per page, 1–{MAX_LIMIT}")
    offset: int = Field(0, ge=0)


class PostOut(Schema):
    id: int
    title: str
    network: str
    network_name: str
    category: int
    category_name: str
    author_organisation: str
    visibility: Post.Visibility
    deadline: datetime.date | None
    closed: bool
    pinned: bool
    reply_count: int
    created_at: datetime.datetime
    updated_at: datetime.datetime
    url: str
    snippet: str | None = Field(None, description="With q: HTML, the escaped text around the match in <mark>")


class PostPage(Schema):
    count: int
    items: list[PostOut]


@router.get("", response=PostPage, summary="List and search board posts")
def list_posts(request, filters: Query[PostFilters]):
    """Only posts the requester (session or `Authorization: Bearer`) may read: public posts for everyone,
    signed-in posts for any signed-in user, members' posts for that network's members and secretariat.
    Without `q`, newest first; with `q`, most relevant first (`count` then stops at 1,000)."""
    user = request_user(request)
    network = None
    if filters.network:
        network = Network.objects.filter(slug=filters.network).first()
        if network is None:
            raise HttpError(404, _("No network has this slug."))
    posts = Post.objects.visible_to(user)
    if network is not None:
        posts = posts.filter(network=network)
    if filters.category is not None:
        categories = Category.objects.filter(pk=filters.category)
        if network is not None:
            categories = categories.filter(network=network)
        if not categories.exists():
            raise HttpError(404, _("No board category has this id."))
        posts = posts.filter(category_id=filters.category)
    posts = posts.select_related("network", "category", "author_organisation")
    if filters.q.strip():
        return _search(filters, posts, user, network)
    page = posts.order_by("-created_at", "-id")[filters.offset : filters.offset + filters.limit]
    return {"count": posts.count(), "items": [_item(post) for post in page]}


def _search(filters: PostFilters, posts, user, network) -> dict:
    # Search within exactly the posts listed without q, so both read Post.objects.visible_to.
    keys = posts.order_by().annotate(key=Cast("pk", CharField())).values("key")
    entries = entries_visible_to(user, kind=SEARCH_TYPE, network=network).filter(object_id__in=keys)
    hits = search(filters.q, entries=entries, limit=filters.limit, offset=filters.offset)
    found = posts.in_bulk([int(hit.entry.object_id) for hit in hits])
    items = [
        _item(found[int(hit.entry.object_id)], snippet=str(hit.snippet))
        for hit in hits
        if int(hit.entry.object_id) in found
    ]
    return {"count": search_count(filters.q, entries=entries), "items": items}


def _item(post: Post, snippet: str | None = None) -> dict:
    return {
        "id": post.pk,
        "title": post.title,
        "network": post.network.slug,
        "network_name": post.network.name,
        "category": post.category_id,
        "category_name": post.category.name,
        "author_organisation": post.author_organisation.name,
        "visibility": post.visibility,
        "deadline": post.deadline,
        "closed": post.is_closed,
        "pinned": post.pinned,
        "reply_count": post.reply_count,
        "created_at": post.created_at,
        "updated_at": post.updated_at,
        "url": absolute_url(reverse("board:post_detail", kwargs={"slug": post.network.slug, "pk": post.pk})),
        "snippet": snippet,
    }
