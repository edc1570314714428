"""The members' bulletin board of a network: categories, posts and replies."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from renkei.networks.models import Network
from renkei.organisations.models import Organisation


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


class PostQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Posts this user may read: the one rule every board list, detail and search uses.

        Hidden posts only for the network's secretariat; public posts for everyone, signed-in
        posts for any signed-in user, members' posts for staff of an active member or of the
        secretariat of the post's network.
        """
        if not user.is_authenticated:
            return self.filter(visibility=Post.Visibility.PUBLIC, hidden=False)
        if user.is_superuser:
            return self
        open_networks = Network.objects.open_to(user).values("id")
        run_networks = Network.objects.filter(secretariat__staff__user=user).values("id")
        readable = Q(visibility__in=[Post.Visibility.PUBLIC, Post.Visibility.SIGNED_IN]) | Q(
            visibility=Post.Visibility.MEMBERS, network__in=open_networks
        )
        return self.filter(readable & (Q(hidden=False) | Q(network__in=run_networks)))


class Post(models.Model):
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
    copies_requested = models.PositiveIntegerField(_("copies requested"), null=True, blank=True)
    distribution_start = models.DateField(_("distribution from"), null=True, blank=True)
    distribution_end = models.DateField(_("distribution until"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    objects = PostQuerySet.as_manager()

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        indexes = [models.Index(fields=["network", "-pinned", "-created_at"], name="post_board_idx")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None


class Reply(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="replies", verbose_name=_("post"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("author")
    )
    author_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="board_replies", verbose_name=_("organisation")
    )
    body = models.TextField(_("reply"))
    hidden = models.BooleanField(_("hidden"), default=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("reply")
        verbose_name_plural = _("replies")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.post} #{self.pk}"
