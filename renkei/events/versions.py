"""The version of one event's pages, so their rendered parts can be cached.

The organiser's page of an event with a thousand registrants, and its list of registrants,
keep their rendered parts in each process's memory (the "fragments" cache) under this token.
It lives in the shared cache, so every process agrees, and changes whenever the event, a
registration, a programme part, a question or a survey of it does (see signals.py).
"""

from uuid import uuid4

from django.core.cache import cache
from django.db import transaction

VERSION_SECONDS = 86400


def _key(event_id: int) -> str:
    return f"event-version:{event_id}"


def event_version(event_id: int) -> str:
    """A token that changes whenever anything shown on the event's pages may have changed."""
    return str(cache.get_or_set(_key(event_id), lambda: uuid4().hex, VERSION_SECONDS))


def event_changed(event_id: int | None) -> None:
    """Forget the event's version now and again after the commit (a reader may cache the old one meanwhile)."""
    if event_id is None:
        return
    cache.delete(_key(event_id))
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(lambda: cache.delete(_key(event_id)))
