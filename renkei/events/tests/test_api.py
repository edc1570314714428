"""/api/v1/events: what each persona may see, the filters, the detail with its programme, and bad input."""

import pytest
from django.test import override_settings

from renkei.accounts.models import ApiToken
from renkei.events.models import Event, Participant, ProgrammePart, Series, Speaker
from renkei.events.tests.factories import make_event, tokyo
from renkei.testing import build_world

pytestmark = pytest.mark.django_db

EVENTS = "/api/v1/events"


@pytest.fixture
def world():
    world = build_world()
    series = Series.objects.create(network=world.network, name="首長TOP LIVE", name_ja="首長TOP LIVE")
    world.public = make_event(
        world.network,
        title="首長TOP LIVE 松原市長",
        kind=Event.Kind.TALK_SESSION,
        series=series,
        number=4,
        format=Event.Format.ONLINE,
        venue_ja="",
        online_url="https://meet.example.jp/secret-room",
        starts_at=tokyo(2099, 8, 12, 19),
    )
    world.members = make_event(
        world.network, title="会員限定交流会", visibility=Event.Visibility.MEMBERS, starts_at=tokyo(2099, 8, 20, 10)
    )
    world.draft = make_event(world.network, title="準備中の講演", status="draft", starts_at=tokyo(2099, 9, 1, 10))
    world.old = make_event(world.network, title="昔の展示", kind="exhibition", starts_at=tokyo(2020, 5, 1, 10))
    part = ProgrammePart.objects.create(event=world.public, title="対談", title_ja="対談", order=1)
    Speaker.objects.create(
        part=part, person_name="澤井 宏文", person_name_ja="澤井 宏文", title="松原市長", title_ja="松原市長",
        local_government_id="272175",
    )  # fmt: skip
    Participant.objects.create(event=world.public, role="host", local_government_id="272175")
    return world


def _get(client, path, user=None, **params):
    headers = {}
    if user is not None:
        raw = ApiToken.generate()
        ApiToken.objects.create(user=user, name="test", prefix=raw[:8], digest=ApiToken.hash(raw))
        headers = {"Authorization": f"Bearer {raw}"}
    return client.get(path, params, headers=headers)


def _titles(body) -> set[str]:
    return {item["title"] for item in body["items"]}


PUBLIC = {"首長TOP LIVE 松原市長"}
MEMBERS = PUBLIC | {"会員限定交流会"}


@pytest.mark.parametrize(
    "persona, expected",
    [
        (None, PUBLIC),
        ("charlie", PUBLIC),
        ("dave", PUBLIC),
        ("alice", MEMBERS),
        ("secretariat", MEMBERS | {"準備中の講演"}),
    ],
)
def test_events_follow_the_visibility_rules(client, world, persona, expected):
    body = _get(client, EVENTS, getattr(world, persona) if persona else None).json()
    assert _titles(body) == expected
    assert body["count"] == len(expected)
    members = _get(client, f"{EVENTS}/{world.members.pk}", getattr(world, persona) if persona else None)
    assert members.status_code == (200 if "会員限定交流会" in expected else 404)


@override_settings(SITE_URL="https://renkei.example")
def test_the_list_item_and_the_detail_never_carry_the_online_link(client, world):
    body = _get(client, EVENTS).json()
    item = body["items"][0]
    assert item["series"] == "首長TOP LIVE"
    assert item["number"] == 4
    assert item["format"] == "online"
    assert item["url"] == f"https://renkei.example/events/{world.public.pk}/"
    detail = _get(client, f"{EVENTS}/{world.public.pk}")
    assert detail.status_code == 200
    data = detail.json()
    assert data["programme"][0]["speakers"][0] == {
        "name": "澤井 宏文",
        "title": "松原市長",
        "organisation": None,
        "local_government": "272175",
    }
    assert data["participants"][0]["role"] == "host"
    assert data["participants"][0]["local_government"] == "272175"
    assert "secret-room" not in detail.content.decode()
    assert "secret-room" not in _get(client, EVENTS).content.decode()


def test_filters_by_dates_kind_network_and_words(client, world):
    assert _titles(_get(client, EVENTS, **{"from": "2020-01-01", "to": "2020-12-31"}).json()) == {"昔の展示"}
    assert _titles(_get(client, EVENTS, **{"from": "2020-01-01", "kind": "exhibition"}).json()) == {"昔の展示"}
    assert _titles(_get(client, EVENTS, q="松原").json()) == PUBLIC
    assert _titles(_get(client, EVENTS, q="存在しない").json()) == set()
    assert _titles(_get(client, EVENTS, network="alliance").json()) == PUBLIC
    page = _get(client, EVENTS, world.secretariat, limit=1, offset=1).json()
    assert page["count"] == 3
    assert _titles(page) == {"会員限定交流会"}


@pytest.mark.parametrize(
    "path, params, status",
    [
        (EVENTS, {"limit": 0}, 422),
        (EVENTS, {"limit": 101}, 422),
        (EVENTS, {"offset": -1}, 422),
        (EVENTS, {"from": "tomorrow"}, 422),
        (EVENTS, {"kind": "party"}, 422),
        (EVENTS, {"from": "2025-08-12", "to": "2025-08-01"}, 422),
        (EVENTS, {"network": "nowhere"}, 404),
        (f"{EVENTS}/999999", {}, 404),
        (f"{EVENTS}/abc", {}, 422),
    ],
)
def test_bad_input_gets_a_clear_error(client, world, path, params, status):
    response = client.get(path, params)
    assert response.status_code == status
    assert response.json()["detail"]


def test_the_list_runs_the_same_queries_for_more_events(client, world, django_assert_num_queries):
    _get(client, EVENTS)
    with django_assert_num_queries(3, exact=False) as small:
        _get(client, EVENTS)
    for number in range(30):
        event = make_event(world.network, title=f"催し{number}", starts_at=tokyo(2099, 10, 1 + number % 28, 10))
        event.themes.create(network=world.network, name=f"テーマ{number}", name_ja=f"テーマ{number}")
    with django_assert_num_queries(len(small.captured_queries)):
        assert len(_get(client, EVENTS).json()["items"]) == 20
