"""The search page: one box over the index, as far as each persona may see."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from renkei.board.models import Category, Post
from renkei.board.services import categories_create_defaults, post_create, post_reindex
from renkei.networks.models import Network
from renkei.search.selectors import search_changed
from renkei.testing import build_world

pytestmark = pytest.mark.django_db

SEARCH = "/search/"


@pytest.fixture
def world():
    world = build_world()
    categories_create_defaults(world.network)
    _post(world, "公開の観光パンフレット", Post.Visibility.PUBLIC)
    _post(world, "会員限定の観光連携", Post.Visibility.MEMBERS)
    _post(world, "ログイン限定の観光セミナー", Post.Visibility.SIGNED_IN)
    _post(world, "光の祭典", Post.Visibility.PUBLIC, body="光のまつりと花火です。")
    hidden = _post(world, "非表示の観光投稿", Post.Visibility.PUBLIC)
    hidden.hidden = True
    hidden.save(update_fields=["hidden"])
    post_reindex(hidden)  # as the secretariat's hiding does
    return world


def _post(world, title, visibility, *, body="観光地域づくりを一緒に進めましょう。", network=None):
    network = network or world.network
    return post_create(
        network=network,
        author=world.alice,
        author_organisation=world.alice_org,
        category=network.board_categories.get(kind=Category.Kind.PROPOSAL),
        title=title,
        body=body,
        visibility=visibility,
    )


def _results(response) -> list[str]:
    content = response.content.decode()
    if 'class="search-results"' not in content:
        return []
    results = content.split('class="search-results"', 1)[1].split("</ol>", 1)[0]
    return [part.split("</a>", 1)[0].rsplit(">", 1)[1] for part in results.split("<h2>")[1:]]


PUBLIC = ["公開の観光パンフレット"]
SIGNED_IN = {"公開の観光パンフレット", "ログイン限定の観光セミナー"}
MEMBERS = SIGNED_IN | {"会員限定の観光連携"}


@pytest.mark.parametrize(
    "persona, expected",
    [
        (None, set(PUBLIC)),
        ("charlie", SIGNED_IN),
        ("dave", SIGNED_IN),
        ("alice", MEMBERS),
        ("bob", MEMBERS),
        ("secretariat", MEMBERS),
    ],
)
def test_each_persona_finds_what_they_may_read(client, world, persona, expected):
    if persona:
        client.force_login(getattr(world, persona))
    response = client.get(SEARCH, {"q": "観光"})
    assert response.status_code == 200
    assert set(_results(response)) == expected
    content = response.content.decode()
    assert "非表示の観光投稿" not in content
    if persona in (None, "charlie", "dave"):
        assert "会員限定の観光連携" not in content


def test_an_empty_query_gets_a_friendly_prompt(client, world):
    for params in ({}, {"q": ""}, {"q": "   "}):
        response = client.get(SEARCH, params)
        assert response.status_code == 200
        assert "Two-character words" in client.get("/en" + SEARCH, params).content.decode()
        assert _results(response) == []


def test_a_two_character_word_matches_exactly_with_a_highlighted_snippet(client, world):
    response = client.get("/en" + SEARCH, {"q": "観光"})
    assert _results(response) == PUBLIC
    content = response.content.decode()
    assert "<mark>観光</mark>地域づくりを一緒に進めましょう。" in content
    assert "1 result" in content
    assert "光の祭典" not in content
    assert "光の祭典" in _results(client.get(SEARCH, {"q": "光"}))


def test_what_authors_wrote_is_escaped_and_only_matches_are_marked(client, world):
    _post(world, "<script>alert(1)</script>防災", Post.Visibility.PUBLIC, body="<b onmouseover=x>防災</b> 訓練")
    content = client.get(SEARCH, {"q": "防災"}).content.decode()
    assert "<script>alert(1)" not in content
    assert "&lt;script&gt;alert(1)&lt;/script&gt;防災" in content
    assert "&lt;b onmouseover=x&gt;<mark>防災</mark>&lt;/b&gt; 訓練" in content


def test_the_type_filter_lists_the_registered_kinds(client, world):
    content = client.get("/en" + SEARCH).content.decode()
    assert '<option value="board.post">Board posts</option>' in content
    assert '<option value="events.event">Events</option>' in content
    response = client.get(SEARCH, {"q": "観光", "type": "events.event"})
    assert response.status_code == 200
    assert _results(response) == []  # only board posts say 観光 here
    assert _results(client.get(SEARCH, {"q": "観光", "type": "board.post"})) == PUBLIC


def test_the_network_filter_narrows_to_one_network(client, world):
    other = Network.objects.create(slug="other", kind="project", name="別の連携", secretariat=world.secretariat_org)
    categories_create_defaults(other)
    _post(world, "別ネットワークの観光", Post.Visibility.PUBLIC, network=other)
    assert set(_results(client.get(SEARCH, {"q": "観光"}))) == {"公開の観光パンフレット", "別ネットワークの観光"}
    assert _results(client.get(SEARCH, {"q": "観光", "network": "other"})) == ["別ネットワークの観光"]


@pytest.mark.parametrize(
    "params, message",
    [
        ({"q": "観光", "network": "nowhere"}, "Select a valid choice"),
        ({"q": "観光", "type": "secrets"}, "Select a valid choice"),
        ({"q": "観" * 201}, "Search for at most 200 characters."),
        ({"q": "観光\x00"}, "Null characters are not allowed."),
    ],
)
def test_bad_filters_get_a_clear_error_and_no_results(client, world, params, message):
    response = client.get("/en" + SEARCH, params)
    assert response.status_code == 400
    content = response.content.decode()
    assert message in content
    assert 'aria-invalid="true"' in content
    assert _results(response) == []


@pytest.mark.parametrize("q", ['"', "AND", "OR NOT", "*", "NEAR(", "'; --", "・・・", "(", "観光 -", "「観光"])
def test_odd_queries_never_fail(client, world, q):
    response = client.get(SEARCH, {"q": q})
    assert response.status_code == 200
    assert "会員限定" not in response.content.decode()


def test_results_come_in_pages(client, world):
    for number in range(25):
        _post(world, f"防災訓練{number:02d}", Post.Visibility.PUBLIC, body="防災")
    first = client.get("/en" + SEARCH, {"q": "防災"})
    assert len(_results(first)) == 20
    assert "25 results" in first.content.decode()
    assert "Page 1 of 2" in first.content.decode()
    assert 'href="?q=%E9%98%B2%E7%81%BD&amp;page=2"' in first.content.decode()
    second = client.get(SEARCH, {"q": "防災", "page": 2})
    assert len(_results(second)) == 5
    assert not set(_results(first)) & set(_results(second))
    assert _results(client.get(SEARCH, {"q": "防災", "page": "abc"})) == _results(first)
    assert _results(client.get(SEARCH, {"q": "防災", "page": 99})) == _results(second)


def test_a_count_past_the_cap_says_so(client, world, monkeypatch):
    monkeypatch.setattr("renkei.search.views.COUNT_CAP", 3)
    monkeypatch.setattr("renkei.search.views.search_count", lambda q, entries: 3)
    content = client.get("/en" + SEARCH, {"q": "観光"}).content.decode()
    assert "3 or more results" in content


@pytest.mark.parametrize("persona", [None, "bob"])
def test_query_count_is_constant_as_matches_grow(client, world, persona):
    if persona:
        client.force_login(getattr(world, persona))

    def queries() -> tuple[int, object]:
        with CaptureQueriesContext(connection) as context:
            response = client.get(SEARCH, {"q": "観光"})
        return len(context), response

    client.get(SEARCH, {"q": "観光"})
    search_changed()  # as after a write: the search runs again
    small, _response = queries()
    for number in range(30):
        _post(world, f"観光の投稿{number}", Post.Visibility.MEMBERS)
        _post(world, f"公開の観光{number}", Post.Visibility.PUBLIC)
    large, response = queries()
    assert large == small
    assert len(_results(response)) == 20
    # Read again with nothing changed: the page is kept, and reads nothing from the database.
    again, response = queries()
    assert again == 0
    assert len(_results(response)) == 20


def test_the_header_search_box_is_on_every_page(client, world):
    content = client.get("/en/networks/").content.decode()
    assert 'action="/en/search/"' in content
    assert '<label for="site-search-q" class="visually-hidden">Search Renkei</label>' in content
