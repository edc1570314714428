"""Reading the board."""

from renkei.board.models import Post


def board_posts(*, network, user, category=None, state: str = ""):
    """Posts of ``network``'s board ``user`` may read, pinned first then newest, each carrying its reply count."""
    posts = Post.objects.visible_to(user).filter(network=network)
    if category is not None:
        posts = posts.filter(category=category)
    if state == "open":
        posts = posts.filter(closed_at__isnull=True)
    elif state == "closed":
        posts = posts.filter(closed_at__isnull=False)
    return posts.select_related("category", "author_organisation").order_by("-pinned", "-created_at", "-id")
