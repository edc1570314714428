"""The events panel of the secretariat's dashboard: coming events, registrations against capacity."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from renkei.events.models import Event
from renkei.networks.dashboard import Figure, Panel, panel

SHOWN = 5


@panel
def coming_events(network) -> Panel:
    events = list(
        Event.objects.filter(network=network, status=Event.Status.PUBLISHED, starts_at__gte=timezone.now())
        .only("id", "title", "starts_at", "capacity", "confirmed_count", "waitlisted_count")
        .order_by("starts_at", "id")[:SHOWN]
    )
    figures = [
        Figure(
            _("Registered: %(title)s") % {"title": event.title},
            event.confirmed_count,
            reverse("events:manage_edit", args=[event.pk]),
        )
        for event in events
    ]
    return Panel(30, _("Coming events"), "events/manage/_dashboard_panel.html", {"events": events}, figures)
