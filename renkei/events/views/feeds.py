"""iCalendar files: one event's, and feeds of a network's and of all public events.

Feeds are fetched by calendar apps, without anyone signed in: they always show what an
anonymous visitor may see, whoever asks.
"""

from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from renkei.events import ics
from renkei.events.access import get_visible_event
from renkei.events.models import Event
from renkei.networks.models import Network

FEED_MAX_AGE = 900


def _response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def event_ics(request, pk: int):
    event = get_visible_event(request, pk)
    return _response(ics.event_ics(event), f"event-{event.pk}.ics")


def _public_events():
    return Event.objects.visible_to(AnonymousUser()).select_related("network")


def calendar_ics(request):
    events = ics.feed_window(_public_events())
    response = _response(ics.events_ics(events, name=_("Renkei events")), "renkei-events.ics")
    response["Cache-Control"] = f"public, max-age={FEED_MAX_AGE}"
    return response


def network_ics(request, slug: str):
    network = get_object_or_404(Network, slug=slug)
    events = ics.feed_window(_public_events().filter(network=network))
    response = _response(ics.events_ics(events, name=network.name), f"{network.slug}-events.ics")
    response["Cache-Control"] = f"public, max-age={FEED_MAX_AGE}"
    return response
