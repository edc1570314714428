"""The generations of one event and of the calendars, so what is drawn from them can be kept.

- the event's scope: its pages (the organiser's page of an event with a thousand registrants,
  the list of registrants) are kept under it. It is bumped whenever the event, a registration,
  a programme part, a question or a survey of it changes (see signals.py);
- its row's scope: the event itself with its series and registration questions, which
  registering reads. Registrations and check-ins leave it alone, so a rush of registrations
  reads the row from memory while each of them still bumps the pages' scope;
- ``EVENTS``: what calendars and feeds show of every event.
"""

from renkei.lib import generations

EVENTS = "events"


def event_scope(event_id: int) -> str:
    return f"event:{event_id}"


def event_row_scope(event_id: int) -> str:
    return f"event-row:{event_id}"


def event_version(event_id: int) -> str:
    """The event's generation, for the fragments its templates keep."""
    return generations.read(event_scope(event_id))[0]


def event_row_version(event_id: int) -> str:
    """The generation of the event's row, its series and its registration questions."""
    return generations.read(event_row_scope(event_id))[0]


def event_changed(event_id: int | None, *, row: bool = True) -> None:
    """Bump the event's scope (and its row's, unless ``row`` is False)."""
    if event_id is None:
        return
    generations.bump(*([event_scope(event_id), event_row_scope(event_id)] if row else [event_scope(event_id)]))
