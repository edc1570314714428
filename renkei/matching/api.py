"""Needs, offers and programmes in the API, with the same visibility as the pages, and suggestions."""

import datetime

from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import Field, Query, Router, Schema

from renkei.accounts.api_auth import request_user
from renkei.lib.urls import absolute_url
from renkei.matching import selectors
from renkei.matching.access import acting_organisation
from renkei.matching.models import Need, Offer, Programme

needs_router = Router(tags=["needs"])
offers_router = Router(tags=["offers"])
programmes_router = Router(tags=["programmes"])

MAX_LIMIT = 100


class Paging(Schema):
    limit: int = Field(20, ge=1, le=MAX_LIMIT, description=f"Items per page, 1–{MAX_LIMIT}")
    offset: int = Field(0, ge=0)


class NeedOut(Schema):
    id: int
    title: str
    description: str
    organisation: str
    themes: list[str]
    partner_kinds: list[str]
    timeline: str
    scale: str
    visibility: str
    status: str
    created_at: datetime.datetime
    url: str


class OfferOut(Schema):
    id: int
    title: str
    description: str
    organisation: str
    themes: list[str]
    regions: list[str]
    scale: str
    examples: str
    status: str
    created_at: datetime.datetime
    url: str


class ProgrammeOut(Schema):
    id: int
    agency: str
    title: str
    description: str
    eligibility: str
    themes: list[str]
    deadline: datetime.date | None
    link: str
    network: str
    is_draft: bool = Field(description="A draft is shown to its publisher and the network's secretariat only")
    created_at: datetime.datetime
    url: str


class NeedPage(Schema):
    count: int
    items: list[NeedOut]


class OfferPage(Schema):
    count: int
    items: list[OfferOut]


class ProgrammePage(Schema):
    count: int
    items: list[ProgrammeOut]


class SuggestionOut(Schema):
    type: str = Field(description='"offer", or "need" for a municipality with a similar need')
    id: int
    title: str
    score: float
    reasons: list[str]


class SuggestionList(Schema):
    items: list[SuggestionOut]


def _page(queryset, paging: Paging, item) -> dict:
    rows = queryset.prefetch_related("themes")[paging.offset : paging.offset + paging.limit]
    return {"count": queryset.count(), "items": [item(row) for row in rows]}


def _slugs(obj) -> list[str]:
    return [theme.slug for theme in obj.themes.all()]


@needs_router.get("", response=NeedPage, summary="List needs")
def list_needs(request, paging: Query[Paging]):
    """Open needs the requester may see, newest first: public ones for everyone, members' ones for staff of
    a network's member organisation or secretariat."""
    needs = Need.objects.visible_to(request_user(request)).open().select_related("organisation")
    return _page(
        needs,
        paging,
        lambda n: {
            "id": n.pk,
            "title": n.title,
            "description": n.description,
            "organisation": n.organisation.name,
            "themes": _slugs(n),
            "partner_kinds": n.partner_kinds,
            "timeline": n.timeline,
            "scale": n.scale,
            "visibility": n.visibility,
            "status": n.status,
            "created_at": n.created_at,
            "url": absolute_url(reverse("matching:need_detail", args=[n.pk])),
        },
    )


@needs_router.get("/{need_id}/suggestions", response=SuggestionList, summary="Suggestions for a need")
def need_suggestions(request, need_id: int):
    """Ranked offers and municipalities with a similar need, best first, each with why it is suggested.
    404 when the requester may not see the need."""
    user = request_user(request)
    need = get_object_or_404(Need.objects.visible_to(user).select_related("organisation"), pk=need_id)
    found = selectors.need_suggestions(need, user=user, viewer=acting_organisation(user))
    items = sorted(found["offers"] + found["partners"], key=lambda s: -s.score)
    return {
        "items": [
            {"type": s.type, "id": s.obj.pk, "title": s.obj.title, "score": round(s.score, 4), "reasons": s.reasons}
            for s in items
        ]
    }


@offers_router.get("", response=OfferPage, summary="List offers")
def list_offers(request, paging: Query[Paging]):
    """Open offers, newest first."""
    offers = Offer.objects.visible_to(request_user(request)).filter(status=Offer.Status.OPEN)
    return _page(
        offers.select_related("organisation"),
        paging,
        lambda o: {
            "id": o.pk,
            "title": o.title,
            "description": o.description,
            "organisation": o.organisation.name,
            "themes": _slugs(o),
            "regions": o.regions,
            "scale": o.scale,
            "examples": o.examples,
            "status": o.status,
            "created_at": o.created_at,
            "url": absolute_url(reverse("matching:offer_detail", args=[o.pk])),
        },
    )


@programmes_router.get("", response=ProgrammePage, summary="List programmes")
def list_programmes(request, paging: Query[Paging]):
    """Programmes the requester may see, newest first: public ones, and members' ones for the network's
    members and secretariat, the organisations targeted and the publisher; drafts for the publisher and
    the secretariat only."""
    programmes = Programme.objects.visible_to(request_user(request)).select_related("network")
    return _page(
        programmes,
        paging,
        lambda p: {
            "id": p.pk,
            "agency": p.agency,
            "title": p.title,
            "description": p.description,
            "eligibility": p.eligibility,
            "themes": _slugs(p),
            "deadline": p.deadline,
            "link": p.link,
            "network": p.network.slug,
            "is_draft": p.is_draft,
            "created_at": p.created_at,
            "url": absolute_url(reverse("matching:programme_detail", args=[p.pk])),
        },
    )
