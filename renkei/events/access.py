"""Access helpers for events: each returns the event or raises Http404 / PermissionDenied."""

from django.core.cache import caches
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from renkei.events.models import Event
from renkei.events.versions import event_row_version, event_version
from renkei.networks.access import SecondFactorRequired, user_has_second_factor
from renkei.networks.models import Network


def get_visible_event(request, pk: int) -> Event:
    """An event the user may see (Event.objects.visible_to); others get a 404, not a hint it exists.

    Pages read the event kept under its version. A POST (registering, asking) reads it kept under
    its row's version, which registrations leave alone: each registration changes the pages'
    version, so under a rush a row kept under that would never be the current one.
    """
    return visible_event(request.user, pk, writing=request.method == "POST")


def visible_event(user, pk: int, *, writing: bool = False) -> Event:
    """The event ``pk`` if ``user`` may see it (Event.is_visible_to, the rule of visible_to), else Http404.

    ``writing``: for a request that writes (registering, asking): the event comes with its
    registration questions, and its seat counts may be behind; whatever decides a seat reads
    them again from the locked row.
    """
    if writing:
        event = event_row(pk, f"row-{event_row_version(pk)}", questions=True)
    else:
        event = event_row(pk, event_version(pk))
    if not event.is_visible_to(user):
        raise Http404
    return event


def event_row(pk: int, version: str, *, questions: bool = False) -> Event:
    """The event with its network and series (and its registration questions), kept under ``version``.

    Its network is the current one: networks are cached apart and forgotten when they change.
    """
    fragments = caches["fragments"]
    key = f"event-row:{pk}:{version}:{int(questions)}"
    event = fragments.get(key)
    if event is not None:
        network = Network.objects.get_cached(event.network.slug)
        if network is not None and network.pk == event.network_id:
            event.network = network
            return event
    rows = Event.objects.select_related("network", "series")
    if questions:
        rows = rows.prefetch_related("registration_questions")
    event = get_object_or_404(rows, pk=pk)
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
