"""Reading the board."""

import datetime
import hashlib
from dataclasses import dataclass

from django.db.models import Count, Prefetch

from renkei.board.models import Attachment, BoardVisit, Category, Post, PostDraft
from renkei.lib import generations
from renkei.lib.caching import kept
from renkei.lib.files import LABELS
from renkei.lib.slices import ids_of_slices
from renkei.networks.models import Theme, network_scope
from renkei.registry.regions import Region, prefecture_codes

# The board's list counts its posts up to here, then says "1,000 or more" (as search does with its
# own cap): 50 pages, past which a reader filters rather than pages.
COUNT_CAP = 1000


def board_scope(network_id: int) -> str:
    """The generation of a network's board: a post, reply, category, theme or anything on a post (signals.py).

    What is kept of the board's pages is keyed by it and by the network's (members, organisations' names).
    """
    return f"board:{network_id}"


def taxonomy_scope(network_id: int) -> str:
    """The generation of a board's categories and themes, which its filters offer (signals.py)."""
    return f"board-taxonomy:{network_id}"


def board_version(network_id: int) -> str:
    """The board's current generation, for fragments its templates keep."""
    return generations.read(board_scope(network_id))[0]


def post_scope(post_id: int) -> str:
    """The generation of one post and what hangs on it (replies, files, interests, answers): its
    page is kept under it, so a reply to one post leaves every other post's page as it was."""
    return f"board-post:{post_id}"


def post_version(network_id: int, post_id: int) -> str:
    """What a post's page shows beyond the network's names: the post's generation, its categories and themes."""
    return ":".join(generations.read(post_scope(post_id), taxonomy_scope(network_id)))


def board_changed(network_id: int, post_id: int | None = None) -> None:
    """Bump the board's generation, and the post's when the change is to one post or what hangs on it."""
    generations.bump(board_scope(network_id), *([post_scope(post_id)] if post_id is not None else []))


def board_posts(*, network, user, category=None, theme=None, prefecture=None, organisation=None, state: str = ""):
    """Posts of ``network``'s board ``user`` may read, pinned first then newest.

    Each carries its reply count (kept on the row) and its themes, in a constant number of queries
    per page however many posts there are.
    """
    posts = Post.objects.visible_to(user, network_id=network.pk)
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


def standing(network, user) -> tuple[bool, bool]:
    """``network.standing_of(user)``: the user's audience in this network."""
    return network.standing_of(user)


def _scope(network, user) -> str:
    """What decides which of the network's posts ``user`` reads (``PostQuerySet.visible_to``):
    the part of a cache key that lets readers of the same standing share what is kept."""
    member, secretariat = standing(network, user)
    flags = (user.is_authenticated, user.is_authenticated and user.is_superuser, member or secretariat, secretariat)
    return "".join("1" if flag else "0" for flag in flags)


@dataclass
class BoardPage:
    count: int  # up to COUNT_CAP
    number: int  # the page shown, after a page number past the end became the last
    rows: list[tuple[int, float]]  # (post id, last activity as a timestamp), in the list's order
    key: str  # what the page's cards are kept drawn under, with what is new to the reader


def board_page(*, network, user, filters: dict, number, page_size: int) -> BoardPage:
    """Which posts page ``number`` of the board's list shows ``user``, and how many there are (capped).

    Kept in the cache under the board's version, the reader's standing and the filters: the
    count and the page's ids cost more than anything else on the page, and they are the same
    for every reader of the same standing until a post, reply or category changes.
    """
    from django.core.paginator import Paginator

    try:
        wanted = max(1, int(number))
    except (TypeError, ValueError):
        wanted = 1
    chosen = tuple(
        (name, getattr(value, "pk", value)) for name, value in sorted(filters.items()) if value not in (None, "")
    )
    state = (network.pk, board_version(network.pk), _scope(network, user), chosen, wanted, page_size, COUNT_CAP)
    key = "board-page:" + hashlib.sha256(repr(state).encode()).hexdigest()

    def build() -> tuple[int, int, list[tuple[int, float]]]:
        posts = board_posts(network=network, user=user, **filters)
        count = posts[:COUNT_CAP].count()
        page = Paginator(range(count), page_size).get_page(wanted)
        offset = page.start_index() - 1 if count else 0
        rows = [
            (pk, activity.timestamp())
            for pk, activity in posts.prefetch_related(None).values_list("pk", "last_activity_at")[
                offset : offset + page_size
            ]
        ]
        return count, page.number, rows

    found = kept(key, build)
    count, shown, rows = found
    return BoardPage(count=count, number=shown, rows=rows, key=key)


def board_cards(ids: list[int]) -> list[Post]:
    """The posts of a page of the list, in the order of ``ids``, with what their cards show."""
    posts = (
        Post.objects.filter(pk__in=ids)
        .select_related("category", "author_organisation")
        .prefetch_related(Prefetch("themes", queryset=Theme.objects.order_by("order", "id")))
        .in_bulk()
    )
    return [posts[pk] for pk in ids if pk in posts]


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


