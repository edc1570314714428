"""iCalendar files: valid RFC 5545 that calendar apps read, in Tokyo time, never with the online link."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from icalendar import Calendar

from renkei.events.models import Event
from renkei.events.tests.factories import tokyo
from renkei.events.tests.registration_helpers import upcoming_event
from renkei.networks.models import Network
from renkei.testing import OrganisationFactory

pytestmark = pytest.mark.django_db

TOKYO = ZoneInfo("Asia/Tokyo")
ONLINE_URL = "https://meet.example.jp/secret-room"


def _calendar(response) -> Calendar:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert ONLINE_URL.encode() not in response.content
    return Calendar.from_ical(response.content)


def _events(calendar: Calendar) -> dict[str, object]:
    return {str(item["summary"]): item for item in calendar.walk("VEVENT")}


def test_an_event_s_ics_has_tokyo_times_a_timezone_and_a_uid(client, world):
    event = upcoming_event(world, format=Event.Format.HYBRID, online_url=ONLINE_URL, address="千代田区神田")
    calendar = _calendar(client.get(reverse("events:event_ics", args=[event.pk])))
    assert calendar["version"] == "2.0" and calendar["prodid"]
    [timezone_component] = calendar.walk("VTIMEZONE")
    assert timezone_component["tzid"] == "Asia/Tokyo"
    [item] = calendar.walk("VEVENT")
    assert item["uid"] == f"event-{event.pk}@127.0.0.1"
    assert item["dtstamp"].dt.tzinfo is not None
    start, end = item["dtstart"], item["dtend"]
    assert start.params["TZID"] == "Asia/Tokyo"
    assert start.dt == event.starts_at.astimezone(TOKYO) and start.dt.hour == 14
    assert end.dt == event.ends_at
    assert str(item["summary"]) == "防災セミナー"
    assert "ベルサール神保町" in str(item["location"]) and "千代田区神田" in str(item["location"])
    assert reverse("events:detail", args=[event.pk]) in str(item["url"])


def test_the_ics_links_to_the_event_at_the_sites_configured_address(client, world, settings):
    settings.SITE_URL = "https://renkei.example:8443"
    event = upcoming_event(world)
    [item] = _calendar(client.get(reverse("events:event_ics", args=[event.pk]))).walk("VEVENT")
    url = "https://renkei.example:8443" + reverse("events:detail", args=[event.pk])
    assert str(item["url"]) == url and url in str(item["description"])
    assert item["uid"] == f"event-{event.pk}@renkei.example"


def test_an_english_ics_has_the_english_title(client, world):
    event = upcoming_event(world)
    with translation.override("en"):
        url = reverse("events:event_ics", args=[event.pk])
    [item] = _calendar(client.get(url)).walk("VEVENT")
    assert str(item["summary"]) == "Disaster prevention seminar"


def test_a_whole_day_event_is_written_with_dates_its_end_the_day_after(client, world):
    exhibition = upcoming_event(world, title="10周年活動紹介パネル展", all_day=True, kind=Event.Kind.EXHIBITION)
    exhibition.starts_at, exhibition.ends_at = tokyo(2027, 5, 12), tokyo(2027, 6, 20, 23, 59)
    exhibition.save()
    [item] = _calendar(client.get(reverse("events:event_ics", args=[exhibition.pk]))).walk("VEVENT")
    assert item["dtstart"].dt == datetime.date(2027, 5, 12)
    assert item["dtend"].dt == datetime.date(2027, 6, 21)
    assert b"DTSTART;VALUE=DATE:20270512" in item.to_ical()


def test_the_public_feed_holds_only_what_anyone_may_see_and_no_online_link(client, world):
    upcoming_event(world, title="公開セミナー", format=Event.Format.ONLINE, online_url=ONLINE_URL, venue_ja="")
    upcoming_event(world, title="会員限定の意見交換会", visibility=Event.Visibility.MEMBERS)
    upcoming_event(world, title="下書きのイベント", status=Event.Status.DRAFT)
    upcoming_event(world, title="中止になった講演会", status=Event.Status.CANCELLED)
    upcoming_event(world, title="昨年のセミナー", days=-400)
    # Signed in as a member changes nothing: feeds are what calendar apps fetch, without a session.
    client.force_login(world.alice)
    events = _events(_calendar(client.get(reverse("events:calendar_ics"))))
    assert set(events) == {"公開セミナー", "中止になった講演会"}
    assert events["中止になった講演会"]["status"] == "CANCELLED"
    assert events["公開セミナー"]["status"] == "CONFIRMED"


def test_a_network_feed_holds_only_that_network_s_public_events(client, world):
    other = Network.objects.create(
        slug="tokyo-23",
        kind=Network.Kind.PROJECT,
        name_ja="特別区全国連携プロジェクト",
        secretariat=OrganisationFactory(),
    )
    upcoming_event(world, title="連合のセミナー")
    from renkei.events.tests.factories import make_event

    make_event(other, title="特別区の講演会", starts_at=timezone.now() + datetime.timedelta(days=3))
    events = _events(_calendar(client.get(reverse("events:network_ics", args=[world.network.slug]))))
    assert set(events) == {"連合のセミナー"}
    assert client.get(reverse("events:network_ics", args=["no-such-network"])).status_code == 404


def test_an_empty_feed_is_still_valid(client, world):
    calendar = _calendar(client.get(reverse("events:network_ics", args=[world.network.slug])))
    assert calendar.walk("VEVENT") == []


def test_a_members_event_s_ics_is_for_members_only(client, world):
    event = upcoming_event(world, visibility=Event.Visibility.MEMBERS)
    url = reverse("events:event_ics", args=[event.pk])
    assert client.get(url).status_code == 404
    client.force_login(world.charlie)
    assert client.get(url).status_code == 404
    client.force_login(world.bob)
    assert len(_calendar(client.get(url)).walk("VEVENT")) == 1


@pytest.mark.parametrize("feed", ["network", "all"])
def test_the_feed_costs_the_same_queries_however_many_events(client, world, feed):
    url = (
        reverse("events:network_ics", args=[world.network.slug])
        if feed == "network"
        else reverse("events:calendar_ics")
    )
    upcoming_event(world)
    client.get(url)  # the network, cached
    upcoming_event(world, title="セミナー", days=30)  # a change: the feed is written afresh
    with CaptureQueriesContext(connection) as few:
        assert len(_calendar(client.get(url)).walk("VEVENT")) == 2
    for n in range(15):
        upcoming_event(world, title=f"セミナー{n}", days=n + 1)
    with CaptureQueriesContext(connection) as many:
        assert len(_calendar(client.get(url)).walk("VEVENT")) == 17
    assert len(many.captured_queries) == len(few.captured_queries)
    # Until an event changes, calendar apps polling the feed read it from the cache.
    with CaptureQueriesContext(connection) as again:
        assert len(_calendar(client.get(url)).walk("VEVENT")) == 17
    assert len(again.captured_queries) == 0


def test_a_changed_event_reaches_the_cached_feed_at_once(client, world):
    url = reverse("events:network_ics", args=[world.network.slug])
    event = upcoming_event(world)
    assert "防災セミナー" in client.get(url).content.decode()
    event.title_ja = "防災まちづくりセミナー"
    event.save()
    assert "防災まちづくりセミナー" in client.get(url).content.decode()


def test_the_feed_is_bounded(client, world, monkeypatch):
    monkeypatch.setattr("renkei.events.ics.FEED_MAX_EVENTS", 3)
    for n in range(5):
        upcoming_event(world, title=f"セミナー{n}", days=n + 1)
    items = _calendar(client.get(reverse("events:calendar_ics"))).walk("VEVENT")
    assert [str(item["summary"]) for item in items] == ["セミナー0", "セミナー1", "セミナー2"]


def test_an_event_s_ics_costs_the_same_queries_with_a_programme_and_registrants(client, world):
    from renkei.events.models import ProgrammePart
    from renkei.events.tests.registration_helpers import register_directly

    plain, busy = upcoming_event(world), upcoming_event(world, title="講演会")
    for n in range(5):
        ProgrammePart.objects.create(event=busy, title=f"第{n}部", title_ja=f"第{n}部")
        register_directly(busy, f"参加者{n}", f"p{n}@example.jp")
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("events:event_ics", args=[plain.pk]))
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("events:event_ics", args=[busy.pk]))
    assert len(many.captured_queries) == len(few.captured_queries)
