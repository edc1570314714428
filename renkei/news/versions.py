"""The generations of what the news shows, so its drawn pages can be kept.

A network's news scope is bumped when one of its articles is written or deleted (``news_changed``),
together with the public side's scope (``networks.models.PUBLIC``: the home's latest news). A
scheduled article has no write when its time comes: the next publication date is kept under the
scope's current generation, and the first read past it bumps the generation, so the article shows
at once.
"""

import datetime

from django.db.models import Min
from django.utils import timezone

from renkei.lib import generations
from renkei.lib.caching import kept
from renkei.networks.models import PUBLIC

VERSION_SECONDS = 3600
# What a scope with nothing scheduled waits for.
NEVER = datetime.datetime.max.replace(tzinfo=datetime.UTC)


def _scope(network_id: int) -> str:
    return f"news:{network_id}"


def _current(scope: str, articles) -> str:
    """``scope``, bumped first should one of ``articles`` have become published since its generation began."""

    def next_due() -> datetime.datetime:
        due = articles.filter(published_at__gt=timezone.now()).aggregate(next=Min("published_at"))["next"]
        return due or NEVER

    due = kept(f"news-next-due:{scope}", next_due, VERSION_SECONDS, scopes=(scope,))
    if timezone.now() >= due:
        generations.bump(scope)
    return scope


def news_scope(network) -> str:
    """The network's news scope, bumped first should a scheduled article have become published."""
    from renkei.news.models import Article

    return _current(_scope(network.pk), Article.objects.filter(network=network))


def public_scope() -> str:
    """The public side's scope (every network's cards and latest news), bumped first should a
    scheduled article of any network have become published."""
    from renkei.news.models import Article

    return _current(PUBLIC, Article.objects.all())


def news_changed(network_id: int) -> None:
    generations.bump(_scope(network_id), PUBLIC)
