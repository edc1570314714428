"""The members' bulletin board of a network: categories, posts and replies."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from renkei.lib.visibility import VisibleModel, VisibleQuerySet
from renkei.networks.models import Network, Theme
from renkei.organisations.models import Organisation
from renkei.registry.models import LocalGovernment


class Category(models.Model):
    class Kind(models.TextChoices):
        PROPOSAL = "proposal", _("Collaboration proposal")
        CALL = "call", _("Call to join")
        NOTICE = "notice", _("Notice")
        PAMPHLET = "pamphlet", _("Pamphlet distribution")
        PR = "pr", _("Newsletter or video PR")
        OTHER = "other", _("Other")

    network = models.ForeignKey(
        Network, on_delete=models.CASCADE, related_name="board_categories", verbose_name=_("network")
    )
    name = models.CharField(_("name"), max_length=100)  # translated: name_ja, name_en
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.OTHER)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("board category")
        verbose_name_plural = _("board categories")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.name


class PostQuerySet(VisibleQuerySet):
    """Posts: hidden ones only for the network's secretariat; members' posts for its members."""

    def published(self) -> Q:
        return Q(hidden=False)


class Post(VisibleModel, models.Model):
    class Visibility(models.TextChoices):
        MEMBERS = "members", _("Members of this network")
        SIGNED_IN = "signed_in", _("All signed-in users of Renkei")
        PUBLIC = "public", _("Public")

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="posts", verbose_name=_("network"))
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="posts", verbose_name=_("category"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("author")
    )
    author_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="posts", verbose_name=_("organisation")
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("body"), help_text=_("Markdown: **bold**, *italic*, lists, [links](https://…)."))
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.MEMBERS
    )
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    pinned = models.BooleanField(_("pinned"), default=False)
    hidden = models.BooleanField(_("hidden"), default=False)
    locked = models.BooleanField(_("locked"), default=False)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    themes = models.ManyToManyField(Theme, blank=True, related_name="posts", verbose_name=_("themes"))
    target_prefectures = models.ManyToManyField(
        LocalGovernment,
        blank=True,
        related_name="+",
        limit_choices_to={"kind": LocalGovernment.Kind.PREFECTURE},
        verbose_name=_("target prefectures"),
    )
    copies_requested = models.PositiveIntegerField(_("copies requested"), null=True, blank=True)
    distribution_start = models.DateField(_("distribution from"), null=True, blank=True)
    distribution_end = models.DateField(_("distribution until"), null=True, blank=True)
    # Kept on the post so a page of the list needs no count over millions of replies.
    reply_count = models.PositiveIntegerField(_("replies"), default=0, editable=False)
    # The latest reply, edit or state change: what "unread since your last visit" compares with.
    last_activity_at = models.DateTimeField(_("last activity"), default=timezone.now, editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    objects = PostQuerySet.as_manager()

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        indexes = [
            models.Index(fields=["network", "-pinned", "-created_at"], name="post_board_idx"),
            models.Index(fields=["network", "category", "-pinned", "-created_at"], name="post_category_idx"),
            models.Index(fields=["author_organisation", "-created_at"], name="post_organisation_idx"),
            # The public side (network page, Atom feeds) reads the newest public posts; not by
            # "hidden", which Django tests as NOT hidden, a condition no index column serves.
            models.Index(fields=["network", "visibility", "-created_at"], name="post_public_idx"),
            models.Index(fields=["network", "category", "visibility", "-created_at"], name="post_public_category_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None


class PostRevision(models.Model):
    """The title and body of a post as they were before an edit."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="revisions", verbose_name=_("post"))
    editor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("edited by")
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("body"))
    edited_at = models.DateTimeField(_("edited"), default=timezone.now)

    class Meta:
        verbose_name = _("post revision")
        verbose_name_plural = _("post revisions")
        ordering = ["-edited_at", "-id"]

    def __str__(self) -> str:
        return f"{self.post} ({self.edited_at:%Y-%m-%d %H:%M})"


class ReplyQuerySet(VisibleQuerySet):
    """Replies are read with their post; a hidden one, or one under a hidden post, by the secretariat."""

    network = "post__network"
    visibility = "post__visibility"

    def published(self) -> Q:
        return Q(hidden=False, post__hidden=False)


class Reply(VisibleModel, models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="replies", verbose_name=_("post"))
    # Threaded one level: a reply answers the post, or one of the post's top-level replies.
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children", verbose_name=_("in reply to")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("author")
    )
    author_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="board_replies", verbose_name=_("organisation")
    )
    body = models.TextField(_("reply"))
    hidden = models.BooleanField(_("hidden"), default=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    objects = ReplyQuerySet.as_manager()

    class Meta:
        verbose_name = _("reply")
        verbose_name_plural = _("replies")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["post", "created_at", "id"], name="reply_post_idx")]

    def __str__(self) -> str:
        return f"{self.post} #{self.pk}"


