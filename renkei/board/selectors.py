"""Reading the board."""

from django.db.models import Count, Q

from renkei.board.models import Post


def board_posts(*, network, user, category=None, state: str = ""):
    """Posts of ``network``'s board ``user`` may read, pinned first then newest, with reply counts."""
    posts = Post.objects.visible_to(user).filter(network=network)
    if category is not None:
        posts = posts.filter(category=category)
    if state == "open":
        posts = posts.filter(closed_at__isnull=True)
    elif state == "closed":
        posts = posts.filter(closed_at__isnull=False)
    return (
        posts.select_related("category", "author_organisation")
        .annotate(reply_count=Count("replies", filter=Q(replies__hidden=False)))
        .order_by("-pinned", "-created_at", "-id")
    )
