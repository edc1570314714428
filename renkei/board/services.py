"""Writing the board: posts and replies, each write keeping search current."""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.db.transaction import on_commit
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from renkei.board.attachments import check_count
from renkei.board.models import (
    Attachment,
    BoardVisit,
    Category,
    Interest,
    Message,
    PamphletAnswer,
    Post,
    PostDraft,
    PostRead,
    PostRevision,
    Reply,
    Report,
)
from renkei.board.selectors import drafts_scope
from renkei.board.tasks import fan_out_post
from renkei.lib import files, generations
from renkei.lib.mail import send_templated_mail
from renkei.lib.worklists import work_changed
from renkei.networks.models import Membership
from renkei.notifications.models import Kind
from renkei.notifications.services import notify
from renkei.registry.models import LocalGovernment
from renkei.search import registry
from renkei.search.registry import Document
from renkei.search.services import search_sync

DEFAULT_CATEGORIES = [
    (Category.Kind.PROPOSAL, "連携・交流事業の提案", "Collaboration proposal"),
    (Category.Kind.CALL, "イベント・事業への参加募集", "Call to join an event or project"),
    (Category.Kind.NOTICE, "施策・事業の周知", "Policy or programme notice"),
    (Category.Kind.PAMPHLET, "パンフレット配架依頼", "Pamphlet distribution request"),
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
    search_sync(_document(post))


def _check(post: Post) -> None:
    if post.category.network_id != post.network_id:
        raise ValidationError({"category": _("Choose a category of this network.")})
    if post.distribution_start and post.distribution_end and post.distribution_end < post.distribution_start:
        raise ValidationError({"distribution_end": _("The distribution must end after it starts.")})


def _check_relations(network, themes, target_prefectures) -> None:
    if themes is not None and any(theme.network_id != network.pk for theme in themes):
        raise ValidationError({"themes": _("Choose themes of this network.")})
    if target_prefectures is not None and any(
        prefecture.kind != LocalGovernment.Kind.PREFECTURE for prefecture in target_prefectures
    ):
        raise ValidationError({"target_prefectures": _("Choose prefectures.")})


def _check_uploads(uploads) -> list[files.Checked]:
    checked, errors = [], []
    for upload in uploads:
        try:
            checked.append(files.check_upload(upload))
        except ValidationError as error:
            errors.extend(error.messages)
    if errors:
        raise ValidationError({"attachments": errors})
    return checked


def _save_attachments(post: Post, checked: list[files.Checked], uploaded_by) -> list[Attachment]:
    saved = []
    try:
        for item in checked:
            attachment = Attachment(
                post=post, name=item.name, content_type=item.content_type, size=item.size, uploaded_by=uploaded_by
            )
            attachment.file.save(files.storage_name(item.content_type), item.upload, save=False)
            if item.is_image:
                thumbnail = files.thumbnail(files.read(item.upload))
                if thumbnail is not None:
                    attachment.thumbnail.save(thumbnail.name, thumbnail, save=False)
            attachment.save()
            saved.append(attachment)
    except Exception:
        # The database rolls back; the stored files would stay behind without this.
        for attachment in saved:
            _delete_files(attachment)
        raise
    return saved


def _delete_files(attachment: Attachment) -> None:
    for field in (attachment.file, attachment.thumbnail):
        if field:
            field.storage.delete(field.name)


@transaction.atomic
def attachments_add(*, post: Post, uploads, uploaded_by) -> list[Attachment]:
    """Attach uploaded files to ``post``: each checked by content and size, images with a thumbnail.

    All or nothing: one bad file, or more than MAX_ATTACHMENTS in all, raises ValidationError and
    nothing is stored.
    """
    checked = _check_uploads(uploads)
    try:
        check_count(post.attachments.count() + len(checked))
    except ValidationError as error:
        raise ValidationError({"attachments": error.messages}) from error
    return _save_attachments(post, checked, uploaded_by)


@transaction.atomic
def attachment_delete(*, attachment: Attachment) -> None:
    """Remove an attachment; its stored files go once the removal is committed."""
    attachment.delete()
    on_commit(lambda: _delete_files(attachment))


@transaction.atomic
def post_create(
    *, network, author, author_organisation, themes=None, target_prefectures=None, attachments=(), **fields
) -> Post:
    """Publish a post on ``network``'s board on behalf of ``author_organisation`` and index it.

    ``themes`` (of this network), ``target_prefectures`` and ``attachments`` (uploaded files) are
    optional; a bad one raises ValidationError and nothing is written.
    """
    post = Post(network=network, author=author, author_organisation=author_organisation)
    for name in POST_FIELDS:
        if name in fields:
            setattr(post, name, fields[name])
    _check(post)
    _check_relations(network, themes, target_prefectures)
    checked = _check_uploads(attachments)
    try:
        check_count(len(checked))
    except ValidationError as error:
        raise ValidationError({"attachments": error.messages}) from error
    post.save()
    if themes:
        post.themes.set(themes)
    if target_prefectures:
        post.target_prefectures.set(target_prefectures)
    _save_attachments(post, checked, author)
    post_reindex(post)
    # Followers hear of the post in the background once it is committed: the author never waits for them.
    transaction.on_commit(lambda: fan_out_post.enqueue(post_id=post.pk))
    return post


def draft_save(
    *, network, author, title: str, body: str, category_id=None, draft: PostDraft | None = None
) -> PostDraft:
    """Keep what ``author`` has written so far for ``network``'s board, in ``draft`` or a new one.

    Nothing is checked beyond lengths: a draft is allowed to be unfinished. A category of
    another network is dropped rather than refused.
    """
    if draft is None:
        draft = PostDraft(network=network, author=author)
    category = None
    if str(category_id or "").isdigit():
        category = Category.objects.filter(network=network, pk=int(category_id)).first()
    draft.category = category
    draft.title = title[: PostDraft._meta.get_field("title").max_length]
    draft.body = body
    draft.updated_at = timezone.now()
    draft.save()
    generations.bump(drafts_scope(author.pk))
    return draft


def draft_discard(*, draft: PostDraft) -> None:
    """Forget a draft: once its post is published, or when its author lets it go."""
    draft.delete()
    generations.bump(drafts_scope(draft.author_id))


@transaction.atomic
def post_update(
    *,
    post: Post,
    editor=None,
    themes=None,
    target_prefectures=None,
    attachments=(),
    remove_attachments=(),
    **fields,
) -> Post:
    """Change a post's fields (those of POST_FIELDS) and re-index it.

    A change of title or body first keeps the old ones as a PostRevision by ``editor``.
    ``themes`` and ``target_prefectures`` replace the post's when given; ``remove_attachments``
    are taken off and ``attachments`` (uploaded files) added, at most MAX_ATTACHMENTS in all.
    """
    # Read from the database: a bound ModelForm has already written the new values on ``post``.
    before = Post.objects.filter(pk=post.pk).values("title", "body").get()
    for name in POST_FIELDS:
        if name in fields:
            setattr(post, name, fields[name])
    _check(post)
    _check_relations(post.network, themes, target_prefectures)
    removing = [attachment for attachment in remove_attachments if attachment.post_id == post.pk]
    checked = _check_uploads(attachments)
    if checked:
        try:
            check_count(post.attachments.count() - len(removing) + len(checked))
        except ValidationError as error:
            raise ValidationError({"attachments": error.messages}) from error
    now = timezone.now()
    if (before["title"], before["body"]) != (post.title, post.body):
        PostRevision.objects.create(post=post, editor=editor, title=before["title"], body=before["body"], edited_at=now)
    post.updated_at = post.last_activity_at = now
    post.save()
    if themes is not None:
        post.themes.set(themes)
    if target_prefectures is not None:
        post.target_prefectures.set(target_prefectures)
    for attachment in removing:
        attachment_delete(attachment=attachment)
    _save_attachments(post, checked, editor)
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


# Paging through the board, or coming back within this time, is the same visit: what was new stays new.
VISIT_GAP = datetime.timedelta(minutes=30)
VISIT_WRITE_EVERY = datetime.timedelta(minutes=1)


def board_visit_record(*, user, network) -> datetime.datetime | None:
    """Record that ``user`` opens ``network``'s board; return the time posts count as new since.

    The first visit returns None (nothing is highlighted). Two queries at most.
    """
    now = timezone.now()
    # The visit as last written, kept in the cache until the next write is due: paging through
    # the board then reads nothing from the database.
    key = f"board-visit:{network.pk}:{user.pk}"
    kept = cache.get(key)
    if kept is not None and now - kept[0] < VISIT_WRITE_EVERY:
        return kept[1]
    visit = BoardVisit.objects.filter(user=user, network=network).first()
    if visit is None:
        # ignore_conflicts: two tabs opening the board at once both count as the first visit.
        BoardVisit.objects.bulk_create([BoardVisit(user=user, network=network, visited_at=now)], ignore_conflicts=True)
        work_changed(users=[user.pk])  # the home's "new on the board" starts from the visit
        cache.set(key, (now, None), VISIT_WRITE_EVERY.total_seconds())
        return None
    if now - visit.visited_at < VISIT_WRITE_EVERY:
        # Paging through the board: the answer is the same, and a write per view would queue
        # every reader behind the database's one writer.
        cache.set(key, (visit.visited_at, visit.previous_visit_at), VISIT_WRITE_EVERY.total_seconds())
        return visit.previous_visit_at
    previous = visit.visited_at if now - visit.visited_at >= VISIT_GAP else visit.previous_visit_at
    BoardVisit.objects.filter(pk=visit.pk).update(visited_at=now, previous_visit_at=previous)
    work_changed(users=[user.pk])
    cache.set(key, (now, previous), VISIT_WRITE_EVERY.total_seconds())
    return previous


@transaction.atomic
def reply_create(*, post: Post, author, author_organisation, body: str, parent: Reply | None = None) -> Reply:
    """Add a reply to ``post`` (or to one of its top-level replies) and tell the post's author.

    Refused when the post is locked, closed or hidden. Replies thread one level deep: an answer
    to a reply's reply joins the same thread, and the author of the thread's first reply hears of it too.
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
        if parent.hidden:
            raise ValidationError(_("The reply you are answering is not on this post."))
    reply = Reply.objects.create(
        post=post, parent=parent, author=author, author_organisation=author_organisation, body=body
    )
    Post.objects.filter(pk=post.pk).update(reply_count=F("reply_count") + 1, last_activity_at=reply.created_at)
    post.refresh_from_db(fields=["reply_count", "last_activity_at"])
    recipients = [user for user in (post.author, parent and parent.author) if user and user.pk != author.pk]
    if recipients:
        notify(
            recipients=recipients,
            kind=Kind.REPLY,
            title=post.title,
            url=reverse("board:post_detail", kwargs={"slug": post.network.slug, "pk": post.pk}) + f"#reply-{reply.pk}",
            actor_organisation=author_organisation,
            network=post.network,
        )
    return reply


def _search_documents():
    posts = Post.objects.out().select_related("network").order_by("id")
    for post in posts.iterator(chunk_size=2000):
        yield _document(post)


def _search_url(entry) -> str:
    return reverse("board:post_detail", kwargs={"slug": entry.network.slug, "pk": int(entry.object_id)})


def register_search() -> None:
    """Let ``search_rebuild`` rebuild the board's posts, and the search page link to them."""
    registry.register("board.Post", _search_documents, label=gettext_lazy("Board posts"), url=_search_url)


# --- Reading marks, interest, messages, pamphlet answers, reports, moderation --------------


def post_read_mark(*, post: Post, user) -> datetime.datetime | None:
    """Record that ``user`` reads ``post`` now and return when they read it before (None the first time).

    Two queries whatever the post holds: the earlier mark, then one upsert (no race between two tabs).
    """
    if not user.is_authenticated:
        return None
    # The mark as last written, kept in the cache: a reader coming back to a post where nothing
    # happened since reads nothing from the database.
    key = f"board-read:{post.pk}:{user.pk}"
    kept = cache.get(key)
    if kept is not None and kept >= post.last_activity_at:
        return kept
    previous = PostRead.objects.filter(user=user, post=post).values_list("read_at", flat=True).first()
    if previous is not None and previous >= post.last_activity_at:
        # Nothing happened since: a new mark would change nothing a reader sees, and a write per
        # view would queue every reader behind the database's one writer.
        cache.set(key, previous, 3600)
        return previous
    now = timezone.now()
    PostRead.objects.bulk_create(
        [PostRead(user=user, post=post, read_at=now)],
        update_conflicts=True,
        unique_fields=["user", "post"],
        update_fields=["read_at"],
    )
    cache.set(key, now, 3600)
    return previous


def _post_url(post: Post, anchor: str = "") -> str:
    url = reverse("board:post_detail", kwargs={"slug": post.network.slug, "pk": post.pk})
    return f"{url}#{anchor}" if anchor else url


def _is_active_member(organisation, network) -> bool:
    return Membership.objects.filter(
        network=network, organisation=organisation, status=Membership.Status.ACTIVE
    ).exists()


def _staff_users(organisation_id: int, *, exclude=None):
    users = get_user_model().objects.filter(staff_roles__organisation_id=organisation_id, is_active=True).distinct()
    return users.exclude(pk=exclude.pk) if exclude is not None else users


@transaction.atomic
def interest_toggle(*, post: Post, organisation, user) -> Interest | None:
    """Mark ``organisation``'s 関心あり on ``post``, or take it back when it is already marked.

    Only an active member other than the author's organisation may mark, and not on a hidden or
    closed post; marking tells the post's author. Once the two organisations have exchanged
    messages the interest stays, so their conversation is kept. Returns the interest, or None
    when it was taken back.
    """
    existing = Interest.objects.select_for_update().filter(post=post, organisation=organisation).first()
    if existing is not None:
        if existing.messages.exists():
            raise ValidationError(
                _("Your organisations have exchanged messages about this post, so the interest stays."),
                code="has_messages",
            )
        existing.delete()
        return None
    if organisation.pk == post.author_organisation_id:
        raise ValidationError(_("Your organisation wrote this post."), code="own_post")
    if post.hidden or post.is_closed:
        raise ValidationError(_("This post is closed."), code="closed")
    if not _is_active_member(organisation, post.network):
        raise ValidationError(_("Only member organisations of this network can mark interest."), code="not_member")
    interest = Interest.objects.create(post=post, organisation=organisation, user=user)
    if post.author_id and post.author_id != user.pk:
        notify(
            recipients=[post.author],
            kind=Kind.INTEREST,
            title=post.title,
            url=_post_url(post, "interest"),
            actor_organisation=organisation,
            network=post.network,
        )
    return interest


def interest_messages_url(interest: Interest) -> str:
    return reverse(
        "board:interest_messages",
        kwargs={"slug": interest.post.network.slug, "pk": interest.post_id, "interest_id": interest.pk},
    )


@transaction.atomic
def message_send(*, interest: Interest, sender, sender_organisation, body: str) -> Message:
    """Write privately from one of the two organisations of ``interest`` to the other; its staff are told."""
    body = body.strip()
    if not body:
        raise ValidationError({"body": _("Write a message.")}, code="empty")
    post = interest.post
    if sender_organisation.pk == post.author_organisation_id:
        other = interest.organisation_id
    elif sender_organisation.pk == interest.organisation_id:
        other = post.author_organisation_id
    else:
        raise ValidationError(_("Only the two organisations can write here."), code="not_party")
    message = Message.objects.create(
        interest=interest, sender=sender, sender_organisation=sender_organisation, body=body
    )
    notify(
        recipients=_staff_users(other, exclude=sender),
        kind=Kind.MESSAGE,
        title=post.title,
        url=interest_messages_url(interest) + f"#message-{message.pk}",
        actor_organisation=sender_organisation,
        network=post.network,
    )
    return message


@transaction.atomic
def pamphlet_answer_save(*, post: Post, organisation, author, copies: int | None, places: str) -> PamphletAnswer:
    """Say (or change) how many copies of a requested pamphlet ``organisation`` takes and where; tells the author.

    One answer per organisation: a second call changes it. Only for open pamphlet requests, and
    only from member organisations other than the author's.
    """
    if post.category.kind != Category.Kind.PAMPHLET:
        raise ValidationError(_("Only pamphlet distribution requests take answers."), code="not_pamphlet")
    if post.hidden or post.is_closed:
        raise ValidationError(_("This request is closed and takes no more answers."), code="closed")
    if organisation.pk == post.author_organisation_id:
        raise ValidationError(_("Your organisation made this request."), code="own_post")
    if not _is_active_member(organisation, post.network):
        raise ValidationError(_("Only member organisations of this network can answer."), code="not_member")
    errors = {}
    if not copies or copies <= 0:
        errors["copies"] = _("Give a number of copies greater than 0.")
    places = (places or "").strip()
    if not places:
        errors["places"] = _("Say where the pamphlets will be placed.")
    if errors:
        raise ValidationError(errors, code="invalid")
    answer = PamphletAnswer.objects.select_for_update().filter(post=post, organisation=organisation).first()
    now = timezone.now()
    if answer is None:
        answer = PamphletAnswer(post=post, organisation=organisation, created_at=now)
    answer.author, answer.copies, answer.places, answer.updated_at = author, int(copies or 0), places, now
    answer.save()
    if post.author_id and post.author_id != author.pk:
        notify(
            recipients=[post.author],
            kind=Kind.PAMPHLET_ANSWER,
            title=post.title,
            url=_post_url(post, "pamphlet"),
            actor_organisation=organisation,
            network=post.network,
        )
    return answer


@transaction.atomic
def report_create(*, post: Post, reporter, organisation, reason: str, reply: Reply | None = None) -> Report:
    """Report ``post`` (or one of its replies) to the network's secretariat, whose staff are emailed."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say what is wrong with it.")}, code="empty")
    if reply is not None and reply.post_id != post.pk:
        raise ValidationError(_("Report a reply of this post."), code="other_post")
    report = Report.objects.create(post=post, reply=reply, reporter=reporter, organisation=organisation, reason=reason)
    network = post.network
    recipients = list(_staff_users(network.secretariat_id).values_list("email", flat=True))
    if recipients:
        context = {
            "report": report,
            "post": post,
            "network": network,
            "organisation": organisation,
        }
        # The secretariat reads Renkei in Japanese, the default language.
        on_commit(
            lambda: send_templated_mail(
                to=recipients, template="board/email/report", context=context, language=settings.LANGUAGE_CODE
            )
        )
    return report


@transaction.atomic
def report_resolve(*, report: Report, user) -> Report:
    """Mark a report as dealt with by ``user`` of the secretariat."""
    if report.resolved_at is None:
        report.resolved_at, report.resolved_by = timezone.now(), user
        report.save(update_fields=["resolved_at", "resolved_by"])
    return report


@transaction.atomic
def post_pin(*, post: Post, pinned: bool) -> Post:
    """Pin ``post`` to the top of its board, or unpin it."""
    post.pinned = pinned
    post.save(update_fields=["pinned"])
    return post


@transaction.atomic
def post_hide(*, post: Post, hidden: bool) -> Post:
    """Hide ``post`` from everyone but the secretariat, and from search; or show it again."""
    post.hidden = hidden
    post.save(update_fields=["hidden"])
    post_reindex(post)
    return post


@transaction.atomic
def post_lock(*, post: Post, locked: bool) -> Post:
    """Lock ``post`` so it takes no more replies, or unlock it."""
    post.locked = locked
    post.save(update_fields=["locked"])
    return post


@transaction.atomic
def post_move(*, post: Post, category: Category) -> Post:
    """Move ``post`` to another category of the same network."""
    if category.network_id != post.network_id:
        raise ValidationError({"category": _("Choose a category of this network.")}, code="other_network")
    post.category = category
    post.save(update_fields=["category"])
    post_reindex(post)
    return post


@transaction.atomic
def reply_hide(*, reply: Reply, hidden: bool = True) -> Reply:
    """Hide a reply (or show it again), keeping the post's reply count to the replies people see."""
    reply = Reply.objects.select_for_update().get(pk=reply.pk)
    if reply.hidden != hidden:
        reply.hidden = hidden
        reply.save(update_fields=["hidden"])
        change = F("reply_count") - 1 if hidden else F("reply_count") + 1
        Post.objects.filter(pk=reply.post_id).update(reply_count=change)
    return reply
