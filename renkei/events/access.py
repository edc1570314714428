"""Access helpers for events: each returns the event or raises Http404 / PermissionDenied."""

from django.core.cache import caches
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from renkei.events.models import Event
from renkei.events.versions import event_version
from renkei.lib.access import SecondFactorRequired, user_has_second_factor
from renkei.networks.models import Network


def get_visible_event(request, pk: int) -> Event:
    """An event the user may see (Event.objects.visible_to); others get a 404, not a hint it exists.

    Pages read the event kept under its version; a POST (registering, asking) reads the row
    itself: each registration changes the version, so under a rush the kept row would never be
    the current one, and reading the version would cost a cache write per request.
    """
    return visible_event(request.user, pk, fresh=request.method == "POST")


def visible_event(user, pk: int, *, fresh: bool = False) -> Event:
    """The event ``pk`` if ``user`` may see it (Event.is_visible_to, the rule of visible_to), else Http404."""
    if fresh:
        event = get_object_or_404(Event.objects.select_related("network", "series"), pk=pk)
    else:
        event = event_row(pk, event_version(pk))
    if not event.is_visible_to(user):
        raise Http404
    return event


def event_row(pk: int, version: str) -> Event:
    """The event with its network and series, kept under the event's version (see versions.py).

    Its network is the current one: networks are cached apart and forgotten when they change.
    """
    fragments = caches["fragments"]
    key = f"event-row:{pk}:{version}"
    event = fragments.get(key)
    if event is not None:
        network = Network.objects.get_cached(event.network.slug)
        if network is not None and network.pk == event.network_id:
            event.network = network
            return event
    event = get_object_or_404(Event.objects.select_related("network", "series"), pk=pk)
    fragments.set(key, event, 3600)
    return event


def get_event_for_organiser(request, pk: int) -> Event:
    """An event of a network whose secretariat the user is, signed in with two factors."""
    event = event_row(pk, event_version(pk))
    # get_network_for_secretariat's two checks, with the secretariat's standing read from the
    # network's cache (kept under its changed_at, which any change of staff moves).
    if not event.network.standing_of(request.user)[1]:
        raise PermissionDenied
    if not user_has_second_factor(request):
        raise SecondFactorRequired
    return event
