"""Networks (alliances, projects, programmes), their tiers, members, officers and fees."""

import copy

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from renkei.lib import generations
from renkei.lib.audience import AccessQuerySet
from renkei.lib.caching import kept
from renkei.organisations.models import Organisation, Staff


def network_scope(network_id: int) -> str:
    """The generation of what a network's pages show of it: its row, members, tiers, officers and staff."""
    return f"network:{network_id}"


# The generation of what the public side shows of every network at once (the home's network
# cards, figures, member counts and latest news): bumped with any network's own and any news.
PUBLIC = "networks:public"
# The generation of the network rows ``get_cached`` keeps: one for all, as there are few networks
# and an address with an unknown slug must not mint a generation of its own.
ROWS = "networks:rows"


def networks_changed(*pks: int) -> None:
    """Bump the generations of these networks: their pages, the rows kept by slug, and the public home."""
    generations.bump(*(network_scope(pk) for pk in pks), ROWS, PUBLIC)


class NetworkQuerySet(AccessQuerySet):
    # Who runs a network decides who manages it; its other fields decide no one's rights.
    access_fields = frozenset({"secretariat", "secretariat_id"})

    def touch(self) -> int:
        """Mark these networks as changed, so pages cached under their old version are not shown again."""
        rows = list(self.values_list("pk", flat=True))
        changed = self.update(changed_at=timezone.now())
        if rows:
            networks_changed(*rows)
        return changed

    def touch_for_organisations(self, organisation_ids) -> int:
        """Mark as changed every network these organisations belong to (their names and contacts show there)."""
        return self.filter(memberships__organisation_id__in=list(organisation_ids)).touch()

    def with_member_staff(self, user):
        """Networks in which ``user`` is staff of an organisation with an active membership."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(
            id__in=Membership.objects.filter(status=Membership.Status.ACTIVE, organisation__staff__user=user).values(
                "network_id"
            )
        )

    def with_secretariat_staff(self, user):
        """Networks run by an organisation ``user`` is staff of."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(secretariat__in=Staff.objects.filter(user=user).values("organisation_id"))

    def open_to(self, user):
        """Networks whose members' area ``user`` may enter: staff of an active member or of the secretariat.

        With ``with_member_staff`` and ``with_secretariat_staff``, the one definition of "member of a
        network" that members-only lists, search, contacts and the network pages share; use it as a
        subquery (``network__in=Network.objects.open_to(user).values("id")``).
        """
        return self.with_member_staff(user) | self.with_secretariat_staff(user)


class NetworkManager(models.Manager.from_queryset(NetworkQuerySet)):  # type: ignore[misc]
    def get_cached(self, slug: str) -> "Network | None":
        """The network with this slug, kept until it changes.

        Every page of a network starts here; the row is kept under the generation of network rows, which
        ``touch()``, ``save()`` and ``delete()`` bump, so a page whose fragments are kept too runs
        no query at all. Each caller gets its own copy: a view may set attributes on it.
        """
        network = kept(f"network-row:{slug}", lambda: self.filter(slug=slug).first(), 600, scopes=(ROWS,))
        return None if network is None else copy.copy(network)


class AccountType(models.TextChoices):
    ORDINARY = "ordinary", _("Ordinary account")
    CURRENT = "current", _("Current account")


class TaxTreatment(models.TextChoices):
    """How a network's fee invoices state consumption tax."""

    NOT_TAXABLE = "not_taxable", _("Not subject to consumption tax (membership fees)")
    QUALIFIED = "qualified", _("Qualified invoice: fees include consumption tax")


