"""Writing the board: posts and replies, each write keeping search current."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from renkei.board.models import Category, Post, Reply
from renkei.notifications.models import Kind
from renkei.notifications.services import notify
from renkei.search import registry
from renkei.search.registry import Document
from renkei.search.services import search_index, search_remove

DEFAULT_CATEGORIES = [
    (Category.Kind.PROPOSAL, "連携・交流事業の提案", "Collaboration proposal"),
    (Category.Kind.CALL, "イベント・事業への参加募集", "Call to join an event or project"),
    (Category.Kind.NOTICE, "施策・事業の周知", "Policy or programme notice"),
    (Category.Kind.PAMPHLET, "パンフレット配布依頼", "Pamphlet distribution request"),
    (Category.Kind.PR, "広報誌・広報動画のPR", "Newsletter or video PR"),
    (Category.Kind.OTHER, "その他", "Other"),
]

POST_FIELDS = (
    "category",
    "title",
    "body",
    "visibility",
    "deadline",
    "copies_requested",
    "distribution_start",
    "distribution_end",
)


def categories_create_defaults(network) -> list[Category]:
    """Give ``network`` the six categories of the seed, unless it already has categories."""
    if network.board_categories.exists():
        return list(network.board_categories.all())
    return Category.objects.bulk_create(
        Category(network=network, kind=kind, name=ja, name_ja=ja, name_en=en, order=index)
        for index, (kind, ja, en) in enumerate(DEFAULT_CATEGORIES, start=1)
    )


def _document(post: Post) -> Document:
    return Document(
        obj=post,
        title=post.title,
        body=post.body,
        network=post.network,
        visibility=post.visibility,  # Post.Visibility values are SearchEntry.Visibility values
        updated_at=post.updated_at,
    )


def post_reindex(post: Post) -> None:
    """Bring the post's search entry up to date; hidden posts are taken out of search."""
    if post.hidden:
        search_remove(obj=post)
        return
    document = _document(post)
    search_index(
        obj=post,
        title=document.title,
        body=document.body,
        network=document.network,
        visibility=document.visibility,
        updated_at=document.updated_at,
    )


def _check(post: Post) -> None:
    if post.category.network_id != post.network_id:
        raise ValidationError({"category": _("Choose a category of this network.")})
    if post.distribution_start and post.distribution_end and post.distribution_end < post.distribution_start:
        raise ValidationError({"distribution_end": _("The distribution must end after it starts.")})


@transaction.atomic
def post_create(*, network, author, author_organisation, **fields) -> Post:
    """Publish a post on ``network``'s board on behalf of ``author_organisation`` and index it."""
    post = Post(network=network, author=author, author_organisation=author_organisation)
    for name in POST_FIELDS:
        if name in fields:
            setattr(post, name, fields[name])
    _check(post)
    post.save()
    post_reindex(post)
    return post


@transaction.atomic
def post_update(*, post: Post, **fields) -> Post:
    """Change a post's fields (those of POST_FIELDS) and re-index it."""
    for name in POST_FIELDS:
        if name in fields:
            setattr(post, name, fields[name])
    _check(post)
    post.updated_at = post.last_activity_at = timezone.now()
    post.save()
    post_reindex(post)
    return post


@transaction.atomic
def post_close(*, post: Post) -> Post:
    """Close a post: it stays readable, but takes no more replies."""
    if post.closed_at is None:
        post.closed_at = timezone.now()
        post.updated_at = post.last_activity_at = post.closed_at
        post.save(update_fields=["closed_at", "updated_at", "last_activity_at"])
        post_reindex(post)
    return post


@transaction.atomic
def reply_create(*, post: Post, author, author_organisation, body: str, parent: Reply | None = None) -> Reply:
    """Add a reply to ``post`` (or to one of its top-level replies) and tell the post's author.

    Refused when the post is locked, closed or hidden. Replies thread one level deep: an answer
    to a reply's reply joins the same thread.
    """
    if post.hidden or post.locked:
        raise ValidationError(_("This post does not take replies."))
    if post.closed_at is not None:
        raise ValidationError(_("This post is closed and takes no more replies."))
    if not body.strip():
        raise ValidationError({"body": _("Write a reply.")})
    if parent is not None:
        if parent.post_id != post.pk:
            raise ValidationError(_("Reply within this post."))
        parent = parent.parent or parent
    reply = Reply.objects.create(
        post=post, parent=parent, author=author, author_organisation=author_organisation, body=body
    )
    Post.objects.filter(pk=post.pk).update(reply_count=F("reply_count") + 1, last_activity_at=reply.created_at)
    post.refresh_from_db(fields=["reply_count", "last_activity_at"])
    if post.author_id and post.author_id != author.pk:
        notify(
            recipients=[post.author],
            kind=Kind.REPLY,
            title=post.title,
            url=reverse("board:post_detail", kwargs={"slug": post.network.slug, "pk": post.pk}) + f"#reply-{reply.pk}",
            actor_organisation=author_organisation,
            network=post.network,
        )
    return reply


def _search_documents():
    posts = Post.objects.filter(hidden=False).select_related("network").order_by("id")
    for post in posts.iterator(chunk_size=2000):
        yield _document(post)


def register_search() -> None:
    """Let ``search_rebuild`` rebuild the board's posts."""
    registry.register("board.Post", _search_documents)
