"""The registry in the API: /api/v1/local-governments and /api/v1/local-governments/{code}."""

from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from renkei.lib.caching import fragment
from renkei.registry.codes import is_valid_code
from renkei.registry.models import SCOPE, LocalGovernment
from renkei.registry.regions import Region

router = Router(tags=["local governments"])

MAX_LIMIT = 500


class LocalGovernmentOut(Schema):
    code: str
    name: str
    name_kana: str
    name_en: str
    kind: LocalGovernment.Kind
    prefecture_code: str
    region: Region
    lat: float | None
    lng: float | None


class LocalGovernmentPage(Schema):
    count: int
    items: list[LocalGovernmentOut]


class LocalGovernmentFilters(Schema):
    q: str = Field("", max_length=100, description="Name in kanji, kana (either script or width) or romaji, or code")
    prefecture: str = Field("", pattern=r"^(\d{2}|\d{6})?$", description="Prefecture code: 2 digits (27) or 6 (270008)")
    region: Region | None = None
    kind: LocalGovernment.Kind | None = None
    limit: int = Field(50, ge=1, le=MAX_LIMIT, description=f"Items per page, 1–{MAX_LIMIT}")
    offset: int = Field(0, ge=0)


@router.get("", response=LocalGovernmentPage, summary="List and search local governments")
def list_local_governments(request, filters: Query[LocalGovernmentFilters]):
    """In 五十音 order of `name_kana`; the code breaks ties."""
    # The registry changes a few times a year: answers are kept under its version, per filters.
    return fragment(f"api-local-governments:{filters.model_dump_json()}", lambda: _page(filters), scopes=(SCOPE,))


def _page(filters: LocalGovernmentFilters) -> dict:
    queryset = LocalGovernment.objects.all()
    if filters.q:
        queryset = queryset.search(filters.q)
    if filters.prefecture:
        queryset = queryset.filter(code__startswith=filters.prefecture[:2])
    if filters.region:
        queryset = queryset.filter(region=filters.region)
    if filters.kind:
        queryset = queryset.filter(kind=filters.kind)
    queryset = queryset.in_display_order()
    return {"count": queryset.count(), "items": list(queryset[filters.offset : filters.offset + filters.limit])}


@router.get("/{code}", response=LocalGovernmentOut, summary="One local government by its code")
def get_local_government(request, code: str):
    """`code` is the 6-digit 全国地方公共団体コード with its check digit, e.g. 032115 (釜石市)."""
    if not is_valid_code(code):
        raise HttpError(404, "No local government has this code")
    return get_object_or_404(LocalGovernment, code=code)
