"""Reads about networks that span several models: the public page, member lists, contacts.

Each function runs a fixed number of queries whatever the number of members, so the pages
and the API stay as fast for 600 members as for 6.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import groupby

from django.db.models import Count, F, Q, QuerySet
from django.utils.translation import get_language

from renkei.networks.models import Membership, Network, NetworkFigure, Officer, Tier
from renkei.organisations.models import Contact
from renkei.registry.maps import PrefectureMap, prefecture_map
from renkei.registry.models import LocalGovernment


def networks_with_member_counts() -> QuerySet[Network]:
    """All networks with ``member_count``, their active memberships, in one query."""
    return Network.objects.select_related("secretariat").annotate(
        member_count=Count("memberships", filter=Q(memberships__status=Membership.Status.ACTIVE))
    )


def active_members(network: Network) -> QuerySet[Membership]:
    """Active memberships with organisation, prefecture and tier, by prefecture then name."""
    name_order = "organisation__name_en" if (get_language() or "ja").startswith("en") else "organisation__name_kana"
    return (
        network.memberships.active()
        .select_related("organisation__prefecture", "organisation__local_government", "tier")
        .order_by(F("organisation__prefecture_id").asc(nulls_last=True), name_order, "id")
    )


def member_counts_by_prefecture(network: Network) -> dict[str, int]:
    """Active members per prefecture, keyed by two-digit prefecture code, in one query."""
    rows = (
        network.memberships.active()
        .filter(organisation__prefecture__isnull=False)
        .values("organisation__prefecture_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {row["organisation__prefecture_id"][:2]: row["n"] for row in rows}


def prefecture_names() -> dict[str, str]:
    """Prefecture names in the active language, keyed by two-digit code."""
    return {p.prefecture_code: p.display_name for p in LocalGovernment.objects.prefectures()}


@dataclass
class PrefectureGroup:
    name: str  # empty for organisations without a prefecture
    memberships: list[Membership] = field(default_factory=list)


@dataclass
class NetworkPage:
    officers: list[Officer]
    figures: list[NetworkFigure]
    tiers: Sequence[Tier]  # each with ``active_count``
    member_count: int
    groups: list[PrefectureGroup]
    map: PrefectureMap

    @property
    def figures_as_of(self):
        return self.figures[0].as_of if self.figures else None


def network_public_page(network: Network) -> NetworkPage:
    """Everything the public page of a network shows, in seven queries whatever its size."""
    officers = list(network.officers.current().select_related("organisation__local_government"))
    # Only the latest publication: figures of earlier dates are history, not the headline.
    figures = list(network.figures.all())
    figures = [f for f in figures if f.as_of == figures[0].as_of] if figures else []
    tiers = list(
        network.tiers.annotate(
            active_count=Count("memberships", filter=Q(memberships__status=Membership.Status.ACTIVE))
        )
    )
    groups = [
        PrefectureGroup(prefecture.display_name if prefecture else "", list(memberships))
        for prefecture, memberships in groupby(active_members(network), key=lambda m: m.organisation.prefecture)
    ]
    return NetworkPage(
        officers=officers,
        figures=figures,
        tiers=tiers,
        member_count=sum(t.active_count for t in tiers),
        groups=groups,
        map=prefecture_map(member_counts_by_prefecture(network), prefecture_names()),
    )


def can_see_member_contacts(user, network: Network) -> bool:
    """Whether the user is staff of an active member or of the secretariat of this network."""
    return any(network.standing_of(user))


def member_contacts(network: Network, user) -> dict[int, list[Contact]] | None:
    """Contacts of the network's active members that ``user`` may see, by organisation id.

    ``None`` when the user is neither a member nor the secretariat of this network: being a
    member elsewhere never opens this network's contacts. What is returned still goes through
    ``Contact.objects.visible_to``, the one place that decides who sees a contact.
    """
    if not can_see_member_contacts(user, network):
        return None
    contacts = (
        Contact.objects.visible_to(user)
        .filter(organisation__in=network.memberships.active().values("organisation"))
        .order_by("organisation_id", "-is_primary", "department", "person_name", "id")
    )
    return {org_id: list(group) for org_id, group in groupby(contacts, key=lambda c: c.organisation_id)}
