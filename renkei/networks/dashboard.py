"""The secretariat's dashboard: the network's own figures, and a panel from each feature app.

The networks app knows no feature app. Each one registers a panel at start-up (from its
AppConfig.ready) with ``panel``; the dashboard draws every panel and exports every figure.
A panel reads a fixed number of queries whatever the network's size, and names the generation
scopes of what it shows: the page is kept under all of them (``dashboard_scopes``).
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db.models import Count, Q, Sum
from django.utils import timezone

from renkei.lib.dates import fiscal_year, fiscal_year_label
from renkei.lib.worklists import network_work
from renkei.networks.models import Application, Invoice, Membership, Network, network_scope
from renkei.networks.selectors import member_counts_by_prefecture, prefecture_names
from renkei.registry.maps import PrefectureMap, prefecture_map


@dataclass(frozen=True)
class Figure:
    """One exported figure: what it counts, its value, and where the work on it is done."""

    label: str
    value: int
    url: str = ""


@dataclass(frozen=True)
class Panel:
    """A card of the dashboard, drawn with ``template`` and ``context``; ``figures`` are exported."""

    order: int
    title: str
    template: str
    context: dict = field(default_factory=dict)
    figures: list[Figure] = field(default_factory=list)


_PANELS: list[Callable[[Network], Panel]] = []
_SCOPES: dict[Callable[[Network], Panel], Callable[[Network], Iterable[str]]] = {}


def panel(*, scopes: Callable[[Network], Iterable[str]]):
    """Register a feature's panel; it is called with the network each time the dashboard is drawn.

    ``scopes(network)`` names the generations of everything the panel shows.
    """

    def register(build: Callable[[Network], Panel]) -> Callable[[Network], Panel]:
        if build not in _PANELS:
            _PANELS.append(build)
        _SCOPES[build] = scopes
        return build

    return register


def panels(network: Network) -> list[Panel]:
    return sorted((build(network) for build in _PANELS), key=lambda p: p.order)


def dashboard_scopes(network: Network) -> tuple[str, ...]:
    """What the dashboard shows, as generation scopes: the network's own (members, tiers,
    applications, invoices) and each panel's."""
    own = (network_scope(network.pk), network_work(network.pk))
    return (*own, *(scope for build in _PANELS for scope in _SCOPES[build](network)))


# The growth chart's geometry, in SVG units: one bar every STEP, the tallest TALLEST high on BASE.
STEP, BAR, TALLEST, BASE = 64, 44, 150, 180


@dataclass(frozen=True)
class YearBar:
    label: str
    members: int
    index: int
    height: int

    @property
    def x(self) -> int:
        return 10 + self.index * STEP

    @property
    def middle(self) -> int:
        return self.x + BAR // 2

    @property
    def top(self) -> int:
        return BASE - self.height


def chart_width(bars: list[YearBar]) -> int:
    return 20 + len(bars) * STEP


@dataclass(frozen=True)
class UnpaidYear:
    year: int
    label: str
    count: int
    total: int


@dataclass(frozen=True)
class NetworkFigures:
    tiers: list  # each with ``active_members``
    pending_applications: int
    unpaid: list[UnpaidYear]
    map: PrefectureMap
    growth: list[YearBar]

    @property
    def active_total(self) -> int:
        return sum(tier.active_members for tier in self.tiers)

    @property
    def chart_width(self) -> int:
        return chart_width(self.growth)


def unpaid_by_year(network: Network) -> list[UnpaidYear]:
    """Unpaid invoices and their total for each fiscal year that has any, newest first."""
    rows = (
        Invoice.objects.filter(membership__network=network, paid_on__isnull=True)
        .values("fiscal_year")
        .annotate(count=Count("id"), total=Sum("amount"))
        .order_by("-fiscal_year")
    )
    return [UnpaidYear(r["fiscal_year"], fiscal_year_label(r["fiscal_year"]), r["count"], r["total"]) for r in rows]


def _count_by(memberships, day: str) -> dict[datetime.date, int]:
    rows = memberships.filter(**{f"{day}__isnull": False}).values(day).annotate(n=Count("id")).order_by()
    return {row[day]: row["n"] for row in rows}


def growth_by_year(network: Network, today: datetime.date | None = None) -> list[YearBar]:
    """Members at the end of each fiscal year (31 March), from the first year anyone joined to this one."""
    today = today or timezone.localdate()
    joined = _count_by(network.memberships.exclude(status=Membership.Status.APPLIED), "joined_on")
    left = _count_by(network.memberships.all(), "left_on")
    if not joined:
        return []
    first, last = fiscal_year(min(joined)), fiscal_year(today)
    counts = []
    for year in range(first, last + 1):
        end = datetime.date(year + 1, 3, 31)
        members = sum(n for day, n in joined.items() if day <= end) - sum(n for day, n in left.items() if day <= end)
        counts.append((fiscal_year_label(year), max(members, 0)))
    tallest = max((n for _, n in counts), default=0) or 1
    return [YearBar(label, n, index, round(TALLEST * n / tallest)) for index, (label, n) in enumerate(counts)]


def network_figures(network: Network) -> NetworkFigures:
    tiers = network.tiers.annotate(
        active_members=Count("memberships", filter=Q(memberships__status=Membership.Status.ACTIVE))
    )
    return NetworkFigures(
        tiers=list(tiers),
        pending_applications=network.applications.filter(status=Application.Status.PENDING).count(),
        unpaid=unpaid_by_year(network),
        map=prefecture_map(member_counts_by_prefecture(network), prefecture_names()),
        growth=growth_by_year(network),
    )
