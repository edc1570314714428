"""Generations: the one way Renkei knows whether something it kept is still current.

A generation is a short token per scope ("board:12", "access", "user:7"), kept in the shared
cache (Redis where configured), so every process and every machine reads the same one. Whatever
is kept (a whole page, a cached read, a person's audience) is keyed by the generations of what it
depends on: ``bump`` gives a scope a new token, so everything kept under the old one is never read
again and simply ages out. Nothing has to be found and deleted.

A scope whose token is missing (never read, or evicted from the cache) gets a new one on its
next read, which can only make a kept thing be drawn afresh, never a stale one be served.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from uuid import uuid4

from django.core.cache import cache
from django.db import transaction

PREFIX = "generation:"
# The tokens read in this page view (``reading_once``).
_seen: ContextVar[dict[str, str] | None] = ContextVar("renkei_generations_seen", default=None)
# The scopes bumped inside ``bumps_together``, written when it ends.
_gathered: ContextVar[set[str] | None] = ContextVar("renkei_generations_gathered", default=None)


def _key(scope: str) -> str:
    return PREFIX + scope


def read(*scopes: str) -> tuple[str, ...]:
    """The current token of each scope, in order (one round trip to the shared cache, none for a
    scope this page view has read already: see ``reading_once``)."""
    keys = [_key(scope) for scope in scopes]
    seen = _seen.get()
    wanted = [key for key in keys if seen is None or key not in seen]
    found = cache.get_many(wanted) if wanted else {}
    for key in wanted:
        if key not in found:
            token = uuid4().hex[:16]
            # Two processes minting at once: the first one's token wins, and both use it.
            found[key] = token if cache.add(key, token, None) else (cache.get(key) or token)
    if seen is not None:
        seen.update(found)
        found = seen
    return tuple(found[key] for key in keys)


@contextmanager
def reading_once() -> Iterator[None]:
    """Within the block (a page view, which writes nothing), each scope is read from the shared
    cache once: the page's parts, its key and the reader's rights read the same generations."""
    token = _seen.set({})
    try:
        yield
    finally:
        _seen.reset(token)


class ReadingOnceMiddleware:
    """Reads each generation once per GET or HEAD request (``reading_once``)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        with reading_once():
            return self.get_response(request)


def bump(*scopes: str) -> None:
    """Give each scope a new token, now and again once the current transaction commits.

    The second time covers a request that read the old rows while the change was not yet
    committed and kept what it drew under the first new token.
    """
    if not scopes:
        return
    seen = _seen.get()
    if seen is not None:  # a page view that writes after all: read the new tokens afresh
        for scope in scopes:
            seen.pop(_key(scope), None)
    gathered = _gathered.get()
    if gathered is not None:
        gathered.update(scopes)
        return
    _renew(scopes)
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(lambda: _renew(scopes))
    # Outside a transaction the change is committed already: once is enough.


def _renew(scopes) -> None:
    cache.set_many({_key(scope): uuid4().hex[:16] for scope in scopes}, None)


@contextmanager
def bumps_together() -> Iterator[None]:
    """Gather the bumps made inside the block into one write at its end, and one after the commit.

    For a block of several writes that each bump the same scopes (a registration saves its row
    and its event's seat counts, each of which bumps the event), where nothing inside reads what
    is kept under them. The block must end before the transaction commits, as inside
    ``transaction.atomic()``.
    """
    if _gathered.get() is not None:
        yield  # gathered by an outer block already
        return
    gathered: set[str] = set()
    token = _gathered.set(gathered)
    try:
        yield
    finally:
        _gathered.reset(token)
        bump(*sorted(gathered))
