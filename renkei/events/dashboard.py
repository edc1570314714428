"""The events panel of the secretariat's dashboard: coming events, registrations against capacity."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from renkei.events.models import Event
from renkei.events.versions import EVENTS, event_scope
from renkei.lib.caching import kept
from renkei.lib.dates import ten_minutes
from renkei.networks.dashboard import Figure, Panel, panel

SHOWN = 5


def _coming(network):
    return Event.objects.filter(network=network, status=Event.Status.PUBLISHED, starts_at__gte=timezone.now()).order_by(
        "starts_at", "id"
    )[:SHOWN]


def _scopes(network) -> tuple[str, ...]:
    # Which events are coming changes with the calendar (and the time, which the page's key
    # names); their registrations with each event's own generation.
    def build() -> list[int]:
        return list(_coming(network).values_list("pk", flat=True))

    ids = kept(f"dashboard-events:{network.pk}:{ten_minutes()[0]}", build, 600, scopes=(EVENTS,))
    return (EVENTS, *(event_scope(pk) for pk in ids))


@panel(scopes=_scopes)
def coming_events(network) -> Panel:
    events = list(_coming(network).only("id", "title", "starts_at", "capacity", "confirmed_count", "waitlisted_count"))
    figures = [
        Figure(
            _("Registered: %(title)s") % {"title": event.title},
            event.confirmed_count,
            reverse("events:manage_edit", args=[event.pk]),
        )
        for event in events
    ]
    return Panel(30, _("Coming events"), "events/manage/_dashboard_panel.html", {"events": events}, figures)
