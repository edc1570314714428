"""Reads for events: the calendar month, the list, one event's page. Each runs a fixed number of queries."""

import calendar
import datetime
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import jpholiday
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import get_language

from renkei.events.models import Event, Participant, Registration, Speaker, SurveyResponse
from renkei.lib.audience import Audience

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

MAX_PER_DAY = 6
LIST_PAGE_SIZE = 20

# jpholiday names holidays in Japanese only; English pages show these.
HOLIDAYS_EN = {
    "元日": "New Year's Day",
    "成人の日": "Coming of Age Day",
    "建国記念の日": "National Foundation Day",
    "天皇誕生日": "The Emperor's Birthday",
    "春分の日": "Vernal Equinox Day",
    "昭和の日": "Showa Day",
    "憲法記念日": "Constitution Memorial Day",
    "みどりの日": "Greenery Day",
    "こどもの日": "Children's Day",
    "海の日": "Marine Day",
    "山の日": "Mountain Day",
    "敬老の日": "Respect for the Aged Day",
    "秋分の日": "Autumnal Equinox Day",
    "体育の日": "Health and Sports Day",
    "スポーツの日": "Sports Day",
    "文化の日": "Culture Day",
    "勤労感謝の日": "Labour Thanksgiving Day",
    "国民の休日": "Citizens' Holiday",
    "休日": "Holiday",
}


def holiday_name(name: str) -> str:
    """A holiday's name in the active language (みどりの日 振替休日 → Greenery Day (substitute holiday))."""
    if not (get_language() or "ja").startswith("en"):
        return name
    base, _sep, rest = name.partition(" ")
    english = HOLIDAYS_EN.get(base, base)
    return f"{english} (substitute holiday)" if "振替休日" in rest or base == "振替休日" else english


def filter_events(events: QuerySet, *, network=None, kind=None, theme=None, prefecture=None, format=None, **_):
    """Narrow events by the calendar's filters; each is one more condition on an indexed column or subquery."""
    if network:
        events = events.filter(network__slug=network)
    if kind:
        events = events.filter(kind=kind)
    if theme:
        events = events.filter(themes__id=theme)
    if prefecture:
        # A participant's code starts with its prefecture's two digits (the prefecture itself too).
        events = events.filter(
            id__in=Participant.objects.filter(local_government__code__startswith=prefecture).values("event_id")
        )
    if format == "online":
        events = events.filter(format__in=[Event.Format.ONLINE, Event.Format.HYBRID])
    elif format == "in_person":
        events = events.filter(format__in=[Event.Format.IN_PERSON, Event.Format.HYBRID])
    return events


def _local_midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


@dataclass
class Day:
    date: datetime.date
    in_month: bool
    holiday: str = ""
    events: list = field(default_factory=list)
    more: int = 0

    @property
    def weekday(self) -> int:
        return self.date.weekday()

    @property
    def is_sunday(self) -> bool:
        return self.weekday == 6

    @property
    def is_saturday(self) -> bool:
        return self.weekday == 5

    @property
    def is_today(self) -> bool:
        return self.date == timezone.localdate()


def viewer_scope(audience: Audience) -> str:
    """What decides which events ``audience`` sees (Event.objects.visible_to): the same string for
    everyone who sees the same events, so cached calendar months can be shared among them."""
    if audience.is_anonymous:
        return "public"
    if audience.site_admin:
        return "all"
    open_ids, run_ids = sorted(audience.open_networks), sorted(audience.secretariat_of)
    return f"open-{'.'.join(map(str, open_ids))}:run-{'.'.join(map(str, run_ids))}"


def month_bounds(year: int, month: int) -> dict:
    """The month's first day, the months before and after, and the weekdays' order (Sunday first)."""
    first = datetime.date(year, month, 1)
    return {
        "first": first,
        "previous": (first - datetime.timedelta(days=1)).replace(day=1),
        "next": (first + datetime.timedelta(days=32)).replace(day=1),
        "weekdays": [datetime.date(2023, 1, 1) + datetime.timedelta(days=i) for i in range(7)],  # a Sunday first
    }


