"""Reads that span models: who follows a post and hears of it, what a person follows."""

from django.db.models import Q

from renkei.notifications.models import DEFAULT_DELIVERY, Follow, Preference


def post_followers(post):
    """Follow rows that reach ``post``: its network, its category, any of its themes or target prefectures."""
    return Follow.objects.filter(
        Q(network_id=post.network_id)
        | Q(category_id=post.category_id)
        | Q(theme__in=post.themes.values("pk"))
        | Q(prefecture__in=post.target_prefectures.values("pk"))
    )


def post_recipients(post):
    """The people a new ``post`` is announced to: followers who may read it (``Post.readers``), its author left out."""
    recipients = post.readers().filter(pk__in=post_followers(post).values("user_id"))
    if post.author_id:
        recipients = recipients.exclude(pk=post.author_id)
    return recipients


def followed_keys(user) -> set[tuple[str, int]]:
    """What ``user`` follows, as (target, id) pairs: ("network", 3), ("category", 12)…, in one query."""
    if not user.is_authenticated:
        return set()
    keys = set()
    for row in Follow.objects.filter(user=user).values_list(*(f"{name}_id" for name in Follow.TARGETS)):
        keys.update((name, pk) for name, pk in zip(Follow.TARGETS, row, strict=True) if pk)
    return keys


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
