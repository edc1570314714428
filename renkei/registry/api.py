from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema
from ninja.errors import HttpError

from renkei.registry.codes import is_valid_code
from renkei.registry.models import LocalGovernment
from renkei.registry.regions import Region

router = Router(tags=["local governments"])


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
    q: str = ""
    prefecture: str = ""
    region: Region | None = None
    kind: LocalGovernment.Kind | None = None
    limit: int = 50
    offset: int = 0


@router.get("", response=LocalGovernmentPage, summary="List and search local governments")
def list_local_governments(request, filters: Query[LocalGovernmentFilters]):
    """`q` matches kanji, kana (either script or width) and romaji, like the site's search."""
    if not 1 <= filters.limit <= 500 or filters.offset < 0:
        raise HttpError(422, "limit must be 1–500 and offset ≥ 0")
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
    if not is_valid_code(code):
        raise HttpError(404, "No local government has this code")
    return get_object_or_404(LocalGovernment, code=code)
