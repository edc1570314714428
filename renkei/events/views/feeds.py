"""iCalendar files: one event's, and feeds of a network's and of all public events.

Feeds are fetched by calendar apps, without anyone signed in: they always show what an
anonymous visitor may see, whoever asks.
"""

from django.contrib.auth.models import AnonymousUser
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from renkei.events import ics
from renkei.events.access import get_visible_event
from renkei.events.models import Event
from renkei.events.versions import EVENTS
from renkei.lib.caching import fragment
from renkei.networks.models import Network, network_scope

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


def _feed(name: str, events, filename: str, scope: str, scopes: tuple[str, ...] = (EVENTS,)) -> HttpResponse:
    # Written once per version of the events (and per day, as the window moves) and language,
    # and kept in each process's memory: every calendar app polling the feed afterwards reads it
    # from there. The version comes from the shared cache, so a change shows at once.
    key = f"events-feed:{scope}:{get_language()}:{timezone.localdate():%Y%m%d}"
    content = fragment(
        key, lambda: ics.events_ics(ics.feed_window(events), name=name), scopes=scopes, timeout=FEED_MAX_AGE
    )
    response = _response(content, filename)
    response["Cache-Control"] = f"public, max-age={FEED_MAX_AGE}"
    return response


def calendar_ics(request):
    return _feed(_("Renkei events"), _public_events(), "renkei-events.ics", "all")


def network_ics(request, slug: str):
    network = Network.objects.get_cached(slug)
    if network is None:
        raise Http404
    events = _public_events().filter(network=network)
    return _feed(
        network.name, events, f"{network.slug}-events.ics", f"network-{network.pk}", (EVENTS, network_scope(network.pk))
    )
