"""iCalendar (RFC 5545) for events: one event's .ics, and feeds of a network's or all public events.

Times are written in Asia/Tokyo with its VTIMEZONE, whole-day events as DATE values. The online
link is never written: a calendar file travels (feeds are public, attachments are forwarded), and
the link is shown only to confirmed registrants, on their ticket page, shortly before the start.
"""

import datetime
from collections.abc import Iterable
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Timezone
from icalendar import Event as CalendarEvent

from renkei.events.models import Event
from renkei.lib.urls import absolute_url, site_url

TOKYO = ZoneInfo("Asia/Tokyo")
PRODID = "-//Renkei//Events//JA"
# How far back a feed reaches: calendar apps keep what they already fetched.
FEED_PAST_DAYS = 90
FEED_MAX_PAST = 100
# The soonest upcoming events a feed carries; at national scale a network has thousands.
FEED_MAX_EVENTS = 500


def _uid(event: Event) -> str:
    host = urlsplit(site_url()).hostname or "renkei"
    return f"event-{event.pk}@{host}"


def _component(event: Event, *, extra_description: str = "") -> CalendarEvent:
    item = CalendarEvent()
    item.add("uid", _uid(event))
    item.add("dtstamp", event.updated_at.astimezone(datetime.UTC))
    if event.all_day:
        # DTEND of a DATE is the day after the last one (RFC 5545 3.6.1).
        item.add("dtstart", event.starts_at.astimezone(TOKYO).date())
        item.add("dtend", event.ends_at.astimezone(TOKYO).date() + datetime.timedelta(days=1))
    else:
        item.add("dtstart", event.starts_at.astimezone(TOKYO))
        item.add("dtend", event.ends_at.astimezone(TOKYO))
    item.add("summary", event.title)
    url = absolute_url(reverse("events:detail", args=[event.pk]))
    description = "\n\n".join(part for part in (event.summary, extra_description, url) if part)
    item.add("description", description)
    item.add("url", url)
    location = " ".join(part for part in (event.venue, event.address) if part)
    if not location and event.format == Event.Format.ONLINE:
        location = _("Online")
    if location:
        item.add("location", location)
    item.add("status", "CANCELLED" if event.status == Event.Status.CANCELLED else "CONFIRMED")
    item.add("last-modified", event.updated_at.astimezone(datetime.UTC))
    return item


def _calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Asia/Tokyo")
    # First, so every TZID=Asia/Tokyo below has its definition; it also keeps an empty feed valid
    # (a VCALENDAR needs at least one component).
    calendar.add_component(Timezone.from_tzid("Asia/Tokyo"))
    return calendar


def event_ics(event: Event, *, language: str | None = None, extra_description: str = "") -> bytes:
    """One event as an .ics file, in ``language`` (the active one when None)."""
    with translation.override(language or translation.get_language()):
        calendar = _calendar(event.title)
        calendar.add_component(_component(event, extra_description=extra_description))
        return calendar.to_ical()


def events_ics(events: Iterable[Event], *, name: str) -> bytes:
    """A feed of ``events``: the caller decides which (always through Event.objects.visible_to)."""
    calendar = _calendar(name)
    for event in events:
        calendar.add_component(_component(event))
    return calendar.to_ical()


def feed_window(events) -> list[Event]:
    """The events a feed carries, in order: the latest of the recent past, then the soonest upcoming.

    Both parts are bounded (FEED_MAX_PAST, FEED_MAX_EVENTS), so the upcoming events are never
    crowded out by past ones, and a feed costs two queries however many events there are.
    """
    now = datetime.datetime.now(tz=datetime.UTC)
    since = now - datetime.timedelta(days=FEED_PAST_DAYS)
    recent = list(events.past(now).filter(starts_at__gte=since)[:FEED_MAX_PAST])
    return recent[::-1] + list(events.upcoming(now)[:FEED_MAX_EVENTS])
