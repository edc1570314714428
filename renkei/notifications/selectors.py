"""Reads that span models: what a person follows and how they hear of it."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from renkei.lib import generations
from renkei.lib.caching import kept
from renkei.notifications.models import DEFAULT_DELIVERY, Follow, Notification, Preference


def follows_scope(user_id: int) -> str:
    """The generation of what a person follows."""
    return f"follows:{user_id}"


def followed_keys(user) -> frozenset[tuple[str, int]]:
    """What ``user`` follows, as (target, id) pairs: ("network", 3), ("category", 12)…, in one query.

    Kept under the person's follows generation, which saving or deleting one of their follows
    bumps: every board page shows follow buttons, and this was the one query left on a kept
    board list. A frozen set: the same one answers every later request of this process.
    """
    if not user.is_authenticated:
        return frozenset()

    def read() -> frozenset[tuple[str, int]]:
        keys = set()
        for row in Follow.objects.filter(user=user).values_list(*(f"{name}_id" for name in Follow.TARGETS)):
            keys.update((name, pk) for name, pk in zip(Follow.TARGETS, row, strict=True) if pk)
        return frozenset(keys)

    return kept(f"followed:{user.pk}", read, 3600, scopes=(follows_scope(user.pk),))


@receiver([post_save, post_delete], sender=Follow)
def follows_changed(sender, instance, **kwargs) -> None:
    generations.bump(follows_scope(instance.user_id))


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
