"""Inquiries and media requests to a network's secretariat (or to the platform), and their privacy policies.

An inquiry with ``network`` empty is addressed to the platform itself and is handled by site
staff (``is_staff``); everything else belongs to one network and is handled by its secretariat.
"""

from django.conf import settings
from django.db import models
from django.db.models import Count, Q, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from renkei.networks.models import Network


class PrivacyPolicyQuerySet(models.QuerySet):
    def for_desk(self, network: Network | None):
        """The versions of one network's policy, or of the platform's when ``network`` is None."""
        return self.filter(network=network) if network is not None else self.filter(network__isnull=True)

    def current(self, network: Network | None) -> "PrivacyPolicy | None":
        return self.for_desk(network).order_by("-version").first()


class PrivacyPolicy(models.Model):
    """One version of a privacy policy. Editing adds a version; an inquiry keeps the one consented to."""

    network = models.ForeignKey(
        Network,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="privacy_policies",
        verbose_name=_("network"),
    )
    version = models.PositiveIntegerField(_("version"))
    body = models.TextField(_("privacy policy"))  # translated: body_ja, body_en
    created_at = models.DateTimeField(_("published"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = PrivacyPolicyQuerySet.as_manager()

    class Meta:
        verbose_name = _("privacy policy")
        verbose_name_plural = _("privacy policies")
        ordering = ["network", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["network", "version"], name="privacy_policy_version"),
            # NULL never equals NULL in a unique index: the platform's versions need their own.
            models.UniqueConstraint(
                fields=["version"], condition=Q(network__isnull=True), name="privacy_policy_platform_version"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.network or _('Renkei')} v{self.version}"


class InboxSettings(models.Model):
    """How a secretariat's inbox works: its reply address and when an inquiry counts as overdue."""

    network = models.OneToOneField(
        Network, on_delete=models.CASCADE, null=True, blank=True, related_name="inbox_settings"
    )
    reply_to = models.EmailField(
        _("reply address"),
        blank=True,
        help_text=_("Answers to the replies you send come back to this address. Empty: your own address."),
    )
    overdue_after = models.PositiveSmallIntegerField(
        _("overdue after (working days)"),
        default=3,
        help_text=_("Weekends, public holidays and 29 December – 3 January do not count."),
    )

    class Meta:
        verbose_name = _("inbox settings")
        verbose_name_plural = _("inbox settings")
        constraints = [
            # One row for the platform too: NULL never equals NULL in a unique index.
            models.UniqueConstraint(Coalesce("network", Value(0)), name="inbox_settings_one_per_desk"),
        ]

    def __str__(self) -> str:
        return str(self.network or _("Renkei"))


class InquiryQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Inquiries ``user`` may read: a network's to staff of its secretariat, the platform's to site staff.

        Nobody else, not even a member of the network: inquiries hold the personal data of
        people who wrote to the secretariat. Pages also ask for a second factor (access.py).
        """
        if not user.is_authenticated:
            return self.none()
        condition = Q(network__in=Network.objects.with_secretariat_staff(user).values("id"))
        if user.is_staff:
            condition |= Q(network__isnull=True)
        return self.filter(condition)

    def for_desk(self, network: Network | None):
        return self.filter(network=network) if network is not None else self.filter(network__isnull=True)

    def open(self):
        return self.filter(status__in=(Inquiry.Status.NEW, Inquiry.Status.IN_PROGRESS))

    def overdue(self, today=None):
        """Open inquiries nobody has answered by their due day (see Inquiry.due_on)."""
        today = today or timezone.localdate()
        return self.open().filter(answered_at__isnull=True, due_on__lt=today)

    def figures(self, today=None) -> dict:
        """How many are new, in progress, answered, closed and overdue.

        Two grouped counts that the indexes answer alone (status; status, due day and answer),
        rather than one pass over every row of the desk.
        """
        counts = dict.fromkeys(Inquiry.Status.values, 0)
        counts.update(self.order_by().values_list("status").annotate(n=Count("id")).values_list("status", "n"))
        counts["overdue"] = self.overdue(today).order_by().count()
        return counts


class Inquiry(models.Model):
    class Kind(models.TextChoices):
        GENERAL = "general", _("General inquiry")
        MEDIA = "media", _("Media request")
        MEMBERSHIP = "membership", _("Membership")
        PARTNERSHIP = "partnership", _("Partnership")

    class Status(models.TextChoices):
        NEW = "new", pgettext_lazy("inquiry status", "New")
        IN_PROGRESS = "in_progress", _("In progress")
        ANSWERED = "answered", pgettext_lazy("inquiry status", "Answered")
        CLOSED = "closed", pgettext_lazy("inquiry status", "Closed")

    network = models.ForeignKey(
        Network, on_delete=models.CASCADE, null=True, blank=True, related_name="inquiries", verbose_name=_("network")
    )
    kind = models.CharField(_("kind of inquiry"), max_length=12, choices=Kind.choices, default=Kind.GENERAL)
    name = models.CharField(_("name"), max_length=100)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    email = models.EmailField(_("email"))
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    message = models.TextField(_("message"))
    # Media requests only.
    outlet = models.CharField(_("media outlet"), max_length=200, blank=True)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    wanted = models.TextField(_("what you would like"), blank=True)
    policy = models.ForeignKey(
        PrivacyPolicy, on_delete=models.PROTECT, related_name="inquiries", verbose_name=_("privacy policy consented to")
    )
    # The language of the page the sender used: their emails are written in it.
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, default="ja")
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.NEW)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_inquiries",
        verbose_name=_("assignee"),
    )
    created_at = models.DateTimeField(_("received"), default=timezone.now)
    # The last working day on which an answer is on time; stored so the inbox filters and
    # counts overdue inquiries in the database.
    due_on = models.DateField(_("answer due"))
    answered_at = models.DateTimeField(_("first answered"), null=True, blank=True)

    objects = InquiryQuerySet.as_manager()

    class Meta:
        verbose_name = _("inquiry")
        verbose_name_plural = _("inquiries")
        ordering = ["-created_at", "-id"]
        # The inbox filters one desk by status, kind or assignee and sorts by arrival.
        indexes = [
            models.Index(fields=["network", "-created_at"], name="inquiry_inbox_idx"),
            models.Index(fields=["network", "status", "-created_at"], name="inquiry_status_idx"),
            models.Index(fields=["network", "kind", "-created_at"], name="inquiry_kind_idx"),
            models.Index(fields=["network", "assignee", "-created_at"], name="inquiry_assignee_idx"),
            models.Index(fields=["network", "status", "due_on", "answered_at"], name="inquiry_due_idx"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.name}"

    @property
    def reference(self) -> str:
        """How the inquiry is named in emails, so an answer can be matched to it: R-000123."""
        return f"R-{self.pk:06d}"

    def is_overdue(self, today=None) -> bool:
        today = today or timezone.localdate()
        is_open = self.status in (self.Status.NEW, self.Status.IN_PROGRESS)
        return is_open and self.answered_at is None and self.due_on < today


class InquiryEntry(models.Model):
    """One step on an inquiry's thread: a reply emailed to the sender, or an internal note (never sent)."""

    class Kind(models.TextChoices):
        REPLY = "reply", pgettext_lazy("inquiry message", "Reply")
        NOTE = "note", _("Internal note")

    inquiry = models.ForeignKey(Inquiry, on_delete=models.CASCADE, related_name="entries")
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    body = models.TextField(_("text"))
    created_at = models.DateTimeField(_("written"), default=timezone.now)

    class Meta:
        verbose_name = _("inquiry entry")
        verbose_name_plural = _("inquiry entries")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.inquiry}"
