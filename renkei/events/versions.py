"""The versions of one event, so what is drawn from it can be cached.

Two tokens live in the shared cache, so every process agrees:

- the event's version: its pages (the organiser's page of an event with a thousand
  registrants, the list of registrants) are kept under it. It changes whenever the event, a
  registration, a programme part, a question or a survey of it does (see signals.py);
- the version of its row: the event itself with its series and registration questions, which
  registering reads. Registrations and check-ins leave it alone, so a rush of registrations
  reads the row from memory while each of them still moves the pages' version.
"""

from uuid import uuid4

from django.core.cache import cache
from django.db import transaction

VERSION_SECONDS = 86400


def _key(event_id: int) -> str:
    return f"event-version:{event_id}"


def _row_key(event_id: int) -> str:
    return f"event-row-version:{event_id}"


def _token(key: str) -> str:
    return str(cache.get_or_set(key, lambda: uuid4().hex, VERSION_SECONDS))


def event_version(event_id: int) -> str:
    """A token that changes whenever anything shown on the event's pages may have changed."""
    return _token(_key(event_id))


def event_row_version(event_id: int) -> str:
    """A token that changes whenever the event's row, its series or its registration questions may have."""
    return _token(_row_key(event_id))


def event_changed(event_id: int | None, *, row: bool = True) -> None:
    """Forget the event's version (and its row's, unless ``row`` is False) now and again after the commit.

    Again after the commit, because a reader may cache the old state meanwhile.
    """
    if event_id is None:
        return
    keys = [_key(event_id), _row_key(event_id)] if row else [_key(event_id)]
    cache.delete_many(keys)
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(lambda: cache.delete_many(keys))
