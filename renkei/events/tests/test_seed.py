"""The seed documents' events: CLAIR's seminars 2012–2018, 首長TOP LIVE, the lecture, exhibitions, the study tour."""

import datetime

import pytest
from django.utils import timezone, translation

from renkei.events.charts import survey_results
from renkei.events.models import Event, Participant, Speaker
from renkei.events.seed import events_seed
from renkei.networks.models import Network
from renkei.organisations.models import Organisation
from renkei.testing import OrganisationFactory

pytestmark = pytest.mark.django_db


def _network(slug: str) -> Network:
    office = OrganisationFactory(kind=Organisation.Kind.SECRETARIAT, name=f"{slug} office")
    return Network.objects.create(slug=slug, kind=Network.Kind.PROGRAMME, name=slug, secretariat=office)


@pytest.fixture
def networks():
    with translation.override("ja"):
        networks = {key: _network(key) for key in ("alliance", "project", "clair")}
        events_seed(networks)
        return networks


def test_it_loads_every_seminar_row_per_year(networks):
    seminars = Event.objects.filter(network=networks["clair"], kind=Event.Kind.EXCHANGE_SEMINAR)
    per_year = {year: seminars.filter(fiscal_year=year).count() for year in range(2012, 2019)}
    assert per_year == {2012: 6, 2013: 7, 2014: 7, 2015: 7, 2016: 7, 2017: 7, 2018: 7}


def _seminar(year: int, office: str) -> Event:
    return Event.objects.get(network__slug="clair", fiscal_year=year, organiser_name_en=f"CLAIR {office}")


def test_rows_from_january_to_march_fall_in_the_next_calendar_year(networks):
    sydney = _seminar(2018, "Sydney")
    assert timezone.localtime(sydney.starts_at).date() == datetime.date(2019, 2, 12)
    assert timezone.localtime(sydney.ends_at).date() == datetime.date(2019, 2, 21)
    assert [p.local_government.name_en for p in sydney.participants.all()] == ["Kohoku Town"]
    assert "Declining Birthrate" in sydney.summary_en
    beijing = _seminar(2014, "Beijing")
    assert timezone.localtime(beijing.starts_at).date() == datetime.date(2015, 1, 27)


def test_hosts_link_to_the_registry_including_rows_with_two(networks):
    singapore = _seminar(2017, "Singapore")
    assert [p.local_government.name for p in singapore.participants.all()] == ["北九州市"]
    assert timezone.localtime(singapore.starts_at).date() == datetime.date(2017, 10, 1)
    paris = _seminar(2013, "Paris")
    assert [p.local_government.name for p in paris.participants.order_by("order")] == ["広島市", "熊野町"]
    hosts = Participant.objects.filter(event__network__slug="clair", role=Participant.Role.HOST)
    assert not hosts.filter(local_government=None).exists()
    assert hosts.count() == 48 + 3  # three rows have two hosts


def test_top_live_has_six_online_free_episodes_with_their_mayors(networks):
    episodes = Event.objects.filter(network=networks["alliance"], series__name_ja="首長TOP LIVE").order_by("number")
    assert [e.number for e in episodes] == [1, 2, 3, 4, 5, 6]
    assert all(e.format == Event.Format.ONLINE and "無料" in e.fee for e in episodes)
    speakers = Speaker.objects.filter(part__event__in=episodes).order_by("part__event__number")
    assert [(s.person_name, s.title) for s in speakers] == [
        ("鈴木 寿明", "蒲郡市長"),
        ("読谷山 洋司", "延岡市長"),
        ("平野 嘉也", "高野町長"),
        ("澤井 宏文", "松原市長"),
        ("南出 賢一", "泉大津市長"),
        ("桂川 孝裕", "亀岡市長"),
    ]
    survey = episodes.last().survey
    responses, results = survey_results(survey)
    assert responses == 6
    assert "とても感銘を受けました。本市も頑張らねば。" in [text for text, _name in results[0].comments]


def test_the_lecture_has_two_parts_and_a_morning_exchange_meeting(networks):
    lecture = Event.objects.get(network=networks["project"], kind=Event.Kind.LECTURE)
    assert timezone.localtime(lecture.starts_at).date() == datetime.date(2025, 8, 12)
    titles = [part.title for part in lecture.parts.all()]
    assert titles[1].startswith("第1部：講演") and titles[2].startswith("第2部：対談")
    assert lecture.parts.get(order=2).speakers.first().person_name == "中小路 健吾"
    meeting = Event.objects.get(network=networks["project"], kind=Event.Kind.EXCHANGE_MEETING)
    assert timezone.localtime(meeting.ends_at) <= timezone.localtime(lecture.starts_at)


def test_exhibitions_and_the_study_tour_have_their_periods(networks):
    def period(title):
        event = Event.objects.get(title_ja__startswith=title)
        return timezone.localtime(event.starts_at).date(), timezone.localtime(event.ends_at).date()

    assert period("10周年活動紹介パネル展") == (datetime.date(2025, 5, 12), datetime.date(2025, 6, 20))
    assert period("令和7年度 第1回全国連携展示") == (datetime.date(2025, 7, 8), datetime.date(2025, 8, 28))
    assert period("LOCAL JAPAN展") == (datetime.date(2025, 7, 28), datetime.date(2025, 7, 31))
    tour = Event.objects.get(kind=Event.Kind.STUDY_TOUR)
    assert period("北九州市 外交団視察ツアー") == (datetime.date(2023, 7, 18), datetime.date(2023, 7, 19))
    assert "10 participants" in tour.summary_en and "8 countries" in tour.summary_en
    assert tour.participants.get().local_government.name == "北九州市"


def test_it_is_idempotent(networks):
    count = Event.objects.count()
    assert events_seed(networks) == 0
    assert Event.objects.count() == count == 48 + 6 + 6
