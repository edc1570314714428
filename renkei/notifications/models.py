"""What people hear about: notifications, what they follow and how each kind reaches them."""

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from renkei.networks.models import Network, Theme
from renkei.organisations.models import Organisation
from renkei.registry.models import LocalGovernment


class Kind(models.TextChoices):
    REPLY = "reply", _("A reply to your post")
    INTEREST = "interest", _("Someone interested in your post")
    PAMPHLET_ANSWER = "pamphlet_answer", _("An answer to your pamphlet request")
    MESSAGE = "message", _("A message")
    FOLLOWED_POST = "followed_post", _("A post in something you follow")


class Delivery(models.TextChoices):
    IMMEDIATE = "immediate", _("Immediately by email")
    DIGEST = "digest", _("In the daily digest")
    IN_APP = "in_app", _("Only here, under the bell")


class NotificationQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read_at=None)

    def delivered_by(self, delivery: str):
        """Notifications whose recipient wants their kind delivered by ``delivery``.

        Decided in the database from each recipient's Preference rows, falling back to
        DEFAULT_DELIVERY, so any number of recipients costs one query.
        """
        preference = Preference.objects.filter(user=OuterRef("recipient"), kind=OuterRef("kind"))
        by_default = [kind for kind, value in DEFAULT_DELIVERY.items() if value == delivery]
        return self.filter(
            Exists(preference.filter(delivery=delivery)) | (Q(kind__in=by_default) & ~Exists(preference))
        )


class Notification(models.Model):
    """One thing that happened, for one person. The sentence is written when shown, in their language."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("recipient")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    actor_organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("from")
    )
    network = models.ForeignKey(
        Network, on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("network")
    )
    title = models.CharField(_("title"), max_length=200)
    url = models.CharField(_("link"), max_length=300)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("emailed"), null=True, blank=True)
    digested_at = models.DateTimeField(_("sent in a digest"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="notification_inbox_idx"),
            models.Index(fields=["recipient", "read_at"], name="notification_unread_idx"),
            # What the daily digest looks through: neither emailed nor digested yet.
            models.Index(
                fields=["created_at"], condition=Q(emailed_at=None, digested_at=None), name="notification_pending_idx"
            ),
            # Whom a fan-out already told (notifications.services.deliver, run again after a crash).
            models.Index(fields=["url", "kind"], name="notification_about_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.title}"

    def sentence(self) -> str:
        """What happened, in the active language: written now, so each reader gets their own."""
        params = {"title": self.title, "organisation": self.actor_organisation.name if self.actor_organisation else ""}
        sentences = _SENTENCES_BY if self.actor_organisation_id else _SENTENCES
        return gettext(sentences[self.kind]) % params


# Marked for translation here, translated when a notification is shown (Notification.sentence).
_SENTENCES_BY: dict[str, str] = {
    Kind.REPLY: gettext_noop("%(organisation)s replied to your post “%(title)s”."),
    Kind.INTEREST: gettext_noop("%(organisation)s is interested in your post “%(title)s”."),
    Kind.PAMPHLET_ANSWER: gettext_noop("%(organisation)s answered your pamphlet request “%(title)s”."),
    Kind.MESSAGE: gettext_noop("%(organisation)s sent you a message about “%(title)s”."),
    Kind.FOLLOWED_POST: gettext_noop("%(organisation)s posted “%(title)s”."),
}
_SENTENCES: dict[str, str] = {
    Kind.REPLY: gettext_noop("A reply to your post “%(title)s”."),
    Kind.INTEREST: gettext_noop("Someone is interested in your post “%(title)s”."),
    Kind.PAMPHLET_ANSWER: gettext_noop("An answer to your pamphlet request “%(title)s”."),
    Kind.MESSAGE: gettext_noop("A message about “%(title)s”."),
    Kind.FOLLOWED_POST: gettext_noop("A new post: “%(title)s”."),
}


class Follow(models.Model):
    """A person following exactly one of: a network, a board category, a theme or a prefecture."""

    TARGETS = ("network", "category", "theme", "prefecture")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows")
    network = models.ForeignKey(Network, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    category = models.ForeignKey("board.Category", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    prefecture = models.ForeignKey(LocalGovernment, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        constraints = [
            models.CheckConstraint(
                name="follow_one_target",
                condition=(
                    Q(network__isnull=False, category=None, theme=None, prefecture=None)
                    | Q(network=None, category__isnull=False, theme=None, prefecture=None)
                    | Q(network=None, category=None, theme__isnull=False, prefecture=None)
                    | Q(network=None, category=None, theme=None, prefecture__isnull=False)
                ),
            ),
            models.UniqueConstraint(fields=["user", "network"], name="follow_network_once"),
            models.UniqueConstraint(fields=["user", "category"], name="follow_category_once"),
            models.UniqueConstraint(fields=["user", "theme"], name="follow_theme_once"),
            models.UniqueConstraint(fields=["user", "prefecture"], name="follow_prefecture_once"),
        ]

    @property
    def target_name(self) -> str:
        """Which of TARGETS this follow is about."""
        return next(name for name in self.TARGETS if getattr(self, f"{name}_id"))

    @property
    def target(self):
        return getattr(self, self.target_name)


class Preference(models.Model):
    """How one kind of notification reaches one person; without a row, DEFAULT_DELIVERY applies."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    delivery = models.CharField(_("delivery"), max_length=10, choices=Delivery.choices)

    class Meta:
        verbose_name = _("notification setting")
        verbose_name_plural = _("notification settings")
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="preference_once")]


DEFAULT_DELIVERY = {
    Kind.REPLY: Delivery.IMMEDIATE,
    Kind.INTEREST: Delivery.IMMEDIATE,
    Kind.PAMPHLET_ANSWER: Delivery.IMMEDIATE,
    Kind.MESSAGE: Delivery.IMMEDIATE,
    Kind.FOLLOWED_POST: Delivery.DIGEST,
}
