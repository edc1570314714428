"""A network's events: seminars, talk sessions, lectures, exhibitions, study tours; who comes and what they think."""

import datetime
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language, gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from renkei.events.versions import EVENTS
from renkei.lib import generations
from renkei.lib.dates import fiscal_year_label
from renkei.networks.models import Network, Theme
from renkei.organisations.models import Organisation
from renkei.registry.models import LocalGovernment, OverseasGovernment


class Series(models.Model):
    """A run of numbered events: 首長TOP LIVE 第1回…, or 全国連携講演会 numbered within each 年度."""

    network = models.ForeignKey(
        Network, on_delete=models.CASCADE, related_name="event_series", verbose_name=_("network")
    )
    name = models.CharField(_("name"), max_length=200)  # translated
    description = models.TextField(_("description"), blank=True)  # translated
    numbered_by_fiscal_year = models.BooleanField(
        _("numbered within each fiscal year"), default=False, help_text=_("As in 令和7年度 第1回.")
    )

    class Meta:
        verbose_name = _("event series")
        verbose_name_plural = _("event series")
        ordering = ["network", "id"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        events_changed()


# The longest an event may last. The calendar finds the events running on a day by an index
# range on starts_at that reaches back this far, instead of scanning every earlier event.
MAX_EVENT_DAYS = 366


# Seat counts change with every registration and show on no cached page: saving only them keeps the version.
COUNT_FIELDS = frozenset({"confirmed_count", "waitlisted_count"})


def events_changed() -> None:
    """Bump the generation of what calendars and feeds show (``versions.EVENTS``)."""
    generations.bump(EVENTS)


def episode_label(number: int, year: int | None = None) -> str:
    """An episode's number as programmes print it: 第3回, 令和7年度 第1回; No. 3, FY2025 No. 1 in English."""
    # Like the dates in lib/dates.py, the Japanese form is how officials write it, not a translation.
    if (get_language() or "ja").startswith("ja"):
        label = f"第{number}回"
    else:
        label = gettext("No. %(number)s") % {"number": number}
    return f"{fiscal_year_label(year)} {label}" if year else label


class EventQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Events this user may see: the one rule the calendar, lists, pages, feeds and API share.

        Published and cancelled events (shown with a Cancelled mark) that are public, or
        members-only events of networks whose members' area the user may enter; drafts, and
        everything else of a network, only for that network's secretariat.
        """
        shown = Q(status__in=Event.SHOWN_STATUSES)
        if not user.is_authenticated:
            return self.filter(shown, visibility=Event.Visibility.PUBLIC)
        if user.is_superuser:
            return self
        open_networks = Network.objects.open_to(user).values("id")
        run_networks = Network.objects.with_secretariat_staff(user).values("id")
        readable = Q(visibility=Event.Visibility.PUBLIC) | Q(
            visibility=Event.Visibility.MEMBERS, network__in=open_networks
        )
        return self.filter((shown & readable) | Q(network__in=run_networks))

    def running_between(self, start: datetime.datetime, end: datetime.datetime):
        """Events under way at some moment in [start, end): starting before ``end``, ending after ``start``."""
        return self.filter(
            starts_at__gte=start - datetime.timedelta(days=MAX_EVENT_DAYS), starts_at__lt=end, ends_at__gte=start
        )

    def upcoming(self, now: datetime.datetime | None = None):
        """Events not yet over, soonest first."""
        now = now or timezone.now()
        return self.filter(starts_at__gte=now - datetime.timedelta(days=MAX_EVENT_DAYS), ends_at__gte=now).order_by(
            "starts_at", "id"
        )

    def past(self, now: datetime.datetime | None = None):
        """Events that are over, latest first."""
        now = now or timezone.now()
        return self.filter(starts_at__lt=now, ends_at__lt=now).order_by("-starts_at", "-id")


class Event(models.Model):
    class Kind(models.TextChoices):
        SEMINAR = "seminar", _("Seminar")
        WORKSHOP = "workshop", _("Workshop")
        TALK_SESSION = "talk_session", _("Talk session")
        LECTURE = "lecture", _("Lecture")
        EXCHANGE_MEETING = "exchange_meeting", _("Exchange meeting")
        EXHIBITION = "exhibition", _("Exhibition")
        STUDY_TOUR = "study_tour", _("Study tour")
        EXCHANGE_SEMINAR = "exchange_seminar", _("Exchange seminar")

    class Format(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        ONLINE = "online", _("Online")
        HYBRID = "hybrid", _("Hybrid")

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Public")
        MEMBERS = "members", _("Members of this network")

    class OpenTo(models.TextChoices):
        ANYONE = "anyone", _("Anyone")
        SIGNED_IN = "signed_in", _("Signed-in users of Renkei")
        MEMBERS = "members", _("Members of this network")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        CANCELLED = "cancelled", pgettext_lazy("event status", "Cancelled")

    # What anyone allowed may see (cancelled events stay, marked so); drafts only the secretariat.
    SHOWN_STATUSES = (Status.PUBLISHED, Status.CANCELLED)

    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="events", verbose_name=_("network"))
    series = models.ForeignKey(
        Series, on_delete=models.SET_NULL, null=True, blank=True, related_name="events", verbose_name=_("series")
    )
    number = models.PositiveSmallIntegerField(_("number in the series"), null=True, blank=True)
    # The 年度 an event is numbered in (2025 for 令和7年度), from its start.
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"), null=True, blank=True, editable=False)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)  # translated
    summary = models.TextField(_("summary"), blank=True)  # translated; Markdown
    organiser_name = models.CharField(
        _("organiser"), max_length=200, blank=True, help_text=_("When not the network itself, e.g. CLAIR Sydney.")
    )  # translated
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    all_day = models.BooleanField(
        _("whole days"), default=False, help_text=_("Exhibitions and tours: shown by date, without times.")
    )
    format = models.CharField(_("format"), max_length=10, choices=Format.choices, default=Format.IN_PERSON)
    venue = models.CharField(_("venue"), max_length=200, blank=True)  # translated
    address = models.CharField(_("address"), max_length=300, blank=True)
    online_url = models.URLField(_("online link"), blank=True)
    online_url_shown_minutes_before = models.PositiveIntegerField(
        _("show the online link this many minutes before the start"), default=60
    )
    themes = models.ManyToManyField(Theme, blank=True, related_name="events", verbose_name=_("themes"))
    visibility = models.CharField(_("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PUBLISHED)
    # Registration
    registration_open_to = models.CharField(
        _("who may register"), max_length=10, choices=OpenTo.choices, default=OpenTo.ANYONE
    )
    registration_required = models.BooleanField(_("registration required"), default=True)
    registration_opens_at = models.DateTimeField(_("registration opens"), null=True, blank=True)
    registration_closes_at = models.DateTimeField(_("registration closes"), null=True, blank=True)
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True, help_text=_("Empty: no limit."))
    waiting_list = models.BooleanField(_("waiting list when full"), default=True)
    fee = models.CharField(_("fee"), max_length=200, blank=True, help_text=_("Shown as information, e.g. free."))
    # Kept on the event so capacity is checked against one row, locked while registering.
    confirmed_count = models.PositiveIntegerField(_("confirmed"), default=0, editable=False)
    waitlisted_count = models.PositiveIntegerField(_("waitlisted"), default=0, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["starts_at", "id"]
        indexes = [
            models.Index(fields=["starts_at", "id"], name="event_calendar_idx"),
            models.Index(fields=["network", "starts_at"], name="event_network_idx"),
            models.Index(fields=["ends_at"], name="event_ends_idx"),
        ]
        constraints = [models.CheckConstraint(condition=Q(ends_at__gte=models.F("starts_at")), name="event_ends_after")]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if update_fields is None and self.pk:
            # The version of the event's cached page and of its .ics: any full save is a change.
            self.updated_at = timezone.now()
        super().save(*args, **kwargs)
        if update_fields is None or not set(update_fields) <= COUNT_FIELDS:
            events_changed()

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        events_changed()
        return result

    def clean(self):
        """The rules every event keeps, whether it comes from the organiser's form or a service call."""
        errors: dict[str, list] = {}
        if self.starts_at and self.ends_at:
            if self.ends_at < self.starts_at:
                errors.setdefault("ends_at", []).append(
                    ValidationError(_("The event must end after it starts."), code="ends_before_start")
                )
            elif self.ends_at - self.starts_at > datetime.timedelta(days=MAX_EVENT_DAYS):
                errors.setdefault("ends_at", []).append(
                    ValidationError(
                        _("An event can last at most %(days)s days; enter a longer run as several events."),
                        code="too_long",
                        params={"days": MAX_EVENT_DAYS},
                    )
                )
        opens, closes = self.registration_opens_at, self.registration_closes_at
        if opens and closes and closes <= opens:
            errors.setdefault("registration_closes_at", []).append(
                ValidationError(_("Registration must close after it opens."), code="closes_before_opens")
            )
        if self.format in (self.Format.ONLINE, self.Format.HYBRID) and not self.online_url:
            errors.setdefault("online_url", []).append(
                ValidationError(_("Online and hybrid events need the online link."), code="online_url_missing")
            )
        venue = getattr(self, "venue_ja", None) or getattr(self, "venue_en", None) or ""
        if self.format in (self.Format.IN_PERSON, self.Format.HYBRID) and not venue.strip():
            errors.setdefault("venue", []).append(
                ValidationError(_("In-person and hybrid events need a venue."), code="venue_missing")
            )
        if self.series_id and self.network_id and self.series.network_id != self.network_id:
            errors.setdefault("series", []).append(
                ValidationError(_("The series belongs to another network."), code="series_network")
            )
        if errors:
            raise ValidationError(errors)

    def is_visible_to(self, user) -> bool:
        """EventQuerySet.visible_to answered for this one loaded event, without a query of its own.

        The same rule (a test holds the two together), read from the network's cached standing of
        the user: pages and the API check one event per request, and the full query with its
        subqueries cost more than the rest of a cached page.
        """
        shown = self.status in self.SHOWN_STATUSES
        if shown and self.visibility == self.Visibility.PUBLIC:
            return True  # for anyone: nobody's standing needs reading
        if not user.is_authenticated:
            return False
        if user.is_superuser:
            return True
        member, secretariat = self.network.standing_of(user)
        return secretariat or (shown and member)

    @property
    def local_starts_at(self) -> datetime.datetime:
        return timezone.localtime(self.starts_at)

    @property
    def local_ends_at(self) -> datetime.datetime:
        return timezone.localtime(self.ends_at)

    @property
    def is_multi_day(self) -> bool:
        return self.local_starts_at.date() != self.local_ends_at.date()

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    @property
    def is_past(self) -> bool:
        return self.ends_at < timezone.now()

    @property
    def is_online(self) -> bool:
        return self.format in (self.Format.ONLINE, self.Format.HYBRID)

    @property
    def seats_left(self) -> int | None:
        """Seats not yet confirmed; None when there is no limit."""
        if self.capacity is None:
            return None
        return max(self.capacity - self.confirmed_count, 0)

    @property
    def number_label(self) -> str:
        """第3回 / No. 3; within the fiscal year when the series counts so: 令和7年度 第1回 / FY2025 No. 1."""
        if self.number is None:
            return ""
        by_year = self.series is not None and self.series.numbered_by_fiscal_year and self.fiscal_year
        return episode_label(self.number, self.fiscal_year if by_year else None)

    @property
    def series_label(self) -> str:
        """The series and the episode's number, e.g. 首長TOP LIVE 第3回; empty outside a series."""
        if self.series is None:
            return self.number_label
        return " ".join(part for part in (self.series.name, self.number_label) if part)


class ProgrammePart(models.Model):
    """A part of the programme: 第1部 講演, 第2部 対談…"""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="parts", verbose_name=_("event"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    starts_at = models.DateTimeField(_("starts"), null=True, blank=True)
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True)
    title = models.CharField(_("title"), max_length=200)  # translated
    description = models.TextField(_("description"), blank=True)  # translated

    class Meta:
        verbose_name = _("programme part")
        verbose_name_plural = _("programme parts")
        ordering = ["event", "order", "id"]

    def __str__(self) -> str:
        return self.title


class Speaker(models.Model):
    """A person on the programme, with their title and the organisation or municipality they speak for."""

    part = models.ForeignKey(ProgrammePart, on_delete=models.CASCADE, related_name="speakers", verbose_name=_("part"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    person_name = models.CharField(_("name"), max_length=100)  # translated
    title = models.CharField(_("job title"), max_length=200, blank=True)  # translated, e.g. 京都府市長会会長 長岡京市長
    organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("organisation")
    )
    local_government = models.ForeignKey(
        LocalGovernment,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("municipality"),
    )

    class Meta:
        verbose_name = _("speaker")
        verbose_name_plural = _("speakers")
        ordering = ["part", "order", "id"]

    def __str__(self) -> str:
        return self.person_name

    @property
    def affiliation(self) -> str:
        """The organisation or municipality the speaker speaks for, if it is not already in their title."""
        if self.local_government is not None:
            return self.local_government.display_name
        if self.organisation is not None:
            return self.organisation.name
        return ""


class Participant(models.Model):
    """A host, co-organiser, or exhibiting or participating government or organisation of an event."""

    class Role(models.TextChoices):
        HOST = "host", _("Host")
        CO_ORGANISER = "co_organiser", _("Co-organiser")
        EXHIBITOR = "exhibitor", _("Exhibitor")
        PARTICIPANT = "participant", _("Participant")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="participants", verbose_name=_("event"))
    role = models.CharField(_("role"), max_length=15, choices=Role.choices)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    local_government = models.ForeignKey(
        LocalGovernment,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("municipality"),
    )
    overseas_government = models.ForeignKey(
        OverseasGovernment,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("overseas government"),
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("organisation")
    )
    name = models.CharField(_("name"), max_length=200, blank=True, help_text=_("When none of the above."))

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["event", "role", "order", "id"]

    def __str__(self) -> str:
        return str(self.local_government or self.overseas_government or self.organisation or self.name)


def choice_lines(text: str) -> list[str]:
    """The choices typed one per line, without blank lines or surrounding spaces."""
    return [line.strip() for line in text.splitlines() if line.strip()]


class Question(models.Model):
    """What a registration question and a survey question share; each adds its own kinds."""

    # The kinds whose answer is one of ``choices``; set by each kind of question.
    CHOICE_KINDS: tuple[str, ...] = ()

    order = models.PositiveSmallIntegerField(_("order"), default=0)
    label = models.CharField(_("question"), max_length=300)  # translated
    choices = models.TextField(_("choices"), blank=True, help_text=_("One per line, for choice questions."))
    required = models.BooleanField(_("required"), default=False)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.label

    @property
    def choice_list(self) -> list[str]:
        return choice_lines(self.choices)


class RegistrationQuestion(Question):
    """A question the organiser asks on the registration form."""

    class Kind(models.TextChoices):
        TEXT = "text", _("Text")
        CHOICE = "choice", _("Choice")
        NUMBER = "number", _("Number")
        CONSENT = "consent", _("Consent")

    CHOICE_KINDS = (Kind.CHOICE,)

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="registration_questions", verbose_name=_("event")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)

    class Meta:
        verbose_name = _("registration question")
        verbose_name_plural = _("registration questions")
        ordering = ["event", "order", "id"]


