"""What the two homes show: a person's own work once signed in, and the public side of Renkei.

Each reads a fixed number of queries however many posts, events, programmes or notifications
there are: every list is sliced in the database, and nothing is read row by row.
"""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser
from django.db.models import Prefetch
from django.utils import timezone

from renkei.board import selectors as board
from renkei.board.selectors import board_scope
from renkei.events import selectors as events
from renkei.events.models import Event, Registration
from renkei.events.versions import EVENTS
from renkei.lib.audience import Audience
from renkei.lib.worklists import organisation_work, person_work
from renkei.matching import selectors as matching
from renkei.matching.models import Introduction, ProgrammeTarget
from renkei.networks.models import Network, NetworkFigure, network_scope
from renkei.networks.selectors import networks_with_member_counts
from renkei.news.models import Article
from renkei.news.selectors import latest_public_articles
from renkei.news.versions import public_scope
from renkei.notifications.models import Notification
from renkei.notifications.selectors import unread_of
from renkei.organisations.models import Organisation
from renkei.organisations.selectors import organisations_to_confirm

# How many of each kind a home lists; the rest is one link away, where the work is done.
NEW_POSTS = 3
ROWS = 5
COMING_EVENTS = 6
NEWS = 5
# A post older than this is not new on the home, even to someone who never opened the board:
# it also bounds what the database reads for a board of a million posts.
NEW_FOR_AT_MOST = datetime.timedelta(days=14)


@dataclass
class NetworkRow:
    network: Network
    member: bool
    secretariat: bool
    new_posts: list = field(default_factory=list)
    more_new: bool = False


@dataclass
class PersonalHome:
    networks: list[NetworkRow]
    registrations: list[Registration]
    surveys: list[Registration]
    programmes: list[ProgrammeTarget]
    to_confirm: list[Organisation]
    introductions: list[Introduction]
    unread_count: int
    notifications: list[Notification]

    @property
    def has_work(self) -> bool:
        return bool(
            self.registrations
            or self.surveys
            or self.programmes
            or self.to_confirm
            or self.introductions
            or self.unread_count
            or any(row.new_posts for row in self.networks)
        )


def personal_home_scopes(user, audience: Audience) -> tuple[str, ...]:
    """What the personal home shows, as generation scopes: the boards and pages of the person's
    networks, the calendar, their own list and their organisations' (``renkei.lib.worklists``)."""
    networks = sorted(audience.open_networks)
    return (
        *(board_scope(pk) for pk in networks),
        *(network_scope(pk) for pk in networks),
        EVENTS,
        person_work(user.pk),
        *(organisation_work(pk) for pk in sorted(audience.organisations)),
    )


def personal_home(user, audience: Audience, now: datetime.datetime | None = None) -> PersonalHome:
    """What is waiting for ``user``: new posts in their networks, tickets, surveys, programmes,
    contacts, introductions and notifications; only their own organisations' rows."""
    now = now or timezone.now()
    networks = list(Network.objects.filter(pk__in=sorted(audience.open_networks)).order_by("pk"))
    visits = board.last_board_visits(user, [network.pk for network in networks])
    floor = now - NEW_FOR_AT_MOST
    since = {network.pk: max(visits.get(network.pk, floor), floor) for network in networks}
    # One more than shown, to know whether there are more.
    posts = board.new_posts(audience, user, since, per_network=NEW_POSTS + 1)
    rows = []
    for network in networks:
        found = posts.get(network.pk, [])
        rows.append(
            NetworkRow(
                network=network,
                member=audience.is_member(network.pk),
                secretariat=audience.runs(network.pk),
                new_posts=found[:NEW_POSTS],
                more_new=len(found) > NEW_POSTS,
            )
        )
    unread_count, notifications = unread_of(user, limit=ROWS)
    return PersonalHome(
        networks=rows,
        registrations=events.coming_registrations(user, limit=ROWS, now=now),
        surveys=events.surveys_waiting(user, limit=ROWS, now=now),
        programmes=matching.programmes_to_mark(audience.organisations, limit=ROWS),
        to_confirm=organisations_to_confirm(audience.organisations),
        introductions=matching.introductions_waiting(audience.organisations, limit=ROWS),
        unread_count=unread_count,
        notifications=notifications,
    )


@dataclass
class PublicHome:
    events: list[Event]
    articles: list[Article]
    networks: Sequence[Network]


def public_home_scopes() -> tuple[str, ...]:
    """What the public home shows, as generation scopes: the calendar, and the public side of every
    network at once (their news, names, figures and member counts). Two, however many networks
    there are: a visitor's request reads no row and a constant number of generations."""
    return (EVENTS, public_scope())


def public_home(now: datetime.datetime | None = None) -> PublicHome:
    """Coming public events, the latest public news of every network, and the networks with their figures."""
    now = now or timezone.now()
    # Not yet begun, rather than not yet over (``upcoming``): the calendar's index then serves the
    # range from now on, instead of every event of the longest event's span before now.
    coming = (
        Event.objects.visible_to(AnonymousUser())
        .filter(status=Event.Status.PUBLISHED, starts_at__gte=now)
        .order_by("starts_at", "id")
        .select_related("network")[:COMING_EVENTS]
    )
    latest_figures = NetworkFigure.objects.order_by("-as_of", "order", "id")
    networks = list(
        networks_with_member_counts()
        .prefetch_related(Prefetch("figures", queryset=latest_figures, to_attr="all_figures"))
        .order_by("pk")
    )
    for network in networks:
        # Only the latest publication, as on the network's page.
        figures = network.all_figures
        network.latest_figures = [f for f in figures if f.as_of == figures[0].as_of] if figures else []  # type: ignore[attr-defined]
    return PublicHome(
        events=list(coming),
        articles=latest_public_articles([network.pk for network in networks], limit=NEWS),
        networks=networks,
    )