def calendar_month(*, user, year: int, month: int, filters: dict) -> dict:
    """The weeks of a month, Sunday first as Japanese calendars print them, with each day's events.

    One query for the events (an index range on starts_at); an event over several days is
    listed on each of them, each day showing at most MAX_PER_DAY and counting the rest.
    """
    bounds = month_bounds(year, month)
    first, following = bounds["first"], bounds["next"]
    events = filter_events(Event.objects.visible_to(user), **filters)
    # Only what a day's line shows: a busy month holds hundreds of events.
    events = list(
        events.running_between(_local_midnight(first), _local_midnight(following))
        .only("id", "title", "title_ja", "title_en", "starts_at", "ends_at", "all_day", "status")
        .order_by("starts_at", "id")
    )
    # Each event put on its days once, instead of testing every event against every day.
    by_day: dict[datetime.date, list[Event]] = {}
    last = following - datetime.timedelta(days=1)
    for event in events:
        day = max(event.local_starts_at.date(), first)
        end = min(event.local_ends_at.date(), last)
        while day <= end:
            by_day.setdefault(day, []).append(event)
            day += datetime.timedelta(days=1)
    holidays = {day: holiday_name(name) for day, name in jpholiday.month_holidays(year, month)}
    weeks = []
    for week in calendar.Calendar(firstweekday=6).monthdatescalendar(year, month):
        days = []
        for date in week:
            day = Day(date=date, in_month=date.month == month, holiday=holidays.get(date, ""))
            if day.in_month:
                running = by_day.get(date, [])
                day.events, day.more = running[:MAX_PER_DAY], max(len(running) - MAX_PER_DAY, 0)
            days.append(day)
        weeks.append(days)
    return {**bounds, "weeks": weeks, "events": events}


def event_list(*, user, filters: dict, past: bool = False, start: datetime.date | None = None, page: int = 1):
    """One page of upcoming (or past) events, with themes and participants in one query each.

    Pages are counted without a COUNT over every event: one more row than a page tells whether
    another page follows.
    """
    events = filter_events(Event.objects.visible_to(user), **filters)
    events = events.past() if past else events.upcoming(_local_midnight(start) if start else timezone.now())
    offset = (page - 1) * LIST_PAGE_SIZE
    rows = list(
        events.select_related("network", "series").prefetch_related(
            "themes",
            Prefetch(
                "participants",
                queryset=Participant.objects.select_related("local_government", "overseas_government", "organisation"),
            ),
        )[offset : offset + LIST_PAGE_SIZE + 1]
    )
    return {"events": rows[:LIST_PAGE_SIZE], "has_next": len(rows) > LIST_PAGE_SIZE, "page": page}


def participant_groups(participants) -> list[tuple["StrOrPromise", list[Participant]]]:
    """Participants grouped by role, hosts first: [(label, [participant…])…], empty roles left out."""
    groups: dict[str, list[Participant]] = {role: [] for role in Participant.Role.values}
    for participant in participants:
        groups[participant.role].append(participant)
    labels = dict(Participant.Role.choices)
    return [(labels[role], members) for role, members in groups.items() if members]


def event_page(event: Event) -> dict:
    """What an event's page shows besides the event row: programme with speakers, participants, themes."""
    parts = list(
        event.parts.prefetch_related(
            Prefetch("speakers", queryset=Speaker.objects.select_related("local_government", "organisation"))
        )
    )
    participants = event.participants.select_related(
        "local_government__prefecture", "overseas_government", "organisation"
    )
    return {
        "parts": parts,
        "participant_groups": participant_groups(participants),
        "themes": list(event.themes.all()),
    }


def coming_registrations(user, *, limit: int, now: datetime.datetime | None = None) -> list[Registration]:
    """``user``'s registrations that are not cancelled, for events not over yet, soonest first (one query)."""
    now = now or timezone.now()
    return list(
        Registration.objects.filter(user=user, event__ends_at__gte=now)
        .exclude(status=Registration.Status.CANCELLED)
        .exclude(event__status=Event.Status.DRAFT)
        .select_related("event__network")
        .order_by("event__starts_at", "event_id", "id")[:limit]
    )


def surveys_waiting(user, *, limit: int, now: datetime.datetime | None = None) -> list[Registration]:
    """Registrations of ``user`` whose event's survey is open and not answered by them yet (two queries).

    The same rule as ``services.survey_problem``: confirmed attendees (checked in, or registered
    for an online event) while the survey is open, and once per person.
    """
    from renkei.events.services import survey_respondent_key

    now = now or timezone.now()
    attended = Q(checked_in_at__isnull=False) | Q(event__format__in=[Event.Format.ONLINE, Event.Format.HYBRID])
    candidates = list(
        Registration.objects.filter(
            attended, user=user, status=Registration.Status.CONFIRMED, event__starts_at__lte=now
        )
        .filter(Q(event__survey__opens_at__isnull=True) | Q(event__survey__opens_at__lte=now))
        .filter(Q(event__survey__closes_at__isnull=True) | Q(event__survey__closes_at__gt=now))
        .exclude(event__survey=None)
        .select_related("event__survey", "event__network")
        .order_by("-event__starts_at", "-id")[: limit * 2]
    )
    keys = {
        registration.pk: survey_respondent_key(registration.event.survey, registration) for registration in candidates
    }
    answered = set(
        SurveyResponse.objects.filter(respondent_key__in=keys.values()).values_list("respondent_key", flat=True)
    )
    return [registration for registration in candidates if keys[registration.pk] not in answered][:limit]