def new_ticket_code() -> str:
    return secrets.token_urlsafe(16)


class Registration(models.Model):
    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")
        WAITLISTED = "waitlisted", _("Waitlisted")
        CANCELLED = "cancelled", pgettext_lazy("event status", "Cancelled")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations", verbose_name=_("event"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="registrations",
        verbose_name=_("person"),
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("organisation")
    )
    name = models.CharField(_("name"), max_length=100)
    name_kana = models.CharField(_("name (kana)"), max_length=100, blank=True)
    email = models.EmailField(_("email"))
    organisation_name = models.CharField(_("organisation"), max_length=200, blank=True)
    department = models.CharField(_("department"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    ticket_code = models.CharField(max_length=32, unique=True, default=new_ticket_code, editable=False)
    language = models.CharField(_("language"), max_length=8, default="ja")
    created_at = models.DateTimeField(_("registered"), default=timezone.now)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("checked in"), null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True, editable=False)
    survey_sent_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["event", "created_at", "id"]
        indexes = [
            models.Index(fields=["event", "status", "created_at", "id"], name="registration_queue_idx"),
            models.Index(fields=["user", "event"], name="registration_user_idx"),
        ]
        constraints = [
            # A person registers once: cancelling frees the address to register again.
            models.UniqueConstraint(
                fields=["event", "email"], condition=~Q(status="cancelled"), name="registration_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} — {self.event}"


class SessionQuestion(models.Model):
    """A question to the speakers, asked before or during the session; others vote it up."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="session_questions", verbose_name=_("event")
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    text = models.TextField(_("question"))
    vote_count = models.PositiveIntegerField(_("votes"), default=0, editable=False)
    hidden = models.BooleanField(_("hidden"), default=False)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    created_at = models.DateTimeField(_("asked"), default=timezone.now)

    class Meta:
        verbose_name = _("question to the speakers")
        verbose_name_plural = _("questions to the speakers")
        ordering = ["-vote_count", "created_at", "id"]

    def __str__(self) -> str:
        return self.text[:50]


class SessionQuestionVote(models.Model):
    question = models.ForeignKey(SessionQuestion, on_delete=models.CASCADE, related_name="votes")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["question", "user"], name="session_question_vote_once")]


class Survey(models.Model):
    """The survey after an event."""

    event = models.OneToOneField(Event, on_delete=models.CASCADE, related_name="survey", verbose_name=_("event"))
    title = models.CharField(_("title"), max_length=200)  # translated
    anonymous = models.BooleanField(_("anonymous answers"), default=True)
    results_public = models.BooleanField(_("members see the results"), default=False)
    opens_at = models.DateTimeField(_("opens"), null=True, blank=True)
    closes_at = models.DateTimeField(_("closes"), null=True, blank=True)

    class Meta:
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")

    def __str__(self) -> str:
        return self.title


class SurveyQuestion(Question):
    class Kind(models.TextChoices):
        RATING = "rating", _("Rating (1–5)")
        SINGLE = "single", _("Single choice")
        MULTIPLE = "multiple", _("Multiple choice")
        TEXT = "text", _("Free text")

    CHOICE_KINDS = (Kind.SINGLE, Kind.MULTIPLE)

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions", verbose_name=_("survey"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)

    class Meta:
        verbose_name = _("survey question")
        verbose_name_plural = _("survey questions")
        ordering = ["survey", "order", "id"]


class SurveyResponse(models.Model):
    """One person's answers. Anonymous surveys keep only a key that stops a second response."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses", verbose_name=_("survey"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    respondent_key = models.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField(_("answered"), default=timezone.now)

    class Meta:
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        constraints = [models.UniqueConstraint(fields=["survey", "respondent_key"], name="survey_response_once")]


class SurveyAnswer(models.Model):
    response = models.ForeignKey(SurveyResponse, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(SurveyQuestion, on_delete=models.CASCADE, related_name="answers")
    rating = models.PositiveSmallIntegerField(null=True, blank=True)
    choices = models.JSONField(default=list, blank=True)
    text = models.TextField(blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["response", "question"], name="survey_answer_once")]
