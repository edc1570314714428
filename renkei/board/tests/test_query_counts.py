"""The board's pages and the search page read a constant number of queries however much the board holds.

Each page is read at a small size and after the board has grown (more posts, replies in
threads, attachments, themes and target prefectures, more matches for the search): once to
record the visit, once with every cache emptied and once more with the page kept. Each of the
last two readings must run exactly as many queries at both sizes. What the reader sees changes
with the data, so each test also checks that the larger page shows it.
"""

import io

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.cache import caches
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from PIL import Image

from renkei.board.models import Category, Post
from renkei.board.services import attachments_add, post_create, reply_create
from renkei.lib.caching import forget_kept
from renkei.networks.services import themes_create_defaults
from renkei.registry.models import LocalGovernment
from renkei.testing import login_with_second_factor

pytestmark = pytest.mark.django_db

BOARD = "/en/networks/alliance/board/"
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def world(world):
    themes_create_defaults(world.network)
    return world


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (300, 200), "teal").save(buffer, "PNG")
    return buffer.getvalue()


def _grow(world, posts: int, replies: int, attachments: int, start: int = 0) -> Post:
    """Add ``posts`` posts about 観光, the last with ``replies`` replies (threaded) and ``attachments`` files."""
    categories = list(world.network.board_categories.all())
    themes = list(world.network.themes.all())
    prefectures = list(LocalGovernment.objects.prefectures()[:3])
    post = None
    for number in range(start, start + posts):
        post = post_create(
            network=world.network,
            author=world.alice,
            author_organisation=world.alice_org,
            category=categories[number % len(categories)],
            title=f"観光連携のご提案 {number}",
            body=f"観光と**防災**の連携について {number}",
            visibility=[Post.Visibility.MEMBERS, Post.Visibility.SIGNED_IN, Post.Visibility.PUBLIC][number % 3],
        )
        post.themes.set(themes[: 1 + number % 2])
        post.target_prefectures.set(prefectures[: number % 3])
    assert post is not None
    tops = []
    for number in range(replies):
        author, organisation = (world.bob, world.bob_org) if number % 2 else (world.alice, world.alice_org)
        parent = tops[number % len(tops)] if tops and number % 3 == 0 else None
        reply = reply_create(
            post=post, author=author, author_organisation=organisation, body=f"返信 {number}", parent=parent
        )
        if parent is None:
            tops.append(reply)
    uploads = [
        SimpleUploadedFile(f"資料{n}.pdf", PDF, "application/pdf")
        if n % 2
        else SimpleUploadedFile(f"写真{n}.png", _png(), "image/png")
        for n in range(attachments)
    ]
    if uploads:
        attachments_add(post=post, uploads=uploads, uploaded_by=world.alice)
    return post


def _queries(client, url: str) -> tuple[tuple[int, int], str]:
    """Queries of a reading with nothing cached, then of one with the page kept; and the page."""
    client.get(url)  # records the visit and the read mark
    for alias in ("default", "fragments"):
        caches[alias].clear()
    forget_kept()
    with CaptureQueriesContext(connection) as cold:
        client.get(url)
    with CaptureQueriesContext(connection) as warm:
        response = client.get(url)
    assert response.status_code == 200, url
    return (len(cold.captured_queries), len(warm.captured_queries)), response.content.decode()


def _sign_in(client, world, who: str) -> None:
    if who == "secretariat":
        login_with_second_factor(client, world.secretariat)
    elif who != "anonymous":
        client.force_login(getattr(world, who))


@pytest.mark.parametrize("who", ["alice", "bob", "charlie", "secretariat", "anonymous"])
def test_the_board_list_runs_the_same_queries_with_3_or_45_posts(client, world, who):
    _grow(world, posts=3, replies=2, attachments=1)
    _sign_in(client, world, who)
    small, _ = _queries(client, BOARD)
    _grow(world, posts=42, replies=10, attachments=3, start=3)
    large, page = _queries(client, BOARD)
    assert large == small
    assert large[1] == 0  # kept: the visit, the follows and the page all come from the cache
    reader = AnonymousUser() if who == "anonymous" else getattr(world, who)
    visible = Post.objects.visible_to(reader).filter(network=world.network)
    newest = visible.order_by("-created_at", "-id")[:20]
    assert page.count("観光連携のご提案") == len(newest) == min(20, visible.count())  # a page holds 20
    assert all(f"{post.title}</a>" in page for post in newest)


@pytest.mark.parametrize("who", ["alice", "bob", "secretariat"])
def test_the_post_page_runs_the_same_queries_with_2_or_50_replies_and_1_or_6_attachments(client, world, who):
    small_post = _grow(world, posts=1, replies=2, attachments=1)
    large_post = _grow(world, posts=1, replies=50, attachments=6, start=1)
    large_post.themes.set(world.network.themes.all())
    _sign_in(client, world, who)
    small, _ = _queries(client, f"{BOARD}{small_post.pk}/")
    large, page = _queries(client, f"{BOARD}{large_post.pk}/")
    assert large == small
    # Kept for readers; the secretariat's switches (and its count of reports) are drawn afresh.
    assert (large[1] == 0) == (who != "secretariat")
    assert "返信 49" in page
    assert "資料5.pdf" in page


@pytest.mark.parametrize("who", ["alice", "charlie", "anonymous"])
@pytest.mark.parametrize("url", ["/en/search/?q=観光", "/en/search/?q=観光&network=alliance&type=board.post"])
def test_the_search_page_runs_the_same_queries_with_3_or_45_matches(client, world, who, url):
    """Also searched from a board, within its posts."""
    _grow(world, posts=3, replies=0, attachments=0)
    _sign_in(client, world, who)
    small, _ = _queries(client, url)
    _grow(world, posts=42, replies=0, attachments=0, start=3)
    large, page = _queries(client, url)
    assert large == small
    assert "<mark>観光</mark>" in page
    # The newest first among equals; a public post (44) is found by everyone, a members' post
    # (42) only by a member.
    assert "観光連携のご提案 44" in page
    assert ("観光連携のご提案 42" in page) == (who == "alice")


def test_a_post_in_another_category_changes_nothing_for_the_category_list(client, world):
    _grow(world, posts=3, replies=0, attachments=0)
    category = world.network.board_categories.get(kind=Category.Kind.PROPOSAL)
    client.force_login(world.alice)
    url = f"{BOARD}?category={category.pk}"
    small, _ = _queries(client, url)
    _grow(world, posts=30, replies=0, attachments=0, start=3)
    large, page = _queries(client, url)
    assert large == small
    assert "観光連携のご提案 30" in page  # 30 % 6 == 0: a proposal
    assert "観光連携のご提案 31" not in page