class Network(models.Model):
    class Kind(models.TextChoices):
        ALLIANCE = "alliance", _("Alliance")
        PROJECT = "project", _("Project")
        PROGRAMME = "programme", _("Programme")

    slug = models.SlugField(_("slug"), unique=True)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200)  # translated
    short_name = models.CharField(_("short name"), max_length=100, blank=True)  # translated
    description = models.TextField(_("description"), blank=True)  # translated
    secretariat = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="networks_run", verbose_name=_("secretariat")
    )
    established_on = models.DateField(_("established"), null=True, blank=True)
    website = models.URLField(_("website"), blank=True)
    accepts_applications = models.BooleanField(_("accepts applications"), default=True)
    # What a treasurer needs to pay and file the network's fee invoices.
    bank_name = models.CharField(_("bank"), max_length=100, blank=True)
    bank_branch = models.CharField(_("branch"), max_length=100, blank=True)
    bank_account_type = models.CharField(
        _("account type"), max_length=8, choices=AccountType.choices, default=AccountType.ORDINARY
    )
    bank_account_number = models.CharField(
        _("account number"),
        max_length=7,
        blank=True,
        validators=[RegexValidator(r"^\d{7}$", _("Enter the account number as 7 digits."))],
    )
    bank_account_holder = models.CharField(_("account holder (in kana)"), max_length=100, blank=True)
    tax_treatment = models.CharField(
        _("consumption tax"), max_length=12, choices=TaxTreatment.choices, default=TaxTreatment.NOT_TAXABLE
    )
    tax_registration_number = models.CharField(
        _("registration number"),
        max_length=14,
        blank=True,
        validators=[RegexValidator(r"^T\d{13}$", _("Enter the registration number as T followed by 13 digits."))],
    )
    # The version of everything the network's pages show; cached fragments are keyed by it.
    changed_at = models.DateTimeField(auto_now=True, editable=False)

    objects = NetworkManager()

    class Meta:
        verbose_name = _("network")
        verbose_name_plural = _("networks")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        networks_changed(self.pk)

    def delete(self, *args, **kwargs):
        pk = self.pk
        deleted = super().delete(*args, **kwargs)
        networks_changed(pk)
        return deleted

    def standing_of(self, user) -> tuple[bool, bool]:
        """Whether ``user`` is (member staff, secretariat staff) of this network, from their audience.

        Views read ``request.audience`` instead; this is for code that has a user and no request.
        """
        from renkei.networks.audience import audience_of

        return audience_of(user).standing(self.pk)


class Tier(models.Model):
    """A membership category (会員区分) with its annual fee in yen."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="tiers")
    name = models.CharField(_("name"), max_length=100)  # translated
    annual_fee = models.PositiveIntegerField(_("annual fee (yen)"), default=0)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("tier")
        verbose_name_plural = _("tiers")
        ordering = ["network", "order", "id"]

    def __str__(self) -> str:
        return self.name


class Theme(models.Model):
    """A theme of the network's taxonomy (観光, 防災, 移住…), shared by its posts, events and profiles."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="themes", verbose_name=_("network"))
    name = models.CharField(_("name"), max_length=100)  # translated
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["network", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["network", "name"], name="theme_unique_name")]

    def __str__(self) -> str:
        return self.name


class MembershipQuerySet(AccessQuerySet):
    """Memberships decide who enters a network, and its pages list them: both follow a write in bulk."""

    def _affected(self) -> list:
        return list(self.values_list("network_id", flat=True).distinct())

    def _affected_of(self, objs) -> list:
        return list({obj.network_id for obj in objs})

    def changed(self, affected: list) -> None:
        super().changed(affected)
        Network.objects.filter(pk__in=affected).touch()

    def active(self):
        return self.filter(status=Membership.Status.ACTIVE)


