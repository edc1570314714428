"""Partnerships in the API: /api/v1/partnerships and /api/v1/partnerships/{id}, as the pages show them."""

import datetime

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from renkei.accounts.api_auth import request_user
from renkei.lib.urls import absolute_url
from renkei.partnerships.models import Partnership, Party
from renkei.partnerships.selectors import DirectoryFilters, partnerships_for, with_parties
from renkei.registry.models import LocalGovernment

router = Router(tags=["partnerships"])

MAX_LIMIT = 100


class PartnershipFilters(Schema):
    local_government: str = Field("", pattern=r"^(\d{6})?$", description="A party's 6-digit local government code")
    country: str = Field("", pattern=r"^([A-Za-z]{2})?$", description="A party abroad: ISO 3166-1 alpha-2 code")
    kind: Partnership.Kind | None = None
    limit: int = Field(20, ge=1, le=MAX_LIMIT, description=f"Items per page, 1–{MAX_LIMIT}")
    offset: int = Field(0, ge=0)


class PartyOut(Schema):
    type: str = Field(description="local_government, overseas_government or organisation")
    code: str | None = Field(None, description="Local government code (Japan)")
    id: int | None = Field(None, description="Overseas government or organisation id")
    name: str
    name_en: str
    name_kana: str = ""
    country: str | None = None


class PartnershipOut(Schema):
    id: int
    kind: Partnership.Kind
    established_on: datetime.date
    established_precision: Partnership.Precision
    established: str = Field(description="As the pages show it: 1994年 / 2023年7月 / 2019年9月11日")
    status: Partnership.Status
    ends_on: datetime.date | None
    description_ja: str
    description_en: str
    sources: list[str]
    parties: list[PartyOut]
    url: str


class PartnershipPage(Schema):
    count: int
    items: list[PartnershipOut]


def _party(party: Party) -> dict:
    lg, g, o = party.local_government, party.overseas_government, party.organisation
    if lg is not None:
        return {
            "type": "local_government",
            "code": lg.code,
            "name": lg.name,
            "name_en": lg.name_en,
            "name_kana": lg.name_kana,
            "country": "JP",
        }
    if g is not None:
        return {
            "type": "overseas_government",
            "id": g.pk,
            "name": g.name,
            "name_en": g.name_en,
            "name_kana": g.name_kana,
            "country": g.country,
        }
    assert o is not None  # a party is exactly one of the three (party_exactly_one)
    return {
        "type": "organisation",
        "id": o.pk,
        "name": o.name_ja or o.name,
        "name_en": o.name_en or "",
        "name_kana": o.name_kana,
    }


def _item(partnership: Partnership) -> dict:
    return {
        "id": partnership.pk,
        "kind": partnership.kind,
        "established_on": partnership.established_on,
        "established_precision": partnership.established_precision,
        "established": partnership.established_display,
        "status": partnership.status,
        "ends_on": partnership.ends_on,
        "description_ja": partnership.description_ja or "",
        "description_en": partnership.description_en or "",
        "sources": [line.strip() for line in partnership.sources.splitlines() if line.strip()],
        "parties": [_party(party) for party in partnership.parties.all()],
        "url": absolute_url(reverse("partnerships:detail", kwargs={"pk": partnership.pk})),
    }


@router.get("", response=PartnershipPage, summary="List partnerships")
def list_partnerships(request, filters: Query[PartnershipFilters]):
    """Newest first; the same partnerships the directory shows the requester (drafts only to their editors)."""
    government = None
    if filters.local_government:
        government = LocalGovernment.objects.filter(code=filters.local_government).first()
        if government is None:
            raise HttpError(404, _("No local government has this code."))
    partnerships = partnerships_for(
        request_user(request),
        DirectoryFilters(kind=filters.kind or "", country=filters.country.upper(), local_government=government),
    )
    page = with_parties(partnerships)[filters.offset : filters.offset + filters.limit]
    return {"count": partnerships.count(), "items": [_item(p) for p in page]}


@router.get("/{int:partnership_id}", response=PartnershipOut, summary="One partnership")
def get_partnership(request, partnership_id: int):
    partnerships = with_parties(Partnership.objects.visible_to(request_user(request)))
    return _item(get_object_or_404(partnerships, pk=partnership_id))
