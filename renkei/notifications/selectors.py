"""Reads that span models: what a person follows and how they hear of it."""

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from renkei.notifications.models import DEFAULT_DELIVERY, Follow, Notification, Preference


def _followed_cache_key(user_id) -> str:
    return f"followed:{user_id}"


def followed_keys(user) -> set[tuple[str, int]]:
    """What ``user`` follows, as (target, id) pairs: ("network", 3), ("category", 12)…, in one query.

    Kept in the cache until one of the user's follows is saved or deleted: every board page
    shows follow buttons, and this was the one query left on a cached board list.
    """
    if not user.is_authenticated:
        return set()
    cached = cache.get(_followed_cache_key(user.pk))
    if cached is not None:
        return cached
    keys = set()
    for row in Follow.objects.filter(user=user).values_list(*(f"{name}_id" for name in Follow.TARGETS)):
        keys.update((name, pk) for name, pk in zip(Follow.TARGETS, row, strict=True) if pk)
    cache.set(_followed_cache_key(user.pk), keys, 3600)
    return keys


@receiver([post_save, post_delete], sender=Follow)
def forget_followed(sender, instance, **kwargs) -> None:
    key = _followed_cache_key(instance.user_id)
    cache.delete(key)
    # Again after commit: a page read during the transaction may have kept the old follows.
    transaction.on_commit(lambda: cache.delete(key))


def follows_of(user):
    """What ``user`` follows, with names for the page that manages them."""
    return (
        Follow.objects.filter(user=user)
        .select_related("network", "category__network", "theme__network", "prefecture")
        .order_by("-created_at", "-id")
    )


def deliveries_of(user) -> dict[str, str]:
    """How each kind reaches ``user``: their Preference rows over DEFAULT_DELIVERY."""
    deliveries = {str(kind): str(delivery) for kind, delivery in DEFAULT_DELIVERY.items()}
    deliveries.update(Preference.objects.filter(user=user).values_list("kind", "delivery"))
    return deliveries


def unread_of(user, *, limit: int) -> tuple[int, list[Notification]]:
    """How many notifications ``user`` has not read, and the newest of them (two queries)."""
    unread = Notification.objects.filter(recipient=user).unread()
    return unread.count(), list(unread.select_related("actor_organisation").order_by("-created_at", "-id")[:limit])
