"""Searching inside a board: the site's search, within the network's posts the reader may read."""

import re

import pytest

from renkei.board.models import Category, Post
from renkei.board.services import categories_create_defaults, post_create, post_reindex
from renkei.networks.models import Network

pytestmark = pytest.mark.django_db

BOARD = "/en/networks/alliance/board/"


@pytest.fixture
def world(world):
    _post(world, "公開の観光パンフレット", Post.Visibility.PUBLIC)
    _post(world, "会員限定の観光連携", Post.Visibility.MEMBERS)
    hidden = _post(world, "非表示の観光投稿", Post.Visibility.PUBLIC)
    hidden.hidden = True
    hidden.save(update_fields=["hidden"])
    post_reindex(hidden)
    other = Network.objects.create(
        slug="other",
        kind=world.network.kind,
        name="別の連合",
        name_ja="別の連合",
        name_en="Other",
        secretariat=world.network.secretariat,
    )
    categories_create_defaults(other)
    _post(world, "別の連合の観光情報", Post.Visibility.PUBLIC, network=other)
    return world


def _post(world, title, visibility, *, network=None):
    network = network or world.network
    return post_create(
        network=network,
        author=world.alice,
        author_organisation=world.alice_org,
        category=network.board_categories.get(kind=Category.Kind.PROPOSAL),
        title=title,
        body="観光地域づくりを一緒に進めましょう。",
        visibility=visibility,
    )


def _search_from_the_board(client, words: str):
    """Fill in the board's search box as a reader would: its action and hidden fields, and the words."""
    page = client.get(BOARD).content.decode()
    form = re.search(r'<form class="board-search"[^>]*action="([^"]+)"(.*?)</form>', page, re.S)
    assert form is not None
    fields = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', form.group(2)))
    return client.get(form.group(1), {**fields, "q": words})


def _titles(response) -> set[str]:
    content = response.content.decode()
    if 'class="search-results"' not in content:
        return set()
    results = content.split('class="search-results"', 1)[1].split("</ol>", 1)[0]
    return {part.split("</a>", 1)[0].rsplit(">", 1)[1] for part in results.split("<h2>")[1:]}


@pytest.mark.parametrize(
    "persona, expected",
    [
        (None, {"公開の観光パンフレット"}),
        ("charlie", {"公開の観光パンフレット"}),
        ("alice", {"公開の観光パンフレット", "会員限定の観光連携"}),
        ("secretariat", {"公開の観光パンフレット", "会員限定の観光連携"}),
    ],
)
def test_it_finds_only_this_boards_posts_the_reader_may_read(client, world, persona, expected):
    if persona:
        client.force_login(getattr(world, persona))
    response = _search_from_the_board(client, "観光")  # a two-character word
    assert response.status_code == 200
    assert _titles(response) == expected


def test_the_search_box_is_labelled(client, world):
    page = client.get(BOARD).content.decode()
    assert 'role="search" aria-label="Search this board"' in page
    assert '<label for="board-search-q">Search this board</label>' in page
