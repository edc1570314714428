"""Matching (官民連携): municipalities' needs, offers of companies and others, national programmes,
introductions between the two sides, and the programme relay with read and application marks."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from renkei.networks.models import Membership, Network, Tier
from renkei.organisations.models import Organisation, Staff
from renkei.registry.models import LocalGovernment
from renkei.registry.regions import Region


class Theme(models.Model):
    """A theme of the platform-wide matching taxonomy, with keywords in Japanese and English.

    The keywords carry the engine across languages: an English offer about "overtourism" and a
    Japanese need about オーバーツーリズム both belong to the same theme.
    """

    slug = models.SlugField(_("slug"), unique=True)
    name = models.CharField(_("name"), max_length=100)  # translated: name_ja, name_en
    # One keyword a line; keywords_ja and keywords_en are both read whatever the language.
    keywords = models.TextField(_("keywords"), blank=True)  # translated
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("matching theme")
        verbose_name_plural = _("matching themes")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.name

    def all_keywords(self) -> list[str]:
        text = "\n".join([self.name_ja or "", self.name_en or "", self.keywords_ja or "", self.keywords_en or ""])  # type: ignore[attr-defined]
        return [line.strip() for line in text.splitlines() if line.strip()]


class PartnerKind(models.TextChoices):
    COMPANY = "company", _("Company")
    MUNICIPALITY = "municipality", _("Municipality")
    UNIVERSITY = "university", _("University")
    NPO = "npo", _("NPO")


class Scale(models.TextChoices):
    SMALL = "small", _("Small (a pilot, under ¥1 million)")
    MEDIUM = "medium", _("Medium (¥1–10 million)")
    LARGE = "large", _("Large (over ¥10 million, several years)")


class Timeline(models.TextChoices):
    SOON = "soon", _("Within three months")
    THIS_YEAR = "this_year", _("Within this fiscal year")
    NEXT_YEAR = "next_year", _("From next fiscal year")
    ONGOING = "ongoing", _("Ongoing")


class NeedQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Needs this user may see: the one rule of every need list, page, suggestion, search and API.

        Public needs for everyone; members' needs for signed-in staff of an organisation that is an
        active member of any network, or runs one (a secretariat); every need of one's own
        organisation. Charlie (a municipality in no network) and a company outside every network
        see public needs only.
        """
        if not user.is_authenticated:
            return self.filter(visibility=Need.Visibility.PUBLIC)
        if user.is_superuser:
            return self
        own = Staff.objects.filter(user=user).values("organisation_id")
        # Read from the user's few staff rows outwards, never over every organisation.
        is_member = models.Exists(Network.objects.open_to(user))
        return self.filter(
            Q(visibility=Need.Visibility.PUBLIC)
            | Q(organisation__in=own)
            | (Q(visibility=Need.Visibility.MEMBERS) & Q(is_member))
        )

    def open(self):
        return self.filter(status=Need.Status.OPEN)


