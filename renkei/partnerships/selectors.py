"""Reads spanning partnerships, their parties, activities and the registry."""

import datetime
from dataclasses import dataclass
from functools import cached_property

from django.db.models import Count, Prefetch
from django.utils import timezone

from renkei.lib import generations
from renkei.lib.audience import ACCESS
from renkei.lib.caching import kept
from renkei.partnerships.models import (
    SCOPE,
    Activity,
    PartnerProfile,
    Partnership,
    Party,
    country_name,
)
from renkei.registry.models import SCOPE as REGISTRY
from renkei.registry.models import LocalGovernment


def parties_prefetch() -> Prefetch:
    """The parties of each partnership with what their names need, in one query for a whole page."""
    return Prefetch(
        "parties",
        queryset=Party.objects.select_related("local_government__prefecture", "overseas_government", "organisation"),
    )


def prefecture_choices() -> list[tuple[str, str]]:
    """(code, name) of the 47 prefectures in code order, in the reader's language; kept until the registry changes."""
    rows = kept(
        "partnerships-prefectures",
        lambda: tuple(LocalGovernment.objects.prefectures().order_by("code").values_list("code", "name", "name_en")),
        86400,
        scopes=(REGISTRY,),
    )
    from django.utils.translation import get_language

    english = (get_language() or "ja").startswith("en")
    return [(code, name_en if english else name) for code, name, name_en in rows]


@dataclass
class DirectoryFilters:
    kind: str = ""
    country: str = ""
    prefecture: str = ""
    status: str = ""
    year: int | None = None
    local_government: LocalGovernment | None = None


def partnerships_for(user, filters: DirectoryFilters | None = None):
    """The partnerships ``user`` may see that match ``filters``, newest first."""
    filters = filters or DirectoryFilters()
    partnerships = Partnership.objects.visible_to(user)
    if filters.kind:
        partnerships = partnerships.filter(kind=filters.kind)
    if filters.status:
        partnerships = partnerships.filter(status=filters.status)
    if filters.year:
        partnerships = partnerships.filter(start_year=filters.year)
    if filters.country:
        partnerships = partnerships.in_country(filters.country)
    if filters.prefecture:
        partnerships = partnerships.in_prefecture(filters.prefecture)
    if filters.local_government is not None:
        partnerships = partnerships.of_local_government(filters.local_government)
    return partnerships.order_by("-established_on", "-id")


def with_parties(partnerships):
    return partnerships.prefetch_related(parties_prefetch())


def anniversary_number(partnership: Partnership, year: int) -> int:
    return year - partnership.start_year


def anniversary_window(months: int, today: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
    """From today to the same day ``months`` months later."""
    today = today or timezone.localdate()
    month = today.month - 1 + months
    year, month = today.year + month // 12, month % 12 + 1
    day = min(today.day, 28) if month == 2 else min(today.day, 30 if month in (4, 6, 9, 11) else 31)
    return today, datetime.date(year, month, day)


def anniversaries(user, *, months: int = 12, network=None, prefecture: str = "", country: str = "", today=None):
    """Partnerships ``user`` may see with a round anniversary in the next ``months`` months, soonest first.

    Each carries ``due_year``; ``anniversary_number`` gives the 10th, 30th…
    """
    first, last = anniversary_window(months, today)
    partnerships = Partnership.objects.visible_to(user)
    if network is not None:
        partnerships = partnerships.in_network(network)
    if prefecture:
        partnerships = partnerships.in_prefecture(prefecture)
    if country:
        partnerships = partnerships.in_country(country)
    return partnerships.anniversaries_between(first, last)


def counts_by_country(user) -> list[tuple[str, str, int]]:
    """(ISO code, name, partnerships) per country abroad, most first."""
    visible = Partnership.objects.visible_to(user).values("id")
    rows = (
        Party.objects.filter(partnership__in=visible)
        .exclude(country__in=["", "JP"])
        .values("country")
        .annotate(n=Count("partnership", distinct=True))
    )
    result = [(row["country"], country_name(row["country"]), row["n"]) for row in rows]
    return sorted(result, key=lambda row: (-row[2], row[1]))


def counts_by_prefecture(user) -> list[tuple[str, str, int]]:
    """(prefecture code, name, partnerships) per prefecture with a Japanese party, in code order."""
    visible = Partnership.objects.visible_to(user).values("id")
    counts = dict(
        Party.objects.filter(partnership__in=visible, prefecture__isnull=False)
        .values("prefecture")
        .annotate(n=Count("partnership", distinct=True))
        .values_list("prefecture", "n")
    )
    return [(code, name, counts[code]) for code, name in prefecture_choices() if counts.get(code)]


def activities_for(user, *, partnership: Partnership | None = None, government: LocalGovernment | None = None):
    activities = Activity.objects.visible_to(user)
    if partnership is not None:
        activities = activities.filter(partnership=partnership)
    if government is not None:
        activities = activities.of_local_government(government)
    return (
        activities.select_related("partnership", "organisation")
        .prefetch_related("photos")
        .order_by("-starts_on", "-id")
    )


SECTION_LIMIT = 50


def _activities_of(government: LocalGovernment, user) -> list[Activity]:
    """The government's own activities and those of its partnerships, newest first.

    Two index reads merged here: one query with "own or of its partnerships" would scan every activity.
    """
    visible = activities_for(user)
    own = list(visible.filter(local_government=government)[:SECTION_LIMIT])
    partnerships = Party.objects.filter(local_government=government).values("partnership_id")
    partnered = list(visible.filter(partnership__in=partnerships).exclude(local_government=government)[:SECTION_LIMIT])
    merged = sorted(own + partnered, key=lambda activity: (activity.starts_on, activity.pk), reverse=True)
    return merged[:SECTION_LIMIT]


def viewer_key(audience) -> str:
    """Which copy of a kept list a reader gets: their audience's, under the partnerships' generation.

    The drafts a reader sees and the actions they are offered follow from their audience; which
    organisations a secretariat edits for follows from memberships too, hence ``ACCESS``. The
    parties' names and the prefectures to filter by come from the registry, hence ``REGISTRY``.
    """
    return ":".join((audience.key, *generations.read(SCOPE, ACCESS, REGISTRY)))


class LocalGovernmentSection:
    """What a municipality's page shows of its partnerships and exchanges, in a fixed number of queries.

    Read only when the page's cached fragment (keyed by ``cache_key``) is missing.
    """

    def __init__(self, government: LocalGovernment, user, audience):
        self.government = government
        self.user = user
        self.cache_key = viewer_key(audience)

    @cached_property
    def partnerships(self) -> list[Partnership]:
        partnerships = partnerships_for(self.user, DirectoryFilters(local_government=self.government))
        return list(with_parties(partnerships)[:SECTION_LIMIT])

    @cached_property
    def activities(self) -> list[Activity]:
        return _activities_of(self.government, self.user)

    @cached_property
    def profile(self) -> PartnerProfile | None:
        if not self.user.is_authenticated:
            return None
        return PartnerProfile.objects.visible_to(self.user).filter(local_government=self.government).first()


def local_government_section(government: LocalGovernment, user, audience) -> LocalGovernmentSection:
    return LocalGovernmentSection(government, user, audience)
