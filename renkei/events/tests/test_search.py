"""Events in site search: found as the calendar shows them, members-only ones by members alone."""

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser

from renkei.events.models import Event
from renkei.events.services import event_cancel, event_create, event_update
from renkei.events.tests.factories import tokyo
from renkei.search.selectors import entries_visible_to, search
from renkei.search.services import search_rebuild

pytestmark = pytest.mark.django_db

PUBLIC = "防災連携セミナー"
MEMBERS = "防災連携 会員勉強会"
DRAFT = "防災連携 準備中の企画"


def _create(world, title: str, **fields) -> Event:
    fields.setdefault("status", Event.Status.PUBLISHED)
    return event_create(
        network=world.network,
        created_by=world.secretariat,
        kind=Event.Kind.SEMINAR,
        title_ja=title,
        title_en="Disaster prevention",
        starts_at=tokyo(2025, 9, 1, 14),
        ends_at=tokyo(2025, 9, 1, 16),
        venue_ja="松原市役所",
        **fields,
    )


@pytest.fixture
def events(world):
    return {
        "public": _create(world, PUBLIC, summary_ja="南海トラフに備える自治体間の連携"),
        "members": _create(world, MEMBERS, visibility=Event.Visibility.MEMBERS),
        "draft": _create(world, DRAFT, status=Event.Status.DRAFT),
    }


def _titles(user, query: str = "防災連携") -> set[str]:
    return {hit.entry.title.split(" Disaster")[0] for hit in search(query, entries=entries_visible_to(user))}


def _page(client, query: str = "防災連携") -> str:
    return client.get("/search/", {"q": query}).content.decode()


def _api(client, query: str = "防災連携") -> list[dict]:
    response = client.get("/api/v1/search", {"q": query, "type": "events.event"})
    assert response.status_code == 200
    return response.json()["items"]


@pytest.mark.parametrize(
    "who, sees_members_event",
    [("anonymous", False), ("charlie", False), ("dave", False), ("alice", True), ("bob", True), ("secretariat", True)],
)
def test_a_members_only_event_is_found_by_members_only(client, world, events, who, sees_members_event):
    if who != "anonymous":
        client.force_login(getattr(world, who))
    page = _page(client)
    items = _api(client)
    found = {item["title"].split(" Disaster")[0] for item in items}
    assert PUBLIC in page and PUBLIC in found
    assert (MEMBERS in page) is sees_members_event
    assert (MEMBERS in found) is sees_members_event
    # A draft is for the secretariat's own pages, not search, as on the calendar.
    assert DRAFT not in page and DRAFT not in found
    assert all(item["url"] == f"{settings.SITE_URL}/events/{item['id']}/" for item in items)


def test_a_hit_links_to_the_event_page(client, world, events):
    page = _page(client, "南海トラフ")
    assert f'href="/events/{events["public"].pk}/"' in page


def test_an_event_is_found_under_its_new_title_once_changed(world, events):
    event_update(event=events["public"], title_ja="広域連携フォーラム", title="広域連携フォーラム")
    assert _titles(AnonymousUser(), "広域連携フォーラム") == {"広域連携フォーラム"}
    assert PUBLIC not in _titles(AnonymousUser())


def test_making_an_event_members_only_takes_it_out_of_public_search(world, events):
    event_update(event=events["public"], visibility=Event.Visibility.MEMBERS)
    assert PUBLIC not in _titles(AnonymousUser()) and PUBLIC not in _titles(world.charlie)
    assert PUBLIC in _titles(world.alice)


def test_publishing_a_draft_puts_it_in_search(world, events):
    event_update(event=events["draft"], status=Event.Status.PUBLISHED)
    assert DRAFT in _titles(AnonymousUser())


def test_a_cancelled_event_stays_findable_like_on_the_calendar(world, events):
    event_cancel(event=events["public"], message="")
    assert PUBLIC in _titles(AnonymousUser())


def test_deleting_an_event_takes_it_out_of_search(world, events):
    events["public"].delete()
    assert PUBLIC not in _titles(AnonymousUser()) and PUBLIC not in _titles(world.secretariat)


def test_a_rebuild_indexes_events_with_the_same_visibility(world, events):
    search_rebuild()
    assert _titles(AnonymousUser()) == {PUBLIC}
    assert _titles(world.charlie) == {PUBLIC}
    assert _titles(world.alice) == {PUBLIC, MEMBERS}
