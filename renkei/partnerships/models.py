"""Partnerships (sister cities, agreements), the exchanges they lead to, and partner searches.

A partnership joins two or more parties: Japanese local governments from the registry, local
governments abroad, or companies and associations. Partnerships and exchange activities are
public facts; a partnership may be kept as a draft (not yet announced) that only its editors see.
"""

import datetime
from functools import reduce
from operator import or_

from django.conf import settings
from django.db import models
from django.db.models import Case, F, IntegerField, Q, Value, When
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from renkei.lib import generations
from renkei.networks.models import Membership
from renkei.organisations.models import Organisation, Staff
from renkei.registry.models import LocalGovernment, OverseasGovernment

# The generation of partnerships, activities and profiles: what is kept of their pages reads it.
SCOPE = "partnerships"


def version() -> str:
    """The partnerships' current generation, for the fragments their templates keep."""
    return generations.read(SCOPE)[0]


def changed() -> None:
    generations.bump(SCOPE)


def round_anniversaries(limit: int = 200) -> list[int]:
    """The anniversaries worth celebrating: every 5 years up to the 30th, then every 10."""
    return [n for n in range(5, limit + 1) if (n <= 30 and n % 5 == 0) or n % 10 == 0]


ROUND_ANNIVERSARIES = round_anniversaries()


def country_name(code: str) -> str:
    """A country's name in the active language (ドイツ / Germany), or the code when unknown."""
    return str(countries.name(code)) or code


def format_partial_date(day: datetime.date, precision: str) -> str:
    """A date known to the day, month or year: 2019年9月11日 / 2023年7月 / 1994年 (11 September 2019 / July 2023)."""
    japanese = (get_language() or "ja").startswith("ja")
    if precision == "year":
        return f"{day.year}年" if japanese else str(day.year)
    if precision == "month":
        return f"{day.year}年{day.month}月" if japanese else f"{day.strftime('%B')} {day.year}"
    return f"{day.year}年{day.month}月{day.day}日" if japanese else f"{day.day} {day.strftime('%B')} {day.year}"


def _staff_organisations(user):
    return Staff.objects.filter(user=user).values("organisation_id")


def _secretariat_member_organisations(user):
    """Organisations that are active members of a network run by an organisation ``user`` is staff of."""
    return Membership.objects.filter(status=Membership.Status.ACTIVE, network__secretariat__staff__user=user).values(
        "organisation_id"
    )


def editable_organisations_q(user, *, secretariat: bool, prefix: str = "") -> Q:
    """Parties (as a Party lookup under ``prefix``) whose partnerships ``user`` may edit.

    The one rule for who edits: staff of an organisation that is a party (directly, or as the
    organisation of a party local government) and, with ``secretariat``, staff of a network's
    secretariat for the parties that are active members of that network.
    """
    if not user.is_authenticated:
        return Q(pk__in=[])
    sources = [_staff_organisations(user)]
    if secretariat:
        sources.append(_secretariat_member_organisations(user))
    q = Q()
    for organisations in sources:
        q |= Q(**{f"{prefix}organisation__in": organisations}) | Q(
            **{f"{prefix}local_government__organisation__in": organisations}
        )
    return q


