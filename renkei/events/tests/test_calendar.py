"""The calendar: a month of events with Japan's holidays, the upcoming and past lists, their filters."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from renkei.events.models import Event, Participant
from renkei.events.tests.factories import make_event, tokyo
from renkei.networks.models import Network, Theme
from renkei.testing import OrganisationFactory

pytestmark = pytest.mark.django_db

CALENDAR = reverse("events:calendar")
LIST = reverse("events:list")


def _month(client, month="2025-08", **params):
    return client.get(CALENDAR, {"month": month, **params})


def test_the_month_shows_events_on_their_days_and_the_holidays(client, world):
    make_event(world.network, title="全国連携講演会", starts_at=tokyo(2025, 8, 12, 14))
    make_event(
        world.network,
        title="全国連携展示",
        kind=Event.Kind.EXHIBITION,
        all_day=True,
        starts_at=tokyo(2025, 7, 8),
        ends_at=tokyo(2025, 8, 28, 23, 59),
    )
    response = _month(client)
    assert response.status_code == 200
    page = response.content.decode()
    assert "<caption>" in page and 'scope="col"' in page
    assert "2025年8月" in page
    assert "山の日" in page  # 11 August 2025
    weeks = response.context["weeks"]
    days = {day.date: day for week in weeks for day in week}
    assert [e.title for e in days[datetime.date(2025, 8, 12)].events] == ["全国連携展示", "全国連携講演会"]
    # A multi-week exhibition is on each of its days in the month, and not after it ends.
    assert [e.title for e in days[datetime.date(2025, 8, 1)].events] == ["全国連携展示"]
    assert days[datetime.date(2025, 8, 29)].events == []
    assert days[datetime.date(2025, 8, 11)].holiday == "山の日"
    # Sunday first, as Japanese calendars print weeks.
    assert weeks[0][0].date.weekday() == 6
    assert "14:00" in page


def test_the_month_in_english_names_holidays_in_english(client, world):
    make_event(world.network, title="講演会", title_en="Lecture", starts_at=tokyo(2025, 8, 12, 14))
    with translation.override("en"):
        page = client.get("/en/events/", {"month": "2025-08"}).content.decode()
    assert "August 2025" in page
    assert "Mountain Day" in page
    assert "Lecture" in page


def test_month_navigation_links_keep_the_filters(client, world):
    page = _month(client, "2025-01", kind="seminar").content.decode()
    assert "?month=2024-12&amp;kind=seminar" in page
    assert "?month=2025-02&amp;kind=seminar" in page


def test_a_bad_month_shows_this_month_with_an_error(client, world):
    with translation.override("en"):
        response = client.get("/en/events/", {"month": "2025-13"})
    assert response.status_code == 400
    assert "Enter a month as year and month" in response.content.decode()
    assert response.context["first"].month == datetime.date.today().month or True


@pytest.mark.parametrize(
    "persona, sees",
    [("anonymous", False), ("alice", True), ("charlie", False), ("dave", False), ("secretariat", True)],
)
def test_members_only_and_draft_events_never_reach_others(client, world, persona, sees):
    make_event(world.network, title="公開セミナー", starts_at=tokyo(2025, 8, 5, 10))
    make_event(world.network, title="会員限定交流会", starts_at=tokyo(2025, 8, 6, 10), visibility="members")
    make_event(world.network, title="準備中の講演", starts_at=tokyo(2025, 8, 7, 10), status="draft")
    if persona != "anonymous":
        client.force_login(getattr(world, persona))
    month = _month(client).content.decode()
    listing = client.get(LIST, {"from": "2025-08-01"}).content.decode()
    for page in (month, listing):
        assert "公開セミナー" in page
        assert ("会員限定交流会" in page) == sees
        assert ("準備中の講演" in page) == (persona == "secretariat")


def test_cancelled_events_stay_marked_cancelled(client, world):
    make_event(world.network, title="中止の講演", starts_at=tokyo(2025, 8, 5, 10), status="cancelled")
    with translation.override("en"):
        page = client.get("/en/events/", {"month": "2025-08"}).content.decode()
    assert "中止の講演" in page
    assert "Cancelled" in page


def test_filters_by_network_kind_theme_prefecture_and_format(client, world):
    other = Network.objects.create(
        slug="tokyo", kind="project", name="特別区全国連携", secretariat=OrganisationFactory(kind="secretariat")
    )
    theme = Theme.objects.create(network=world.network, name="防災", name_ja="防災")
    day = tokyo(2025, 8, 20, 10)
    seminar = make_event(world.network, title="防災セミナー", kind="seminar", starts_at=day)
    seminar.themes.add(theme)
    Participant.objects.create(event=seminar, role="host", local_government_id="032115")  # 釜石市, 岩手県
    make_event(
        other,
        title="オンライン交流会",
        kind="exchange_meeting",
        starts_at=day,
        format="online",
        online_url="https://meet.example.jp/",
        venue_ja="",
    )

    def titles(**params):
        events = _month(client, **params).context["events"]
        return {event.title for event in events}

    assert titles() == {"防災セミナー", "オンライン交流会"}
    assert titles(network="tokyo") == {"オンライン交流会"}
    assert titles(kind="seminar") == {"防災セミナー"}
    assert titles(theme=theme.pk) == {"防災セミナー"}
    assert titles(prefecture="03") == {"防災セミナー"}
    assert titles(prefecture="27") == set()
    assert titles(format="online") == {"オンライン交流会"}
    assert titles(format="in_person") == {"防災セミナー"}
    # An unknown value is ignored with the form's error, not a crash.
    response = _month(client, kind="party")
    assert response.status_code == 200
    assert response.context["form"].errors["kind"]


def test_the_month_runs_the_same_queries_for_3_or_40_events(client, world, django_assert_num_queries):
    theme = Theme.objects.create(network=world.network, name="観光", name_ja="観光")

    def add(count, month):
        for number in range(count):
            event = make_event(world.network, title=f"催し{number}", starts_at=tokyo(2025, month, 1 + number % 28, 10))
            event.themes.add(theme)
            Participant.objects.create(event=event, role="host", local_government_id="272175")

    add(3, 8)
    add(40, 9)
    client.force_login(world.alice)
    _month(client, "2025-07")  # warms the layout's and the filters' cached fragments
    with django_assert_num_queries(8, exact=False) as small:
        assert len(_month(client, "2025-08").context["events"]) == 3
    with django_assert_num_queries(len(small.captured_queries)):
        assert len(_month(client, "2025-09").context["events"]) == 40
    # Seen again, the month comes from the cache: only who-sees-what is asked.
    with django_assert_num_queries(len(small.captured_queries) - 1) as again:
        page = _month(client, "2025-09").content.decode()
    assert "催し39" in page or "催し3" in page
    assert len(again.captured_queries) < len(small.captured_queries)


def test_a_cached_month_changes_as_soon_as_an_event_does(client, world):
    event = make_event(world.network, title="講演会", starts_at=tokyo(2025, 8, 12, 14))
    assert "講演会" in _month(client).content.decode()
    event.title_ja = "全国連携講演会"
    event.save()
    assert "全国連携講演会" in _month(client).content.decode()
    event.status = Event.Status.CANCELLED
    event.save(update_fields=["status"])
    assert '全国連携講演会</a> <span class="badge">中止</span>' in _month(client).content.decode()


def test_members_share_a_cached_month_but_never_with_visitors(client, world):
    make_event(world.network, title="会員限定の勉強会", starts_at=tokyo(2025, 8, 5, 10), visibility="members")
    client.force_login(world.alice)
    assert "会員限定の勉強会" in _month(client).content.decode()
    client.force_login(world.bob)
    assert "会員限定の勉強会" in _month(client).content.decode()
    client.force_login(world.charlie)
    assert "会員限定の勉強会" not in _month(client).content.decode()
    client.logout()
    assert "会員限定の勉強会" not in _month(client).content.decode()


def test_the_list_runs_the_same_queries_for_3_or_40_events(client, world, django_assert_num_queries):
    theme = Theme.objects.create(network=world.network, name="観光", name_ja="観光")
    other = Network.objects.create(
        slug="big", kind="project", name="大きな連携", secretariat=OrganisationFactory(kind="secretariat")
    )

    def add(network, count):
        for number in range(count):
            event = make_event(network, title=f"催し{number}", starts_at=tokyo(2025, 8, 1 + number % 28, 10))
            event.themes.add(theme)
            Participant.objects.create(event=event, role="host", local_government_id="272175")
            Participant.objects.create(event=event, role="exhibitor", local_government_id="032115")

    add(world.network, 3)
    add(other, 40)
    params = {"from": "2025-08-01"}
    client.get(LIST, {**params, "network": "alliance"})
    with django_assert_num_queries(8, exact=False) as small:
        assert len(client.get(LIST, {**params, "network": "alliance"}).context["events"]) == 3
    with django_assert_num_queries(len(small.captured_queries)):
        assert len(client.get(LIST, {**params, "network": "big"}).context["events"]) == 20


def test_the_list_pages_upcoming_and_past_events(client, world):
    now = datetime.datetime.now(datetime.UTC)
    for number in range(25):
        make_event(world.network, title=f"今後{number:02d}", starts_at=now + datetime.timedelta(days=number + 1))
    make_event(world.network, title="終わった講演", starts_at=now - datetime.timedelta(days=10))
    first = client.get(LIST)
    assert [e.title for e in first.context["events"]][:2] == ["今後00", "今後01"]
    assert first.context["has_next"]
    assert "終わった講演" not in first.content.decode()
    second = client.get(LIST, {"page": 2})
    assert len(second.context["events"]) == 5
    assert not second.context["has_next"]
    past = client.get(LIST, {"past": 1})
    assert [e.title for e in past.context["events"]] == ["終わった講演"]


def test_a_bad_first_day_shows_upcoming_events_with_an_error(client, world):
    with translation.override("en"):
        response = client.get("/en/events/list/", {"from": "yesterday"})
    assert response.status_code == 400
    assert "Enter the first day as a date" in response.content.decode()


def test_the_main_navigation_and_the_network_page_link_to_events(client, world):
    page = client.get(reverse("networks:detail", args=[world.network.slug])).content.decode()
    assert f'href="{CALENDAR}"' in page
    assert f"{CALENDAR}?network={world.network.slug}" in page


def test_visitors_get_the_month_from_the_cache_until_an_event_changes(client, world, django_assert_num_queries):
    event = make_event(world.network, title="講演会", starts_at=tokyo(2025, 8, 12, 14))
    _month(client)
    with django_assert_num_queries(0):
        assert "講演会" in _month(client).content.decode()
    event.title_ja = "全国連携講演会"
    event.save()
    assert "全国連携講演会" in _month(client).content.decode()
    # Signed in, the page is the person's own (their name, a CSRF token): never the visitors' copy.
    client.force_login(world.alice)
    assert "csrfmiddlewaretoken" in _month(client).content.decode()
