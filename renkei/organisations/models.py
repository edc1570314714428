"""Organisations (municipalities, companies, agencies…), their staff and their contacts."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from renkei.lib.audience import AccessQuerySet
from renkei.lib.dates import fiscal_year, fiscal_year_start


class Organisation(models.Model):
    class Kind(models.TextChoices):
        MUNICIPALITY = "municipality", _("Municipality")
        PREFECTURE = "prefecture", _("Prefecture")
        COMPANY = "company", _("Company")
        ASSOCIATION = "association", _("Association")
        NATIONAL_AGENCY = "agency", _("National agency")
        OVERSEAS = "overseas", _("Overseas body")
        SECRETARIAT = "secretariat", _("Secretariat")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200)  # translated: name_ja, name_en
    name_kana = models.CharField(_("name (kana)"), max_length=200, blank=True)
    local_government = models.OneToOneField(
        "registry.LocalGovernment",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisation",
        verbose_name=_("local government"),
    )
    overseas_government = models.ForeignKey(
        "registry.OverseasGovernment",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
        verbose_name=_("overseas local government"),
    )
    # Where the organisation is, for filters and the map; a municipality's own prefecture.
    prefecture = models.ForeignKey(
        "registry.LocalGovernment",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"kind": "prefecture"},
        verbose_name=_("prefecture"),
    )
    website = models.URLField(_("website"), blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name_kana", "id"]
        indexes = [models.Index(fields=["kind", "prefecture"], name="org_kind_pref_idx")]

    def __str__(self) -> str:
        return self.name

    @property
    def is_government(self) -> bool:
        return self.local_government_id is not None


class Staff(models.Model):
    """A person's place in an organisation; an admin manages staff and contacts."""

    class Role(models.TextChoices):
        ADMIN = "admin", _("Administrator")
        STAFF = "staff", _("Staff")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff_roles")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="staff")
    role = models.CharField(_("role"), max_length=8, choices=Role.choices, default=Role.STAFF)
    created_at = models.DateTimeField(default=timezone.now)

    objects = AccessQuerySet.as_manager()

    class Meta:
        verbose_name = _("staff")
        verbose_name_plural = _("staff")
        constraints = [models.UniqueConstraint(fields=["user", "organisation"], name="staff_unique")]

    def __str__(self) -> str:
        return f"{self.user} @ {self.organisation}"


class ContactQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Contacts this user may see: never for anonymous visitors or non-members.

        A person sees the contacts of their own organisations, of the fellow active members
        of the networks their organisation actively belongs to, and, as a network's
        secretariat, of every organisation that belongs or applied to that network.
        """
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self
        from renkei.networks.models import Membership, Network

        own = Organisation.objects.filter(staff__user=user)
        member_networks = Network.objects.with_member_staff(user).values("id")
        run_networks = Network.objects.with_secretariat_staff(user).values("id")
        return self.filter(
            Q(organisation__in=own)
            | Q(
                organisation__memberships__network__in=member_networks,
                organisation__memberships__status=Membership.Status.ACTIVE,
            )
            | Q(organisation__memberships__network__in=run_networks)
        ).distinct()

    def unconfirmed(self, year: int | None = None):
        """Contacts not confirmed since 1 April of the fiscal year (after the April personnel moves)."""
        start = fiscal_year_start(year if year is not None else fiscal_year())
        return self.filter(Q(last_confirmed_on__isnull=True) | Q(last_confirmed_on__lt=start))


class Contact(models.Model):
    """A person to reach at an organisation (担当者). Has an owner who keeps it current."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="contacts")
    person_name = models.CharField(_("name"), max_length=100)
    person_name_kana = models.CharField(_("name (kana)"), max_length=100, blank=True)
    department = models.CharField(_("department"), max_length=200, blank=True)
    title = models.CharField(_("job title"), max_length=100, blank=True)
    email = models.EmailField(_("email"))
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    is_primary = models.BooleanField(_("primary contact"), default=False)
    # Municipal staff read Japanese; an international relations coordinator may prefer English.
    language = models.CharField(
        _("language for email"), max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_contacts",
        verbose_name=_("owner"),
    )
    last_confirmed_on = models.DateField(_("last confirmed"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords()
    objects = ContactQuerySet.as_manager()

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["-is_primary", "department", "person_name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["organisation"], condition=Q(is_primary=True), name="contact_one_primary"),
            models.UniqueConstraint(fields=["organisation", "email"], name="contact_email_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.person_name} ({self.organisation})"

    def is_confirmed_this_year(self) -> bool:
        return self.last_confirmed_on is not None and self.last_confirmed_on >= fiscal_year_start(fiscal_year())


def _invitation_token() -> str:
    return secrets.token_urlsafe(32)


def _invitation_expiry():
    return timezone.now() + timedelta(days=14)


class Invitation(models.Model):
    """An invitation to join an organisation's staff on Renkei; accepting creates the account."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("email"))
    role = models.CharField(_("role"), max_length=8, choices=Staff.Role.choices, default=Staff.Role.STAFF)
    token = models.CharField(max_length=64, unique=True, default=_invitation_token, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(default=_invitation_expiry)
    accepted_at = models.DateTimeField(null=True, blank=True)
    # Contacts handed over to the invitee: they become the invitee's once the invitation is accepted.
    contacts = models.ManyToManyField(Contact, blank=True, related_name="pending_handovers")

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return f"{self.email} → {self.organisation}"

    def is_usable(self) -> bool:
        return self.accepted_at is None and self.expires_at > timezone.now()


class ConfirmationRequest(models.Model):
    """An email asking an owner to confirm their contacts for a fiscal year; one per owner a day at most."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="confirmation_requests",
        verbose_name=_("owner"),
    )
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    sent_on = models.DateField(_("sent on"))
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)

    class Meta:
        verbose_name = _("confirmation request")
        verbose_name_plural = _("confirmation requests")
        ordering = ["-sent_at"]
        constraints = [models.UniqueConstraint(fields=["owner", "sent_on"], name="confirmation_request_daily")]

    def __str__(self) -> str:
        return f"{self.owner} {self.fiscal_year} {self.sent_on}"
