"""Events in site search: one entry per published (or cancelled) event, found as the calendar shows it.

The entry's visibility follows Event.objects.visible_to: a public event is found by anyone, a
members-only event by the staff of its network's members and secretariat (the members' entries
of renkei.search, scoped like board posts), a draft by nobody.
"""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from renkei.events.models import Event
from renkei.search import registry
from renkei.search.models import SearchEntry
from renkei.search.registry import Document
from renkei.search.services import search_sync

VISIBILITY = {
    Event.Visibility.PUBLIC: SearchEntry.Visibility.PUBLIC,
    Event.Visibility.MEMBERS: SearchEntry.Visibility.MEMBERS,
}


def _document(event: Event) -> Document:
    return Document(
        obj=event,
        title=event.title_ja or event.title,  # type: ignore[attr-defined]
        title_en=event.title_en or "",  # type: ignore[attr-defined]
        happens_on=timezone.localdate(event.starts_at),
        body="\n".join(
            filter(
                None,
                [
                    event.summary_ja,  # type: ignore[attr-defined]
                    event.summary_en,  # type: ignore[attr-defined]
                    event.venue_ja,  # type: ignore[attr-defined]
                    event.venue_en,  # type: ignore[attr-defined]
                    event.organiser_name_ja,  # type: ignore[attr-defined]
                    event.organiser_name_en,  # type: ignore[attr-defined]
                ],
            )
        ),
        network=event.network,
        visibility=VISIBILITY[Event.Visibility(event.visibility)],
        updated_at=event.updated_at,
    )


def event_reindex(event: Event) -> None:
    """Bring the event's search entry up to date: drafts are taken out of search, as from the calendar."""
    search_sync(_document(event))


def _search_documents():
    events = Event.objects.out().select_related("network").order_by("id")
    for event in events.iterator(chunk_size=2000):
        yield _document(event)


def _search_url(entry) -> str:
    return reverse("events:detail", args=[int(entry.object_id)])


def register_search() -> None:
    """Let ``search_rebuild`` rebuild the events, and the search page link to them."""
    registry.register("events.Event", _search_documents, label=gettext_lazy("Events"), url=_search_url)