class Need(models.Model):
    """A municipality's need (課題) looking for a partner."""

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Public")
        MEMBERS = "members", _("Members of Renkei's networks only")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="needs", verbose_name=_("organisation")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"))
    themes = models.ManyToManyField(Theme, blank=True, related_name="needs", verbose_name=_("themes"))
    partner_kinds = models.JSONField(_("partners wanted"), default=list, blank=True)
    timeline = models.CharField(_("timeline"), max_length=12, choices=Timeline.choices, default=Timeline.THIS_YEAR)
    scale = models.CharField(_("scale"), max_length=8, choices=Scale.choices, default=Scale.SMALL)
    visibility = models.CharField(_("visibility"), max_length=8, choices=Visibility.choices, default=Visibility.PUBLIC)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.OPEN)
    is_demo = models.BooleanField(_("demo content"), default=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    objects = NeedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("need")
        verbose_name_plural = _("needs")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "-created_at", "-id"], name="need_list_idx"),
            models.Index(fields=["organisation", "-created_at"], name="need_org_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_partner_kinds_display(self) -> list[str]:
        labels = dict(PartnerKind.choices)
        return [str(labels[kind]) for kind in self.partner_kinds if kind in labels]


class OfferQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Offers this user may see: open offers for everyone (they are published to be found),
        and every offer of one's own organisation, closed ones included."""
        if user.is_authenticated and user.is_superuser:
            return self
        visible = Q(status=Offer.Status.OPEN)
        if user.is_authenticated:
            visible |= Q(organisation__in=Staff.objects.filter(user=user).values("organisation_id"))
        return self.filter(visible)


class Offer(models.Model):
    """What a company, an association or a municipality can provide for regional issues."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="offers", verbose_name=_("organisation")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("what you can provide"))
    themes = models.ManyToManyField(Theme, blank=True, related_name="offers", verbose_name=_("themes"))
    # Empty regions and prefectures: the whole country.
    regions = models.JSONField(_("regions served"), default=list, blank=True)
    prefectures = models.ManyToManyField(
        LocalGovernment,
        blank=True,
        related_name="+",
        limit_choices_to={"kind": LocalGovernment.Kind.PREFECTURE},
        verbose_name=_("prefectures served"),
    )
    scale = models.CharField(_("scale"), max_length=8, choices=Scale.choices, default=Scale.SMALL)
    examples = models.TextField(_("examples"), blank=True)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.OPEN)
    is_demo = models.BooleanField(_("demo content"), default=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    objects = OfferQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("offer")
        verbose_name_plural = _("offers")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "-created_at", "-id"], name="offer_list_idx"),
            models.Index(fields=["organisation", "-created_at"], name="offer_org_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_regions_display(self) -> list[str]:
        labels = dict(Region.choices)
        return [str(labels[region]) for region in self.regions if region in labels]


class ProgrammeQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Programmes this user may see: public ones for everyone; members' ones for the members and
        secretariat of the programme's network, the organisations it targets and its publisher;
        drafts for their publisher and the network's secretariat only."""
        if not user.is_authenticated:
            return self.filter(visibility=Programme.Visibility.PUBLIC, is_draft=False)
        if user.is_superuser:
            return self
        own = Staff.objects.filter(user=user).values("organisation_id")
        # A draft is for those who will publish it: its publisher and the network's secretariat.
        managers = Q(organisation__in=own) | Q(network__in=Network.objects.with_secretariat_staff(user).values("id"))
        return self.filter(
            managers
            | Q(is_draft=False)
            & (
                Q(visibility=Programme.Visibility.PUBLIC)
                | Q(network__in=Network.objects.open_to(user).values("id"))
                | Q(pk__in=ProgrammeTarget.objects.filter(organisation__in=own).values("programme_id"))
            )
        )


class Programme(models.Model):
    """A national agency's or a secretariat's programme or call (公募・事業), relayed to targeted members."""

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Public")
        MEMBERS = "members", _("Members of the network only")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="programmes", verbose_name=_("published by")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    agency = models.CharField(_("agency"), max_length=100, help_text=_("e.g. 経済産業省, 文化庁, 観光庁"))
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"))
    eligibility = models.TextField(_("eligibility"), blank=True)
    themes = models.ManyToManyField(Theme, blank=True, related_name="programmes", verbose_name=_("themes"))
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    link = models.URLField(_("link"), blank=True)
    visibility = models.CharField(_("visibility"), max_length=8, choices=Visibility.choices, default=Visibility.PUBLIC)
    # The network whose members the programme is relayed to, and which of them (empty: all).
    network = models.ForeignKey(
        Network, on_delete=models.PROTECT, related_name="programmes", verbose_name=_("relayed to the members of")
    )
    target_regions = models.JSONField(_("regions"), default=list, blank=True)
    target_prefectures = models.ManyToManyField(
        LocalGovernment,
        blank=True,
        related_name="+",
        limit_choices_to={"kind": LocalGovernment.Kind.PREFECTURE},
        verbose_name=_("prefectures"),
    )
    target_tiers = models.ManyToManyField(Tier, blank=True, related_name="+", verbose_name=_("tiers"))
    target_kinds = models.JSONField(_("kinds of member"), default=list, blank=True)
    # A draft reaches nobody: no targets, no search, no suggestions, until it is published.
    is_draft = models.BooleanField(_("draft"), default=False)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    is_demo = models.BooleanField(_("demo content"), default=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    # Moves whenever a target's mark or the programme changes: the cached status page is keyed by it.
    relay_changed_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = ProgrammeQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["relay_changed_at"])

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["-created_at", "-id"], name="programme_list_idx")]

    def __str__(self) -> str:
        return self.title


