"""Access helpers for events: each returns the event or raises Http404 / PermissionDenied."""

from django.shortcuts import get_object_or_404

from renkei.events.models import Event
from renkei.lib.access import get_network_for_secretariat


def get_visible_event(request, pk: int) -> Event:
    """An event the user may see (Event.objects.visible_to); others get a 404, not a hint it exists."""
    return get_object_or_404(Event.objects.visible_to(request.user).select_related("network", "series"), pk=pk)


def get_event_for_organiser(request, pk: int) -> Event:
    """An event of a network whose secretariat the user is, signed in with two factors."""
    event = get_object_or_404(Event.objects.select_related("network", "series"), pk=pk)
    get_network_for_secretariat(request, event.network.slug)
    return event