class Membership(models.Model):
    class Status(models.TextChoices):
        APPLIED = "applied", _("Applied")
        ACTIVE = "active", _("Active")
        SUSPENDED = "suspended", _("Suspended")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    tier = models.ForeignKey(Tier, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("tier"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.ACTIVE)
    joined_on = models.DateField(_("joined"), null=True, blank=True)
    left_on = models.DateField(_("left"), null=True, blank=True)

    history = HistoricalRecords()
    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["network", "organisation__name_kana", "id"]
        constraints = [models.UniqueConstraint(fields=["network", "organisation"], name="membership_unique")]
        indexes = [models.Index(fields=["network", "status"], name="membership_status_idx")]

    def __str__(self) -> str:
        return f"{self.organisation} — {self.network}"


class NetworkFigure(models.Model):
    """A published figure "as of" a date: 参加自治体 664団体（うち正会員67団体）, as of 8 January 2026."""

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="figures")
    label = models.CharField(_("label"), max_length=100)  # translated
    value = models.PositiveIntegerField(_("value"))
    unit = models.CharField(_("unit"), max_length=20, blank=True)  # translated
    as_of = models.DateField(_("as of"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("published figure")
        verbose_name_plural = _("published figures")
        ordering = ["network", "-as_of", "order"]

    def __str__(self) -> str:
        return f"{self.label}: {self.value}"

    @property
    def counter(self) -> str:
        """The unit after the value in the reader's language: 団体 in Japanese; in English only an
        English unit, never the Japanese counter (664, not 664団体)."""
        if (get_language() or "ja").startswith("ja"):
            return self.unit
        return self.unit_en or ""  # type: ignore[attr-defined]  # modeltranslation


class OfficerQuerySet(models.QuerySet):
    def current(self, day=None):
        day = day or timezone.localdate()
        return self.filter(Q(term_start__isnull=True) | Q(term_start__lte=day)).filter(
            Q(term_end__isnull=True) | Q(term_end__gte=day)
        )


class Officer(models.Model):
    """An officer (役員) of a network for a term: 会長 澤井 宏文 松原市長."""

    class Role(models.TextChoices):
        PRESIDENT = "president", _("President")
        ACTING_PRESIDENT = "acting_president", _("Acting President")
        VICE_PRESIDENT = "vice_president", _("Vice President")
        AUDITOR = "auditor", _("Auditor")
        DIRECTOR = "director", _("Director")

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="officers")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    person_name = models.CharField(_("name"), max_length=100)  # translated
    title = models.CharField(_("job title"), max_length=100, blank=True)  # translated: 松原市長 / Mayor of Matsubara
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="officer_roles",
        verbose_name=_("organisation"),
    )
    term_start = models.DateField(_("term starts"), null=True, blank=True)
    term_end = models.DateField(_("term ends"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = OfficerQuerySet.as_manager()

    class Meta:
        verbose_name = _("officer")
        verbose_name_plural = _("officers")
        ordering = ["network", "order", "id"]

    def __str__(self) -> str:
        return f"{self.get_role_display()} {self.person_name}"

    def is_current(self, day=None) -> bool:
        day = day or timezone.localdate()
        return (self.term_start is None or self.term_start <= day) and (self.term_end is None or day <= self.term_end)


class Application(models.Model):
    """A request to join a network on behalf of a municipality or a company."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        DECLINED = "declined", _("Declined")

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="applications")
    organisation_kind = models.CharField(_("kind of organisation"), max_length=16, choices=Organisation.Kind.choices)
    local_government = models.ForeignKey(
        "registry.LocalGovernment",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("local government"),
    )
    organisation_name = models.CharField(_("organisation name"), max_length=200, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=100)
    department = models.CharField(_("department"), max_length=200, blank=True)
    email = models.EmailField(_("email"))
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    tier = models.ForeignKey(Tier, on_delete=models.PROTECT, related_name="+", verbose_name=_("tier wanted"))
    message = models.TextField(_("message"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    # The language the applicant used: emails about the application are written in it.
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, default="ja")
    created_at = models.DateTimeField(_("applied"), default=timezone.now)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    membership = models.ForeignKey(Membership, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.display_organisation} → {self.network}"

    @property
    def display_organisation(self) -> str:
        return self.local_government.full_name if self.local_government else self.organisation_name


class Invoice(models.Model):
    """A fee invoice for one fiscal year (年度) of one membership; paid when paid_on is set."""

    membership = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="invoices")
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    number = models.CharField(_("invoice number"), max_length=40, unique=True)
    tier_name = models.CharField(_("tier"), max_length=100)
    tier_name_en = models.CharField(_("tier (English)"), max_length=100, blank=True)
    amount = models.PositiveIntegerField(_("amount (yen)"))
    issued_on = models.DateField(_("issued"))
    due_on = models.DateField(_("due"))
    paid_on = models.DateField(_("paid"), null=True, blank=True)

    class Meta:
        verbose_name = _("invoice")
        verbose_name_plural = _("invoices")
        ordering = ["-fiscal_year", "number"]
        constraints = [models.UniqueConstraint(fields=["membership", "fiscal_year"], name="invoice_one_per_year")]

    def __str__(self) -> str:
        return self.number

    @property
    def is_paid(self) -> bool:
        return self.paid_on is not None

    @property
    def tier_label(self) -> str:
        """The tier's name as it was on the day of issue, in English for English readers when known."""
        if (get_language() or "ja").startswith("ja"):
            return self.tier_name
        if self.tier_name_en:
            return self.tier_name_en
        # Issued before the tier had an English name: the tier's own, while it is still the same tier.
        tier = self.membership.tier
        if tier.name_en and tier.name_ja == self.tier_name:  # type: ignore[attr-defined]  # modeltranslation
            return tier.name_en  # type: ignore[attr-defined]
        return self.tier_name

    @property
    def consumption_tax(self) -> int:
        """The consumption tax included in a qualified invoice's amount: 10/110, rounded down once."""
        return self.amount * 10 // 110


class ImportJob(models.Model):
    """A members-and-contacts file imported in the background, with its progress and errors."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to start")
        VALIDATING = "validating", _("Checking rows")
        WRITING = "writing", _("Saving")
        DONE = "done", _("Done")
        FAILED = "failed", _("Rejected")

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="import_jobs")
    file = models.FileField(_("file"), upload_to="imports/%Y/%m/")
    original_name = models.CharField(_("file name"), max_length=255)
    language = models.CharField(max_length=8, default="ja")
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PENDING)
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    done_rows = models.PositiveIntegerField(_("rows done"), default=0)
    # [{"row": 3, "message": "..."}, ...]; row 0 is about the file as a whole.
    errors = models.JSONField(_("errors"), default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("import job")
        verbose_name_plural = _("import jobs")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.original_name} ({self.get_status_display()})"

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)
