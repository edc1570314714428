"""Organisers create and change events; everyone allowed sees the event's page."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from renkei.events.models import (
    Event,
    Participant,
    ProgrammePart,
    Registration,
    RegistrationQuestion,
    Series,
    Speaker,
)
from renkei.events.services import event_create, series_next_number
from renkei.events.tests.factories import make_event, tokyo
from renkei.events.tests.registration_helpers import register_directly
from renkei.networks.models import Theme
from renkei.registry.models import LocalGovernment
from renkei.testing import login_with_second_factor

pytestmark = pytest.mark.django_db


@pytest.fixture
def organiser(client, world):
    login_with_second_factor(client, world.secretariat)
    return client


def _form_data(**overrides):
    data = {
        "kind": "lecture",
        "title_ja": "令和7年度 全国連携講演会",
        "title_en": "National collaboration lecture",
        "summary_ja": "**地域連携**の講演と対談です。",
        "start_date": "2025-08-12",
        "start_time": "14:00",
        "end_date": "",
        "end_time": "16:30",
        "format": "in_person",
        "venue_ja": "ベルサール神保町",
        "address": "東京都千代田区西神田3-2-1",
        "online_url_shown_minutes_before": "60",
        "visibility": "public",
        "status": "published",
        "registration_required": "on",
        "registration_open_to": "anyone",
        "capacity": "120",
        "waiting_list": "on",
        "fee_ja": "無料",
        "fee_en": "Free",
    }
    data.update(overrides)
    return data


# --- Creating, editing, cancelling ---------------------------------------------------------


def test_the_secretariat_creates_an_event_in_tokyo_time(organiser, world):
    theme = Theme.objects.create(network=world.network, name="観光", name_ja="観光")
    url = reverse("events:manage_new", args=[world.network.slug])
    response = organiser.post(url, _form_data(themes=[theme.pk]))
    event = Event.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("events:manage_programme", args=[event.pk])
    assert event.title_ja == "令和7年度 全国連携講演会"
    assert event.starts_at == tokyo(2025, 8, 12, 14)
    assert event.ends_at == tokyo(2025, 8, 12, 16, 30)
    assert event.fiscal_year == 2025
    assert event.created_by == world.secretariat
    assert list(event.themes.all()) == [theme]

    page = organiser.get(reverse("events:detail", args=[event.pk])).content.decode()
    assert "2025年8月12日（火） 14:00〜16:30" in page
    assert "<strong>地域連携</strong>" in page
    assert "ベルサール神保町" in page
    assert "定員120名（残り120名）" in page or "120 seats, 120 left" in page


def test_the_fee_reads_in_the_reader_s_language(organiser, client, world):
    organiser.post(reverse("events:manage_new", args=[world.network.slug]), _form_data())
    event = Event.objects.get()
    assert (event.fee_ja, event.fee_en) == ("無料", "Free")
    with translation.override("en"):
        english = client.get(reverse("events:detail", args=[event.pk])).content.decode()
    assert "<dd>Free</dd>" in english and "無料" not in english
    assert "<dd>無料</dd>" in client.get(reverse("events:detail", args=[event.pk])).content.decode()


def test_a_whole_day_exhibition_over_weeks(organiser, world):
    data = _form_data(
        kind="exhibition",
        title_ja="全国連携展示",
        start_date="2025-07-08",
        start_time="",
        end_date="2025-08-28",
        end_time="",
        all_day="on",
    )
    assert organiser.post(reverse("events:manage_new", args=[world.network.slug]), data).status_code == 302
    event = Event.objects.get()
    assert event.all_day
    assert event.local_starts_at.date() == datetime.date(2025, 7, 8)
    assert event.local_ends_at.date() == datetime.date(2025, 8, 28)
    with translation.override("en"):
        page = organiser.get(f"/en/events/{event.pk}/").content.decode()
    assert "8 July 2025 – 28 August 2025" in page


@pytest.mark.parametrize(
    "overrides, field, message",
    [
        ({"end_time": "13:00"}, "end_date", "The event must end after it starts."),
        ({"format": "online", "venue_ja": ""}, "online_url", "Online and hybrid events need the online link."),
        ({"format": "hybrid", "online_url": "https://meet.example.jp/x", "venue_ja": ""}, "venue_ja", "venue"),
        ({"venue_ja": ""}, "venue_ja", "In-person and hybrid events need a venue."),
        (
            {"registration_opens_at": "2025-08-01T10:00", "registration_closes_at": "2025-07-01T10:00"},
            "registration_closes_at",
            "Registration must close after it opens.",
        ),
        ({"start_time": ""}, "start_time", "Enter the time it starts"),
        ({"title_ja": ""}, "title_ja", ""),
        ({"end_date": "2027-01-01"}, "end_date", "at most 366 days"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_saved(organiser, world, overrides, field, message):
    with translation.override("en"):
        response = organiser.post(
            f"/en/events/manage/{world.network.slug}/new/", _form_data(**overrides), HTTP_ACCEPT_LANGUAGE="en"
        )
    assert response.status_code == 400
    assert field in response.context["form"].errors
    page = response.content.decode()
    assert message in page
    assert 'aria-invalid="true"' in page or field == "end_date"
    assert Event.objects.count() == 0


def test_editing_changes_the_event_and_bad_input_changes_nothing(organiser, world):
    event = make_event(world.network, title="交流会")
    url = reverse("events:manage_edit", args=[event.pk])
    response = organiser.get(url)
    assert response.status_code == 200
    assert 'value="2025-08-12"' in response.content.decode()

    bad = organiser.post(url, _form_data(title_ja="変更後", end_time="10:00"))
    assert bad.status_code == 400
    event.refresh_from_db()
    assert event.title_ja == "交流会"
    assert "交流会" in bad.content.decode()  # the heading keeps the saved title

    assert organiser.post(url, _form_data(title_ja="変更後")).status_code == 302
    event.refresh_from_db()
    assert event.title_ja == "変更後"
    assert event.capacity == 120


def test_raising_the_capacity_moves_those_waiting_up_and_emails_them(
    organiser, world, django_capture_on_commit_callbacks
):
    event = make_event(world.network, title="交流会", capacity=1)
    register_directly(event, "先着", "first@example.jp")
    second = register_directly(event, "二番", "second@example.jp", status="waitlisted")
    register_directly(event, "三番", "third@example.jp", status="waitlisted")
    with django_capture_on_commit_callbacks(execute=True):
        response = organiser.post(
            reverse("events:manage_edit", args=[event.pk]), _form_data(title_ja="交流会", capacity="2")
        )
    assert response.status_code == 302
    event.refresh_from_db()
    assert (event.capacity, event.confirmed_count, event.waitlisted_count) == (2, 2, 1)
    second.refresh_from_db()
    assert second.status == Registration.Status.CONFIRMED
    assert [m.to for m in mail.outbox] == [["second@example.jp"]]


def test_cancelling_keeps_the_event_on_its_page_marked_cancelled(organiser, client, world):
    event = make_event(world.network)
    response = organiser.post(reverse("events:manage_cancel", args=[event.pk]))
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.status == Event.Status.CANCELLED
    client.logout()
    with translation.override("en"):
        page = client.get(f"/en/events/{event.pk}/").content.decode()
    assert "This event has been cancelled." in page


# --- Series and numbers --------------------------------------------------------------------


def test_episodes_are_numbered_in_their_series(world):
    series = Series.objects.create(network=world.network, name="首長TOP LIVE", name_ja="首長TOP LIVE")
    common = {"kind": "talk_session", "format": "online", "online_url": "https://live.example.jp/"}
    first = event_create(
        network=world.network,
        created_by=world.secretariat,
        series=series,
        title_ja="第1回",
        starts_at=tokyo(2024, 11, 1, 19),
        ends_at=tokyo(2024, 11, 1, 20),
        **common,
    )
    second = event_create(
        network=world.network,
        created_by=world.secretariat,
        series=series,
        title_ja="第2回",
        starts_at=tokyo(2025, 5, 1, 19),
        ends_at=tokyo(2025, 5, 1, 20),
        **common,
    )
    assert (first.number, second.number) == (1, 2)
    assert second.series_label == "首長TOP LIVE 第2回"
    assert series_next_number(series=series) == 3


def test_a_series_numbered_by_fiscal_year_starts_again_every_april(organiser, world):
    series = Series.objects.create(
        network=world.network, name="全国連携講演会", name_ja="全国連携講演会", numbered_by_fiscal_year=True
    )
    make_event(world.network, series=series, number=3, starts_at=tokyo(2025, 3, 10, 14))  # 令和6年度
    url = reverse("events:manage_new", args=[world.network.slug])
    organiser.post(url, _form_data(series=series.pk, start_date="2025-08-12"))
    event = Event.objects.get(starts_at=tokyo(2025, 8, 12, 14))
    assert event.number == 1
    assert event.fiscal_year == 2025
    assert event.series_label == "全国連携講演会 令和7年度 第1回"
    with translation.override("en"):
        assert event.number_label == "FY2025 No. 1"
    # The form pre-fills the next number when a new episode is started from the series.
    response = organiser.get(url, {"series": series.pk})
    assert response.context["form"].initial["number"] == series_next_number(series=series)


def test_series_are_kept_by_the_secretariat(organiser, world):
    url = reverse("events:manage_series", args=[world.network.slug])
    data = {
        "series-TOTAL_FORMS": "1",
        "series-INITIAL_FORMS": "0",
        "series-0-name_ja": "首長TOP LIVE",
        "series-0-numbered_by_fiscal_year": "",
    }
    assert organiser.post(url, data).status_code == 302
    series = Series.objects.get()
    assert series.name_ja == "首長TOP LIVE"
    new_episode = reverse("events:manage_new", args=[world.network.slug]) + f"?series={series.pk}"
    assert new_episode in organiser.get(url).content.decode()
    data.update({"series-INITIAL_FORMS": "1", "series-0-id": str(series.pk), "series-0-name_ja": ""})
    assert organiser.post(url, data).status_code == 400
    series.refresh_from_db()
    assert series.name_ja == "首長TOP LIVE"


# --- Programme, speakers, participants, questions ------------------------------------------


def test_the_programme_with_speakers_shows_on_the_event_page(organiser, client, world):
    event = make_event(world.network)
    programme_url = reverse("events:manage_programme", args=[event.pk])
    response = organiser.post(
        programme_url,
        {
            "parts-TOTAL_FORMS": "1",
            "parts-INITIAL_FORMS": "0",
            "parts-0-order": "1",
            "parts-0-title_ja": "第1部 講演",
            "parts-0-starts_at": "2025-08-12T14:00",
            "parts-0-ends_at": "2025-08-12T15:00",
        },
    )
    assert response.status_code == 302
    part = ProgrammePart.objects.get()
    assert part.starts_at == tokyo(2025, 8, 12, 14)

    speakers_url = reverse("events:manage_speakers", args=[event.pk, part.pk])
    assert speakers_url in organiser.get(programme_url).content.decode()
    response = organiser.post(
        speakers_url,
        {
            "speakers-TOTAL_FORMS": "1",
            "speakers-INITIAL_FORMS": "0",
            "speakers-0-order": "1",
            "speakers-0-person_name_ja": "中小路 健吾",
            "speakers-0-title_ja": "京都府市長会会長 長岡京市長",
            "speakers-0-local_government": "長岡京市",
        },
    )
    assert response.status_code == 302
    speaker = Speaker.objects.get()
    assert speaker.local_government.name == "長岡京市"
    # Shown again as the field reads it back.
    assert "京都府長岡京市 (262099)" in organiser.get(speakers_url).content.decode()

    client.logout()
    page = client.get(reverse("events:detail", args=[event.pk])).content.decode()
    assert "第1部 講演" in page
    assert "14:00〜15:00" in page
    assert "京都府市長会会長 長岡京市長" in page
    assert "中小路 健吾" in page


def test_a_speaker_with_an_unknown_municipality_is_refused(organiser, world):
    event = make_event(world.network)
    part = ProgrammePart.objects.create(event=event, title="講演", title_ja="講演")
    response = organiser.post(
        reverse("events:manage_speakers", args=[event.pk, part.pk]),
        {
            "speakers-TOTAL_FORMS": "1",
            "speakers-INITIAL_FORMS": "0",
            "speakers-0-person_name_ja": "山田 太郎",
            "speakers-0-local_government": "存在しない市",
        },
    )
    assert response.status_code == 400
    assert "存在しない市" in response.content.decode()
    assert Speaker.objects.count() == 0


def test_participants_by_name_code_or_free_text_are_grouped_on_the_page(organiser, client, world):
    event = make_event(world.network)
    url = reverse("events:manage_participants", args=[event.pk])
    data = {
        "participants-TOTAL_FORMS": "3",
        "participants-INITIAL_FORMS": "0",
        "participants-0-role": "host",
        "participants-0-local_government": "松原市",
        "participants-1-role": "exhibitor",
        "participants-1-local_government": "032115",
        "participants-2-role": "co_organiser",
        "participants-2-name": "CLAIR シドニー事務所",
    }
    assert organiser.post(url, data).status_code == 302
    assert Participant.objects.filter(event=event).count() == 3
    assert Participant.objects.get(role="exhibitor").local_government.name == "釜石市"

    client.logout()
    with translation.override("en"):
        page = client.get(f"/en/events/{event.pk}/").content.decode()
    assert "Host" in page and "Exhibitor" in page and "Co-organiser" in page
    assert "Matsubara City, Osaka Prefecture" in page
    assert "CLAIR シドニー事務所" in page


def test_a_participant_needs_exactly_one_of_government_or_name(organiser, world):
    event = make_event(world.network)
    url = reverse("events:manage_participants", args=[event.pk])
    base = {"participants-TOTAL_FORMS": "1", "participants-INITIAL_FORMS": "0", "participants-0-role": "host"}
    response = organiser.post(url, {**base, "participants-0-local_government": "松原市", "participants-0-name": "x"})
    assert response.status_code == 400
    assert Participant.objects.count() == 0


def test_registration_questions_of_every_kind(organiser, world):
    event = make_event(world.network)
    url = reverse("events:manage_questions", args=[event.pk])
    data = {
        "questions-TOTAL_FORMS": "2",
        "questions-INITIAL_FORMS": "0",
        "questions-0-kind": "choice",
        "questions-0-label_ja": "参加方法",
        "questions-0-choices": "会場\n\nオンライン\n",
        "questions-0-required": "on",
        "questions-1-kind": "consent",
        "questions-1-label_ja": "写真撮影に同意します",
    }
    assert organiser.post(url, data).status_code == 302
    choice = RegistrationQuestion.objects.get(kind="choice")
    assert choice.choices == "会場\nオンライン"
    data["questions-INITIAL_FORMS"] = "0"
    data["questions-0-choices"] = "会場"
    assert organiser.post(url, data).status_code == 400
    assert RegistrationQuestion.objects.count() == 2


# --- Who may do what -----------------------------------------------------------------------


def _organiser_urls(world, event, part):
    slug = world.network.slug
    gets = [
        reverse("events:manage_list", args=[slug]),
        reverse("events:manage_new", args=[slug]),
        reverse("events:manage_series", args=[slug]),
        reverse("events:manage_edit", args=[event.pk]),
        reverse("events:manage_programme", args=[event.pk]),
        reverse("events:manage_speakers", args=[event.pk, part.pk]),
        reverse("events:manage_participants", args=[event.pk]),
        reverse("events:manage_questions", args=[event.pk]),
    ]
    posts = [
        (reverse("events:manage_new", args=[slug]), _form_data(title_ja="不正な作成")),
        (reverse("events:manage_edit", args=[event.pk]), _form_data(title_ja="不正な変更")),
        (reverse("events:manage_cancel", args=[event.pk]), {}),
    ]
    return gets, posts


@pytest.mark.parametrize("persona", ["anonymous", "alice", "charlie", "dave", "secretariat_without_2fa"])
def test_organiser_pages_refuse_everyone_but_the_secretariat_with_two_factors(client, world, persona):
    event = make_event(world.network, title="元の題名")
    part = ProgrammePart.objects.create(event=event, title="講演", title_ja="講演")
    if persona == "secretariat_without_2fa":
        client.force_login(world.secretariat)
    elif persona != "anonymous":
        login_with_second_factor(client, getattr(world, persona))
    gets, posts = _organiser_urls(world, event, part)
    for url in gets:
        response = client.get(url)
        assert response.status_code in (302, 403), url
        if persona == "secretariat_without_2fa":
            assert "/accounts/2fa/" in response.url or "/mfa/" in response.url, url
    for url, data in posts:
        assert client.post(url, data).status_code in (302, 403), url
    event.refresh_from_db()
    assert event.title_ja == "元の題名"
    assert event.status == Event.Status.PUBLISHED
    assert Event.objects.count() == 1


def test_organiser_pages_open_for_the_secretariat_with_two_factors(organiser, world):
    event = make_event(world.network)
    part = ProgrammePart.objects.create(event=event, title="講演", title_ja="講演")
    gets, _posts = _organiser_urls(world, event, part)
    for url in gets:
        assert organiser.get(url).status_code == 200, url


def test_another_networks_secretariat_cannot_organise_this_networks_events(client, world):
    from renkei.networks.models import Network
    from renkei.testing import OrganisationFactory, UserFactory, staff

    other_org = OrganisationFactory(kind="secretariat")
    Network.objects.create(slug="other", kind="project", name="他の連携", secretariat=other_org)
    other = UserFactory(email="other-sec@example.jp")
    staff(other, other_org)
    login_with_second_factor(client, other)
    event = make_event(world.network)
    assert client.get(reverse("events:manage_edit", args=[event.pk])).status_code == 403


# --- The event page ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "persona, sees_members_event",
    [("anonymous", False), ("alice", True), ("bob", True), ("charlie", False), ("dave", False), ("secretariat", True)],
)
def test_members_only_events_are_404_for_others(client, world, persona, sees_members_event):
    public = make_event(world.network, title="公開講演会")
    members = make_event(world.network, title="会員限定交流会", visibility=Event.Visibility.MEMBERS)
    draft = make_event(world.network, title="準備中", status=Event.Status.DRAFT)
    if persona != "anonymous":
        client.force_login(getattr(world, persona))
    assert client.get(reverse("events:detail", args=[public.pk])).status_code == 200
    response = client.get(reverse("events:detail", args=[members.pk]))
    assert response.status_code == (200 if sees_members_event else 404)
    assert ("会員限定交流会" in response.content.decode()) == sees_members_event
    assert client.get(reverse("events:detail", args=[draft.pk])).status_code == (
        200 if persona == "secretariat" else 404
    )


def test_the_online_link_is_never_on_the_event_page(client, world):
    event = make_event(
        world.network,
        format=Event.Format.HYBRID,
        online_url="https://meet.example.jp/secret-room",
        capacity=50,
        confirmed_count=48,
    )
    for user in (None, world.alice, world.secretariat):
        if user:
            client.force_login(user)
        page = client.get(reverse("events:detail", args=[event.pk])).content.decode()
        assert "secret-room" not in page
        assert "残り2名" in page or "2 left" in page


def test_the_event_page_runs_the_same_queries_with_a_longer_programme(client, world, django_assert_num_queries):
    def build(parts: int) -> Event:
        event = make_event(world.network)
        for number in range(parts):
            part = ProgrammePart.objects.create(event=event, title=f"第{number}部", title_ja=f"第{number}部")
            for speaker in range(3):
                Speaker.objects.create(
                    part=part,
                    person_name=f"登壇者{speaker}",
                    person_name_ja=f"登壇者{speaker}",
                    local_government=LocalGovernment.objects.get(code="272175"),
                )
            Participant.objects.create(event=event, role="host", local_government_id="272175")
        return event

    small, large = build(1), build(8)
    client.get(reverse("events:detail", args=[build(0).pk]))  # warms the layout's cached fragments
    # The event, the Q&A list, the survey link and reports, the programme and participants.
    with django_assert_num_queries(8) as small_queries:
        client.get(reverse("events:detail", args=[small.pk]))
    with django_assert_num_queries(len(small_queries.captured_queries)):
        client.get(reverse("events:detail", args=[large.pk]))
    # Seen again, the whole page comes from cached fragments until the event changes; only the
    # network is read, once, into its own cache.
    with django_assert_num_queries(1):
        page = client.get(reverse("events:detail", args=[large.pk])).content.decode()
    assert page.count("登壇者2") == 8


def test_the_organiser_s_view_of_the_event_page_costs_the_same_with_1_or_60_registrants(
    client, world, django_assert_num_queries
):
    login_with_second_factor(client, world.secretariat)
    few, many = make_event(world.network, title="少人数"), make_event(world.network, title="大人数")
    register_directly(few, "参加者", "p@example.jp")
    for n in range(60):
        register_directly(many, f"参加者{n}", f"p{n}@example.jp", status="confirmed" if n < 50 else "waitlisted")
    client.get(reverse("events:detail", args=[make_event(world.network).pk]))  # warms the layout
    with django_assert_num_queries(20, exact=False) as small:
        assert "編集" in client.get(reverse("events:detail", args=[few.pk])).content.decode()
    with django_assert_num_queries(len(small.captured_queries)):
        client.get(reverse("events:detail", args=[many.pk]))
