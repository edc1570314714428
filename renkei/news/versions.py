"""The generation of what a network's news shows, so its drawn pages can be kept.

It is bumped when an article of the network is written or deleted (``news_changed``), and when a
scheduled article's time comes: the next publication date is kept under the current generation,
and the first read past it bumps the generation, so the article shows at once.
"""

import datetime

from django.core.cache import cache
from django.db.models import Min
from django.utils import timezone

from renkei.lib import generations

VERSION_SECONDS = 3600


def _scope(network_id: int) -> str:
    return f"news:{network_id}"


def news_scope(network) -> str:
    """The network's news scope, bumped first should a scheduled article have become published."""
    from renkei.news.models import Article

    scope = _scope(network.pk)
    key = f"news-next-due:{network.pk}:{generations.read(scope)[0]}"
    due: datetime.datetime | None = cache.get(key)
    now = timezone.now()
    if due is None:
        due = Article.objects.filter(network=network, published_at__gt=now).aggregate(next=Min("published_at"))["next"]
        # None is what a miss reads as: a network with nothing scheduled keeps the date furthest away.
        due = due or datetime.datetime.max.replace(tzinfo=datetime.UTC)
        cache.set(key, due, VERSION_SECONDS)
    if now >= due:
        generations.bump(scope)
    return scope


def news_changed(network_id: int) -> None:
    generations.bump(_scope(network_id))