class ProgrammeTarget(models.Model):
    """A targeted member organisation's standing on a programme: not opened, read, considering, applying."""

    class Status(models.TextChoices):
        UNREAD = "unread", _("Not opened yet")
        READ = "read", _("Read")
        CONSIDERING = "considering", _("Considering")
        APPLYING = "applying", _("Applying")

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="targets")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="programme_targets")
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.UNREAD)
    read_at = models.DateTimeField(_("first opened"), null=True, blank=True)
    status_at = models.DateTimeField(_("status changed"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("last reminded"), null=True, blank=True)

    class Meta:
        verbose_name = _("programme target")
        verbose_name_plural = _("programme targets")
        constraints = [
            models.UniqueConstraint(fields=["programme", "organisation"], name="programme_target_unique"),
        ]
        indexes = [models.Index(fields=["organisation", "status"], name="programme_target_org_idx")]

    def __str__(self) -> str:
        return f"{self.programme} → {self.organisation}"


class ProgrammeAnnouncement(models.Model):
    """The sent-log of a programme's announcement to one targeted organisation: never twice."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="announcements")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    recipients = models.PositiveSmallIntegerField(_("addresses"), default=0)
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)

    class Meta:
        verbose_name = _("programme announcement")
        verbose_name_plural = _("programme announcements")
        constraints = [
            models.UniqueConstraint(fields=["programme", "organisation"], name="programme_announcement_once"),
        ]

    def __str__(self) -> str:
        return f"{self.programme_id} → {self.organisation_id}"


class Dismissal(models.Model):
    """A suggestion an organisation does not want to see again."""

    class Kind(models.TextChoices):
        NEED = "need", _("Need")
        OFFER = "offer", _("Offer")
        PROGRAMME = "programme", _("Programme")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    object_id = models.PositiveBigIntegerField()
    dismissed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("dismissed suggestion")
        verbose_name_plural = _("dismissed suggestions")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "kind", "object_id"], name="dismissal_unique"),
        ]


class IntroductionQuerySet(models.QuerySet):
    def involving(self, user):
        """Introductions asked by or of an organisation ``user`` is staff of."""
        if not user.is_authenticated:
            return self.none()
        own = Staff.objects.filter(user=user).values("organisation_id")
        return self.filter(Q(requester__in=own) | Q(recipient__in=own))

    def for_network(self, network):
        """Introductions where either side is a member (or applicant) of ``network``: its secretariat's view."""
        members = Membership.objects.filter(network=network).values("organisation_id")
        return self.filter(Q(requester__in=members) | Q(recipient__in=members))


class Introduction(models.Model):
    """One side asks to be introduced to the other; contacts are shown to both only once accepted."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for an answer")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", pgettext_lazy("introduction", "Declined")

    class Outcome(models.TextChoices):
        NONE = "", _("Not recorded")
        PROJECT = "project", _("Joint project")
        AGREEMENT = "agreement", _("Agreement")
        NO_RESULT = "no_result", _("No result")

    requester = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="introductions_asked", verbose_name=_("asked by")
    )
    recipient = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="introductions_received", verbose_name=_("asked of")
    )
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    need = models.ForeignKey(
        Need, on_delete=models.SET_NULL, null=True, blank=True, related_name="introductions", verbose_name=_("need")
    )
    offer = models.ForeignKey(
        Offer, on_delete=models.SET_NULL, null=True, blank=True, related_name="introductions", verbose_name=_("offer")
    )
    # For two municipalities with similar needs: the other one's need.
    partner_need = models.ForeignKey(
        Need, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("partner's need")
    )
    message = models.TextField(_("message"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(_("asked"), default=timezone.now)
    decided_at = models.DateTimeField(_("answered"), null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices, default="", blank=True)
    outcome_note = models.TextField(_("outcome details"), blank=True)
    outcome_on = models.DateField(_("outcome date"), null=True, blank=True)
    outcome_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    objects = IntroductionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = pgettext_lazy("matching", "introduction")
        verbose_name_plural = _("introductions")
        ordering = ["-created_at", "-id"]
        # One open request at a time for the same pair and subject: introduction_request checks it,
        # as a unique constraint cannot treat the empty sides (NULL) as equal on SQLite.

    def __str__(self) -> str:
        return f"{self.requester} → {self.recipient}"

    @property
    def is_accepted(self) -> bool:
        return self.status == self.Status.ACCEPTED

    def other_side(self, organisation_id: int) -> Organisation:
        return self.recipient if organisation_id == self.requester_id else self.requester


class IntroductionMessage(models.Model):
    """A message in the private thread that opens between two organisations once an introduction is accepted."""

    introduction = models.ForeignKey(Introduction, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    body = models.TextField(_("message"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("introduction message")
        verbose_name_plural = _("introduction messages")
        ordering = ["created_at", "id"]


# The engine's index (engine.py) -----------------------------------------------------------


class MatchDocument(models.Model):
    """What the engine knows of one need, offer or programme, beside its postings."""

    class Kind(models.TextChoices):
        NEED = "need", _("Need")
        OFFER = "offer", _("Offer")
        PROGRAMME = "programme", _("Programme")

    kind = models.CharField(max_length=10, choices=Kind.choices)
    object_id = models.PositiveBigIntegerField()
    organisation_id = models.PositiveBigIntegerField()
    # Space-separated theme slugs, given and found in the text; region codes and prefecture codes.
    themes = models.CharField(max_length=500, blank=True)
    regions = models.CharField(max_length=500, blank=True)
    scale = models.CharField(max_length=8, blank=True)
    length = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="match_document_unique")]


class MatchTerm(models.Model):
    """One posting: a term of a document with its BM25 weight (before idf), found by term."""

    document = models.ForeignKey(MatchDocument, on_delete=models.CASCADE, related_name="terms")
    kind = models.CharField(max_length=10)
    term = models.CharField(max_length=100)
    weight = models.FloatField()

    class Meta:
        indexes = [models.Index(fields=["kind", "term", "-weight", "document"], name="match_term_idx")]


class MatchTermStat(models.Model):
    """How many documents of a kind hold a term (its document frequency, for idf)."""

    kind = models.CharField(max_length=10)
    term = models.CharField(max_length=100)
    df = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "term"], name="match_term_stat_unique")]