class PartnershipQuerySet(models.QuerySet):
    def editable_by(self, user, *, secretariat: bool = True):
        """Partnerships ``user`` may edit (see ``editable_organisations_q``); secretariats need two factors,
        which the access helpers check on the request."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self
        parties = Party.objects.filter(editable_organisations_q(user, secretariat=secretariat))
        return self.filter(pk__in=parties.values("partnership_id"))

    def visible_to(self, user):
        """Partnerships this user may see: every list, page, search, feed, export and API reads this.

        Published partnerships are public facts; a draft (an agreement not yet announced) only for
        the people who may edit it.
        """
        if not user.is_authenticated:
            return self.filter(is_draft=False)
        if user.is_superuser:
            return self
        editable = Party.objects.filter(editable_organisations_q(user, secretariat=True))
        return self.filter(Q(is_draft=False) | Q(pk__in=editable.values("partnership_id")))

    def _with_party(self, condition: Q):
        return self.filter(pk__in=Party.objects.filter(condition).values("partnership_id"))

    def of_local_government(self, government: LocalGovernment):
        return self._with_party(Q(local_government=government))

    def in_country(self, code: str):
        """With a party abroad in this country (ISO 3166-1 alpha-2)."""
        return self._with_party(Q(country=code.upper()))

    def in_prefecture(self, prefecture_code: str):
        """With a Japanese party in this prefecture (the prefecture itself or one of its municipalities)."""
        return self._with_party(Q(prefecture_id=prefecture_code))

    def in_network(self, network):
        """With a party that is (or whose local government is) an active member of ``network``."""
        members = Membership.objects.filter(network=network, status=Membership.Status.ACTIVE).values("organisation_id")
        return self._with_party(Q(organisation__in=members) | Q(local_government__organisation__in=members))

    def anniversaries_between(self, first: datetime.date, last: datetime.date):
        """Partnerships with a round anniversary from ``first`` to ``last``, soonest first, with ``due_year``.

        Read by the database alone: for each year in the window the starting years that make a
        round anniversary are a short list, so the filter is an indexed ``start_year IN (...)``,
        narrowed by month and day at both ends. An anniversary known only to the year or month is
        due while any part of that year or month is in the window. Ended partnerships have none.
        """
        conditions = []
        for year in range(first.year, last.year + 1):
            condition = Q(start_year__in=[year - n for n in ROUND_ANNIVERSARIES if year - n > 0])
            if year == first.year:
                condition &= (
                    Q(start_month__isnull=True)
                    | Q(start_month__gt=first.month)
                    | Q(start_month=first.month, start_day__isnull=True)
                    | Q(start_month=first.month, start_day__gte=first.day)
                )
            if year == last.year:
                condition &= (
                    Q(start_month__isnull=True)
                    | Q(start_month__lt=last.month)
                    | Q(start_month=last.month, start_day__isnull=True)
                    | Q(start_month=last.month, start_day__lte=last.day)
                )
            conditions.append((year, condition))
        due_year = Case(*(When(c, then=Value(y)) for y, c in conditions), output_field=IntegerField())
        return (
            self.filter(reduce(or_, (c for _y, c in conditions)))
            .exclude(status=Partnership.Status.ENDED)
            .exclude(status=Partnership.Status.FIXED_TERM, ends_on__lt=first)
            .annotate(due_year=due_year)
            .order_by(
                "due_year",
                F("start_month").asc(nulls_first=True),
                F("start_day").asc(nulls_first=True),
                "id",
            )
        )


class Partnership(models.Model):
    class Kind(models.TextChoices):
        SISTER_CITY = "sister_city", _("Sister city")
        FRIENDSHIP_CITY = "friendship_city", _("Friendship city")
        SISTER_STATE = "sister_state", _("Sister state or prefecture")
        DISASTER_SUPPORT = "disaster_support", _("Disaster mutual-support agreement")
        COMPREHENSIVE = "comprehensive", _("Comprehensive collaboration agreement")
        ECONOMIC = "economic", _("Economic exchange agreement")
        TOURISM = "tourism", _("Tourism exchange agreement")
        CULTURAL = "cultural", _("Cultural exchange agreement")

    class Precision(models.TextChoices):
        DAY = "day", _("Day")
        MONTH = "month", _("Month")
        YEAR = "year", _("Year")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        FIXED_TERM = "fixed_term", _("Fixed term")
        ENDED = "ended", _("Ended")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    established_on = models.DateField(_("established"))
    established_precision = models.CharField(
        _("known to the"), max_length=5, choices=Precision.choices, default=Precision.DAY
    )
    # The known parts of the start, kept apart so anniversaries are found by an indexed filter.
    start_year = models.PositiveSmallIntegerField(editable=False)
    start_month = models.PositiveSmallIntegerField(null=True, editable=False)
    start_day = models.PositiveSmallIntegerField(null=True, editable=False)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.ACTIVE)
    ends_on = models.DateField(_("ends"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)  # translated: description_ja, description_en
    sources = models.TextField(_("sources"), blank=True, help_text=_("One per line: a web address or a citation."))
    is_draft = models.BooleanField(
        _("draft"), default=False, help_text=_("Not yet announced: only the parties' staff see it.")
    )
    # What lists and search show: the parties' names, kept current by the services.
    label = models.CharField(_("parties"), max_length=500, editable=False, blank=True)
    label_en = models.CharField(max_length=500, editable=False, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    objects = PartnershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("partnership")
        verbose_name_plural = _("partnerships")
        ordering = ["-established_on", "-id"]
        indexes = [
            models.Index(fields=["-established_on", "-id"], name="partnership_recent_idx"),
            # Covers what the anniversaries filter and count read, so they never touch the rows.
            models.Index(
                fields=["start_year", "start_month", "start_day", "status", "is_draft", "ends_on"],
                name="partnership_due_idx",
            ),
            models.Index(fields=["is_draft"], name="partnership_draft_idx"),
            models.Index(fields=["kind", "-established_on"], name="partnership_kind_idx"),
            models.Index(fields=["status", "-established_on"], name="partnership_status_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="fixed_term") | Q(ends_on__isnull=False), name="partnership_fixed_term_ends"
            ),
        ]

    def __str__(self) -> str:
        return self.display_label or f"#{self.pk}"

    def save(self, *args, **kwargs):
        self.set_start()
        super().save(*args, **kwargs)

    def set_start(self) -> None:
        """Copy the known parts of ``established_on`` into start_year, start_month and start_day."""
        self.start_year = self.established_on.year
        known_month = self.established_precision != self.Precision.YEAR
        self.start_month = self.established_on.month if known_month else None
        self.start_day = self.established_on.day if self.established_precision == self.Precision.DAY else None

    @property
    def display_label(self) -> str:
        if (get_language() or "ja").startswith("en") and self.label_en:
            return self.label_en
        return self.label

    @property
    def established_display(self) -> str:
        return format_partial_date(self.established_on, self.established_precision)

    def anniversary_on(self, year: int) -> datetime.date:
        """The day the anniversary in ``year`` is reminded for: the first day of its known period."""
        month = self.start_month or 1
        day = self.start_day or 1
        if month == 2 and day == 29:
            day = 28
        return datetime.date(year, month, day)


class Party(models.Model):
    """One party to a partnership: exactly one of a Japanese local government, one abroad, or an organisation."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="parties")
    local_government = models.ForeignKey(
        LocalGovernment, on_delete=models.PROTECT, null=True, blank=True, related_name="partnership_parties"
    )
    overseas_government = models.ForeignKey(
        OverseasGovernment, on_delete=models.PROTECT, null=True, blank=True, related_name="partnership_parties"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="partnership_parties"
    )
    # Copied from the party, for the directory's filters and the counts: "JP" for a Japanese
    # local government, the ISO code abroad, empty for an organisation; the prefecture in Japan.
    country = models.CharField(max_length=2, blank=True)
    prefecture = models.ForeignKey(
        LocalGovernment, on_delete=models.PROTECT, null=True, blank=True, related_name="+", db_index=False
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        ordering = ["order", "id"]
        indexes = [
            models.Index(fields=["country", "partnership"], name="party_country_idx"),
            models.Index(fields=["prefecture", "partnership"], name="party_prefecture_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(local_government__isnull=False, overseas_government__isnull=True, organisation__isnull=True)
                    | Q(local_government__isnull=True, overseas_government__isnull=False, organisation__isnull=True)
                    | Q(local_government__isnull=True, overseas_government__isnull=True, organisation__isnull=False)
                ),
                name="party_exactly_one",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        if self.local_government is not None:
            return self.local_government.full_name
        if self.overseas_government is not None:
            return self.overseas_government.name_en
        return self.organisation.name if self.organisation is not None else ""


class ActivityQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Activities are public records of what happened; those of a draft partnership follow it."""
        if user.is_authenticated and user.is_superuser:
            return self
        # Checked row by row through the partnership's key, not against the list of every
        # visible partnership: an activity list reads a few rows of an index.
        visible = Q(partnership__isnull=True) | Q(partnership__is_draft=False)
        if user.is_authenticated:
            editable = Party.objects.filter(editable_organisations_q(user, secretariat=True))
            visible |= Q(partnership__in=editable.values("partnership_id"))
        return self.filter(visible)

    def editable_by(self, user, *, secretariat: bool = True):
        """The recording organisation's staff (and its networks' secretariats), or the partnership's editors."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self
        organisations = [_staff_organisations(user)]
        if secretariat:
            organisations.append(_secretariat_member_organisations(user))
        q = Q(partnership__in=Partnership.objects.editable_by(user, secretariat=secretariat).values("id"))
        for ids in organisations:
            q |= Q(organisation__in=ids)
        return self.filter(q)

    def of_local_government(self, government: LocalGovernment):
        return self.filter(
            Q(local_government=government)
            | Q(partnership__in=Party.objects.filter(local_government=government).values("partnership_id"))
        )


class Activity(models.Model):
    """An exchange that took place: a delegation, a student exchange, a study tour, a tree planting…"""

    class Kind(models.TextChoices):
        DELEGATION = "delegation", _("Delegation visit")
        STUDENT_EXCHANGE = "student_exchange", _("Student exchange")
        CITIZEN_EXCHANGE = "citizen_exchange", _("Citizen exchange")
        STUDY_TOUR = "study_tour", _("Study tour")
        CULTURAL_EVENT = "cultural_event", _("Cultural event")
        TREE_PLANTING = "tree_planting", _("Tree planting")
        TRADE_MISSION = "trade_mission", _("Trade mission")
        OTHER = "other", _("Other exchange")

    partnership = models.ForeignKey(
        Partnership,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name=_("partnership"),
    )
    # Whose activity it is: its staff edit it. Its local government, if any, lists it on its page.
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="exchange_activities", verbose_name=_("recorded by")
    )
    local_government = models.ForeignKey(
        LocalGovernment, on_delete=models.PROTECT, null=True, blank=True, related_name="exchange_activities"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)  # translated
    starts_on = models.DateField(_("date"))
    ends_on = models.DateField(_("until"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)  # translated
    participant_count = models.PositiveIntegerField(_("participants"), null=True, blank=True)
    # ISO codes separated by spaces: "DE FR"; two letters each, so a contains-test finds one.
    participant_countries = models.CharField(_("participants' countries"), max_length=800, blank=True)
    # When only the number is known ("10 participants from 8 countries").
    participant_country_count = models.PositiveSmallIntegerField(_("number of countries"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)  # translated
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    objects = ActivityQuerySet.as_manager()

    class Meta:
        verbose_name = _("exchange activity")
        verbose_name_plural = _("exchange activities")
        ordering = ["-starts_on", "-id"]
        indexes = [
            models.Index(fields=["partnership", "-starts_on"], name="activity_partnership_idx"),
            models.Index(fields=["local_government", "-starts_on"], name="activity_lg_idx"),
            models.Index(fields=["-starts_on", "-id"], name="activity_recent_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def country_codes(self) -> list[str]:
        return self.participant_countries.split()

    @property
    def country_names(self) -> list[str]:
        return [country_name(code) for code in self.country_codes]

    @property
    def country_total(self) -> int:
        return max(len(self.country_codes), self.participant_country_count or 0)


def photo_path(photo: "ActivityPhoto", filename: str) -> str:
    return f"partnerships/{timezone.now():%Y/%m}/{filename}"


class ActivityPhoto(models.Model):
    """A photo of an activity (its type read from its content), with a caption and a text alternative."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="photos")
    image = models.FileField(_("photo"), upload_to=photo_path)
    thumbnail = models.FileField(upload_to=photo_path, blank=True)
    content_type = models.CharField(max_length=40)
    caption = models.CharField(_("caption"), max_length=300, blank=True)
    alt_text = models.CharField(
        _("text alternative"), max_length=300, help_text=_("What the photo shows, for people who cannot see it.")
    )
    order = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.caption or self.alt_text


class AnniversaryReminder(models.Model):
    """An anniversary reminder sent to a party's contacts: never the same one twice."""

    class Lead(models.TextChoices):
        YEAR = "year", _("A year ahead")
        QUARTER = "quarter", _("Three months ahead")

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="reminders")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    anniversary_year = models.PositiveSmallIntegerField()
    lead = models.CharField(max_length=8, choices=Lead.choices)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("anniversary reminder")
        verbose_name_plural = _("anniversary reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "organisation", "anniversary_year", "lead"], name="anniversary_reminder_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.partnership_id} {self.anniversary_year} {self.lead}"


class PartnerProfileQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Profiles are for signed-in users of Renkei (as CLAIR shares them with local governments)."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self
        own = Q(local_government__organisation__in=_staff_organisations(user))
        return self.filter(Q(is_open=True) | own)


class PartnerProfile(models.Model):
    """A local government looking for a partner abroad (as CLAIR keeps them): what it wants and offers."""

    local_government = models.OneToOneField(
        LocalGovernment, on_delete=models.PROTECT, related_name="partner_profile", verbose_name=_("local government")
    )
    countries_wanted = models.CharField(_("countries wanted"), max_length=800, blank=True)  # "US AU"
    regions_wanted = models.CharField(
        _("regions wanted"), max_length=200, blank=True, help_text=_("E.g. English-speaking, South-East Asia.")
    )
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    area_km2 = models.DecimalField(_("area (km²)"), max_digits=8, decimal_places=2, null=True, blank=True)
    overview = models.TextField(_("overview"))  # translated
    conditions = models.TextField(_("conditions wished for"), blank=True)  # translated
    pr_text = models.TextField(_("PR"), blank=True)  # translated
    is_open = models.BooleanField(_("looking for a partner now"), default=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    objects = PartnerProfileQuerySet.as_manager()

    class Meta:
        verbose_name = _("partner search profile")
        verbose_name_plural = _("partner search profiles")
        ordering = ["-updated_at", "-id"]

    def __str__(self) -> str:
        return str(self.local_government)

    @property
    def country_codes(self) -> list[str]:
        return self.countries_wanted.split()

    @property
    def country_names(self) -> list[str]:
        return [country_name(code) for code in self.country_codes]


class IntroductionRequest(models.Model):
    """A request to be introduced to a municipality looking for a partner; its contacts are emailed."""

    profile = models.ForeignKey(PartnerProfile, on_delete=models.CASCADE, related_name="introduction_requests")
    requester = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    requester_organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="+", verbose_name=_("on behalf of")
    )
    message = models.TextField(_("message"))
    created_at = models.DateTimeField(_("sent"), default=timezone.now)

    class Meta:
        verbose_name = _("introduction request")
        verbose_name_plural = _("introduction requests")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.requester_organisation} → {self.profile}"
