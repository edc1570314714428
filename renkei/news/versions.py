"""The version of what a network's news lists show, so their rendered pages can be cached.

Pages are kept in each process's memory (the "fragments" cache) under a key holding this
version. It changes when an article of the network is written or deleted (``news_changed``),
and when a scheduled article's time comes: the version remembers the next publication date and
is renewed once that has passed. The shared cache holds the version, so every process agrees.
"""

import datetime

from django.core.cache import cache
from django.db import transaction
from django.db.models import Min
from django.utils import timezone

VERSION_SECONDS = 3600


def _key(network_id: int) -> str:
    return f"news-version:{network_id}"


def news_version(network) -> str:
    """A string that changes whenever what the network's news lists show may have changed."""
    from renkei.news.models import Article

    now = timezone.now()
    state = cache.get(_key(network.pk))
    if state is None or (state[1] is not None and now >= state[1]):
        next_due: datetime.datetime | None = Article.objects.filter(network=network, published_at__gt=now).aggregate(
            next=Min("published_at")
        )["next"]
        state = (f"{now.timestamp():.6f}", next_due)
        cache.set(_key(network.pk), state, VERSION_SECONDS)
    return state[0]


def news_changed(network_id: int) -> None:
    """Forget the version now and once the change is committed (a reader may cache the old one meanwhile)."""
    cache.delete(_key(network_id))
    transaction.on_commit(lambda: cache.delete(_key(network_id)))