def _prefetched(post: Post, name: str) -> bool:
    return name in getattr(post, "_prefetched_objects_cache", {})


def post_page(post: Post) -> dict:
    """What the post's page shows about the post itself: themes, targets, attachments, whether edited."""
    attachments = list(Attachment.objects.filter(post=post).order_by("created_at", "id"))
    for attachment in attachments:
        attachment.type_label = LABELS.get(attachment.content_type, attachment.content_type)  # type: ignore[attr-defined]
    return {
        "themes": list(post.themes.all() if _prefetched(post, "themes") else post.themes.order_by("order", "id")),
        "targets": target_labels(post.target_prefectures.all()),
        "attachments": attachments,
        "images": [attachment for attachment in attachments if attachment.thumbnail],
        "files": [attachment for attachment in attachments if not attachment.thumbnail],
        "edited": post.revisions.exists(),
    }


def readable_post(*, network, user, pk: int, version: str | None = None) -> Post | None:
    """Post ``pk`` of ``network`` if ``user`` may read it (``PostQuerySet.visible_to``), else None.

    With its category, organisation, themes and target prefectures, kept under the post's
    version, the network's generation (organisations' names) and the reader's standing: the
    post's page reads it on every view. The same object answers later requests: read it, never
    change it.
    """
    version = version or post_version(network.pk, pk)
    names = generations.read(network_scope(network.pk))[0]
    key = f"board-post:{network.pk}:{version}:{names}:{_scope(network, user)}:{pk}"

    def build() -> tuple[Post | None]:
        post = (
            Post.objects.visible_to(user, network_id=network.pk)
            .select_related("category", "author_organisation")
            .prefetch_related(Prefetch("themes", queryset=Theme.objects.order_by("order", "id")), "target_prefectures")
            .filter(pk=pk)
            .first()
        )
        if post is not None:
            post.network = network  # the cached row: its standing is cached with it
        return (post,)  # a post the reader may not read is kept too, as (None,)

    return kept(key, build)[0]


def post_snapshot(post: Post, version: str | None = None) -> dict:
    """What the post's page shows that is the same for every reader who may read it.

    Its themes, targets and files, whether it was edited, its replies (hidden ones too: the
    page decides who sees them), the interests in it with their message counts and its pamphlet
    answers. Kept under the board's version, which every reply, interest, message, answer and
    edit moves (signals.py). Read it, never change it.
    """
    version = version or post_version(post.network_id, post.pk)

    def build() -> dict:
        return {
            "page": post_page(post),
            "replies": list(post.replies.select_related("author_organisation")),
            "interests": list(
                post.interests.select_related("organisation")
                .annotate(message_count=Count("messages"))
                .order_by("created_at", "id")
            ),
            "pamphlet_answers": list(post.pamphlet_answers.select_related("organisation"))
            if post.category.kind == Category.Kind.PAMPHLET
            else [],
        }

    return kept(f"board-post-page:{post.network_id}:{version}:{post.pk}", build)


def last_board_visits(user, network_ids) -> dict[int, datetime.datetime]:
    """When ``user`` last opened each of these networks' boards (networks never opened are left out)."""
    return dict(
        BoardVisit.objects.filter(user=user, network_id__in=list(network_ids)).values_list("network_id", "visited_at")
    )


def new_posts(audience, user, since: dict[int, datetime.datetime], *, per_network: int) -> dict[int, list[Post]]:
    """Up to ``per_network`` posts of each network created after its ``since`` that ``user`` (whose
    audience is ``audience``) may read and did not write, newest first.

    Two queries however many networks and posts: the ids, each network's newest read from its
    own index, then their rows.
    """
    ids = ids_of_slices(
        [
            Post.objects.visible_to(audience, network_id=network_id)
            .filter(created_at__gt=moment)
            .exclude(author=user)
            .order_by("-created_at", "-id")
            .values("pk")[:per_network]
            for network_id, moment in sorted(since.items())
        ]
    )
    posts = Post.objects.filter(pk__in=ids).select_related("category", "author_organisation") if ids else []
    found: dict[int, list[Post]] = {}
    for post in sorted(posts, key=lambda post: (post.created_at, post.pk), reverse=True):
        found.setdefault(post.network_id, []).append(post)
    return found


def drafts_scope(user_id: int) -> str:
    """The generation of one person's drafts: bumped by every draft they save or let go."""
    return f"board-drafts:{user_id}"


def drafts_of(user, network) -> list[PostDraft]:
    """``user``'s own drafts on ``network``'s board, newest first (kept until one changes)."""
    if not user.is_authenticated:
        return []

    def build() -> list[PostDraft]:
        return list(PostDraft.objects.of(user).filter(network=network).only("pk", "title", "updated_at")[:10])

    return kept(f"board-drafts:{user.pk}:{network.pk}", build, scopes=(drafts_scope(user.pk),))
