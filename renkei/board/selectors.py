"""Reading the board."""

from uuid import uuid4

from django.core.cache import cache
from django.db.models import Prefetch

from renkei.board.attachments import LABELS
from renkei.board.models import Attachment, Post
from renkei.networks.models import Theme
from renkei.registry.regions import Region, prefecture_codes

# The board's list counts its posts up to here, then says "1,000 or more" (as search does with its
# own cap): 50 pages, past which a reader filters rather than pages.
COUNT_CAP = 1000


def _version_key(network_id: int) -> str:
    return f"board-version:{network_id}"


def board_version(network_id: int) -> str:
    """A token that changes whenever a post, category or theme of the network does.

    Cached parts of the board's pages (the list's filters, the network page's public posts)
    are keyed by it and by the network's ``changed_at`` (members, organisations' names).
    """
    return str(cache.get_or_set(_version_key(network_id), lambda: uuid4().hex, 86400))


def board_changed(network_id: int) -> None:
    cache.delete(_version_key(network_id))


def board_posts(*, network, user, category=None, theme=None, prefecture=None, organisation=None, state: str = ""):
    """Posts of ``network``'s board ``user`` may read, pinned first then newest.

    Each carries its reply count (kept on the row) and its themes, in a constant number of queries
    per page however many posts there are.
    """
    posts = Post.objects.visible_in(network, user)
    if category is not None:
        posts = posts.filter(category=category)
    if theme is not None:
        posts = posts.filter(themes=theme)
    if prefecture is not None:
        posts = posts.filter(target_prefectures=prefecture)
    if organisation is not None:
        posts = posts.filter(author_organisation=organisation)
    if state == "open":
        posts = posts.filter(closed_at__isnull=True)
    elif state == "closed":
        posts = posts.filter(closed_at__isnull=False)
    return (
        posts.select_related("category", "author_organisation")
        .prefetch_related(Prefetch("themes", queryset=Theme.objects.order_by("order", "id")))
        .order_by("-pinned", "-created_at", "-id")
    )


def target_labels(prefectures) -> list[str]:
    """How a post's target prefectures read: a region when all its prefectures are there, else each one."""
    by_code = {prefecture.code[:2]: prefecture for prefecture in prefectures}
    labels = []
    for region, label in Region.choices:
        codes = prefecture_codes(region)
        if all(code in by_code for code in codes):
            labels.append(str(label))
        else:
            labels.extend(str(by_code[code]) for code in codes if code in by_code)
    return labels


def post_page(post: Post) -> dict:
    """What the post's page shows about the post itself: themes, targets, attachments, whether edited."""
    attachments = list(Attachment.objects.filter(post=post).order_by("created_at", "id"))
    for attachment in attachments:
        attachment.type_label = LABELS.get(attachment.content_type, attachment.content_type)  # type: ignore[attr-defined]
    return {
        "themes": list(post.themes.order_by("order", "id")),
        "targets": target_labels(post.target_prefectures.all()),
        "attachments": attachments,
        "images": [attachment for attachment in attachments if attachment.thumbnail],
        "files": [attachment for attachment in attachments if not attachment.thumbnail],
        "edited": post.revisions.exists(),
    }