def attachment_path(attachment: "Attachment", filename: str) -> str:
    return f"board/{attachment.post.network_id}/{timezone.now():%Y/%m}/{filename}"


class AttachmentQuerySet(VisibleQuerySet):
    """A post's files are for whoever may read the post."""

    network = "post__network"
    visibility = "post__visibility"

    def published(self) -> Q:
        return Q(post__hidden=False)


class Attachment(VisibleModel, models.Model):
    """A file attached to a post: a PDF, an image or an Office document, its type read from its content."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("post"))
    file = models.FileField(_("file"), upload_to=attachment_path)
    name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))
    thumbnail = models.ImageField(_("thumbnail"), upload_to=attachment_path, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("uploaded by")
    )
    created_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    objects = AttachmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.name


class PamphletAnswer(models.Model):
    """How many copies of a requested pamphlet an organisation will take, and where it will place them."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="pamphlet_answers", verbose_name=_("post"))
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="pamphlet_answers", verbose_name=_("organisation")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("answered by")
    )
    copies = models.PositiveIntegerField(_("copies"))
    places = models.CharField(_("where"), max_length=300, help_text=_("For example: city hall lobby, libraries."))
    created_at = models.DateTimeField(_("answered"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    class Meta:
        verbose_name = _("pamphlet answer")
        verbose_name_plural = _("pamphlet answers")
        ordering = ["created_at", "id"]
        constraints = [models.UniqueConstraint(fields=["post", "organisation"], name="pamphlet_answer_once")]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.copies}"


class Interest(models.Model):
    """An organisation's 関心あり on a post; the two organisations may then write to each other."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="interests", verbose_name=_("post"))
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="board_interests", verbose_name=_("organisation")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("marked by")
    )
    created_at = models.DateTimeField(_("marked"), default=timezone.now)

    class Meta:
        verbose_name = _("interest")
        verbose_name_plural = _("interests")
        ordering = ["created_at", "id"]
        constraints = [models.UniqueConstraint(fields=["post", "organisation"], name="interest_once")]

    def __str__(self) -> str:
        return f"{self.organisation} → {self.post}"


class Message(models.Model):
    """A private message between a post's author organisation and an interested organisation."""

    interest = models.ForeignKey(
        Interest, on_delete=models.CASCADE, related_name="messages", verbose_name=_("interest")
    )
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("sender")
    )
    sender_organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="+", verbose_name=_("from")
    )
    body = models.TextField(_("message"))
    created_at = models.DateTimeField(_("sent"), default=timezone.now)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.sender_organisation}: {self.body[:30]}"


class Report(models.Model):
    """A member's report of a post (or one of its replies) to the network's secretariat."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reports", verbose_name=_("post"))
    reply = models.ForeignKey(
        Reply, on_delete=models.CASCADE, null=True, blank=True, related_name="reports", verbose_name=_("reply")
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("reported by")
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="+", verbose_name=_("organisation")
    )
    reason = models.TextField(_("reason"))
    created_at = models.DateTimeField(_("reported"), default=timezone.now)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("resolved by"),
    )

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.post}: {self.reason[:30]}"


class PostRead(models.Model):
    """When a person last read a post, so later replies show as unread."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="+")
    read_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "post"], name="post_read_once")]


class BoardVisit(models.Model):
    """When a person last opened a network's board, so posts since then show as new."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="+")
    # The visit before this one: what the list highlights against while the person reads.
    previous_visit_at = models.DateTimeField(null=True)
    visited_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "network"], name="board_visit_once")]


class PostDraftQuerySet(models.QuerySet):
    def of(self, user) -> "PostDraftQuerySet":
        """A person's own drafts: nobody else sees one, not even the network's secretariat."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(author=user)


class PostDraft(models.Model):
    """A post being written, kept for its author until they publish or discard it."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="+", verbose_name=_("network"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("author")
    )
    category = models.ForeignKey(
        Category, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("category")
    )
    title = models.CharField(_("title"), max_length=200, blank=True)
    body = models.TextField(_("body"), blank=True)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    objects = PostDraftQuerySet.as_manager()

    class Meta:
        verbose_name = _("post draft")
        verbose_name_plural = _("post drafts")
        ordering = ["-updated_at", "-id"]
        indexes = [models.Index(fields=["author", "network", "-updated_at"], name="post_draft_author_idx")]

    def __str__(self) -> str:
        return self.title or gettext("Untitled draft")
