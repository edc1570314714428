"""Atom feeds of public posts, the public posts on the network's page, and the sitemap."""

import re
from datetime import timedelta

import feedparser
import pytest
from django.utils import timezone

from renkei.board.models import Category, Post
from renkei.board.services import categories_create_defaults, post_create, post_hide, post_update

pytestmark = pytest.mark.django_db

FEED = "/networks/alliance/board/feed/"
PAGE = "/networks/alliance/"


def _post(
    world, title, *, visibility=Post.Visibility.PUBLIC, kind=Category.Kind.NOTICE, body="本文です", created_at=None
):
    post = post_create(
        network=world.network,
        author=world.alice,
        author_organisation=world.alice_org,
        category=world.network.board_categories.get(kind=kind),
        title=title,
        body=body,
        visibility=visibility,
    )
    if created_at is not None:
        Post.objects.filter(pk=post.pk).update(created_at=created_at)
    return post


def _three_kinds(world):
    """A public, a members' and a signed-in post, and a public post the secretariat hid."""
    public = _post(
        world,
        "全国連携講演会のお知らせ",
        body="**講演会**を開きます。<script>x()</script> 詳しくは[こちら](https://example.jp)",
    )
    _post(world, "会員限定の観光連携", visibility=Post.Visibility.MEMBERS)
    _post(world, "ログイン限定の防災連携", visibility=Post.Visibility.SIGNED_IN)
    hidden = _post(world, "非表示にされた公開投稿")
    Post.objects.filter(pk=hidden.pk).update(hidden=True)
    return public


def _feed(client, path=FEED, **headers):
    response = client.get(path, headers=headers)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    parsed = feedparser.parse(response.content)
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    return parsed


@pytest.mark.parametrize("persona", [None, "alice", "charlie", "secretariat"])
def test_the_feed_holds_only_public_posts_whoever_asks(client, world, persona):
    _three_kinds(world)
    if persona:
        client.force_login(getattr(world, persona))
    parsed = _feed(client)
    assert [entry.title for entry in parsed.entries] == ["全国連携講演会のお知らせ"]
    text = client.get(FEED).content.decode()
    for secret in ("会員限定", "ログイン限定", "非表示"):
        assert secret not in text


def test_an_entry_has_title_link_dates_author_and_a_plain_summary(client, world):
    public = _three_kinds(world)
    entry = _feed(client).entries[0]
    assert entry.link.endswith(f"/networks/alliance/board/{public.pk}/")
    assert entry.author == "松原市"
    assert entry.updated_parsed is not None
    assert entry.summary.startswith("講演会を開きます。")
    assert "<" not in entry.summary and "**" not in entry.summary
    assert entry.tags[0].term == "施策・事業の周知"


def test_the_english_feed_names_the_organisation_in_english(client, world):
    _three_kinds(world)
    parsed = _feed(client, "/en" + FEED)
    assert b'xml:lang="en"' in client.get("/en" + FEED).content
    assert parsed.entries[0].author == "Matsubara City"
    assert parsed.feed.title == "Test Mayors' Alliance — public posts"


def test_a_post_made_members_only_leaves_the_feed(client, world):
    public = _three_kinds(world)
    post_update(post=public, visibility=Post.Visibility.MEMBERS)
    assert _feed(client).entries == []


def test_the_category_feed_holds_that_categorys_public_posts(client, world):
    _three_kinds(world)
    pamphlet = _post(world, "観光パンフレットの配布", kind=Category.Kind.PAMPHLET)
    parsed = _feed(client, f"/networks/alliance/board/category/{pamphlet.category_id}/feed/")
    assert [entry.title for entry in parsed.entries] == ["観光パンフレットの配布"]
    assert "パンフレット配架依頼" in parsed.feed.title


def test_the_feed_is_newest_first_and_stops_at_50(client, world, django_assert_num_queries):
    start = timezone.now() - timedelta(days=100)
    for day in range(3):
        _post(world, f"投稿{day}", created_at=start + timedelta(days=day))
    with django_assert_num_queries(2):  # the network, the posts
        parsed = _feed(client)
    assert [entry.title for entry in parsed.entries] == ["投稿2", "投稿1", "投稿0"]
    for day in range(3, 60):
        _post(world, f"投稿{day}", created_at=start + timedelta(days=day))
    with django_assert_num_queries(2):
        parsed = _feed(client)
    assert len(parsed.entries) == 50
    assert parsed.entries[0].title == "投稿59"


@pytest.mark.parametrize(
    "path",
    [
        "/networks/nowhere/board/feed/",
        "/networks/alliance/board/category/999999/feed/",
        "/networks/alliance/board/category/abc/feed/",
    ],
)
def test_an_unknown_network_or_category_is_not_found(client, world, path):
    assert client.get(path).status_code == 404


def test_another_networks_category_is_not_found(client, world):
    from renkei.networks.models import Network

    other = Network.objects.create(slug="other", kind="project", name="別の連携", secretariat=world.secretariat_org)
    categories_create_defaults(other)
    category = other.board_categories.first()
    assert client.get(f"/networks/alliance/board/category/{category.pk}/feed/").status_code == 404


# The network's public page -------------------------------------------------------------------


@pytest.mark.parametrize("persona", [None, "alice", "charlie", "dave", "secretariat"])
def test_the_network_page_shows_the_latest_public_posts_only(client, world, persona):
    _three_kinds(world)
    if persona:
        client.force_login(getattr(world, persona))
    content = client.get(PAGE).content.decode()
    assert "全国連携講演会のお知らせ" in content
    assert 'type="application/atom+xml" href="/networks/alliance/board/feed/"' in content
    for secret in ("会員限定の観光連携", "ログイン限定の防災連携", "非表示にされた公開投稿"):
        assert secret not in content


def test_the_network_page_lists_five_and_links_to_the_board(client, world):
    for number in range(7):
        _post(world, f"公開のお知らせ{number}", created_at=timezone.now() - timedelta(hours=10 - number))
    content = client.get("/en" + PAGE).content.decode()
    assert "Public posts" in content
    assert [n for n in range(7) if f"公開のお知らせ{n}<" in content] == [2, 3, 4, 5, 6]
    assert 'href="/en/networks/alliance/board/"' in content


def test_a_post_hidden_after_the_page_was_cached_leaves_it_at_once(client, world):
    public = _three_kinds(world)
    assert "全国連携講演会のお知らせ" in client.get(PAGE).content.decode()
    post_hide(post=public, hidden=True)
    assert "全国連携講演会のお知らせ" not in client.get(PAGE).content.decode()


def test_a_post_made_members_only_after_the_page_was_cached_leaves_it_at_once(client, world):
    public = _three_kinds(world)
    assert "全国連携講演会のお知らせ" in client.get(PAGE).content.decode()
    post_update(post=public, visibility=Post.Visibility.MEMBERS)
    assert "全国連携講演会のお知らせ" not in client.get(PAGE).content.decode()


def test_a_new_public_post_shows_at_once_and_a_second_view_runs_no_board_query(
    client, world, django_assert_max_num_queries
):
    _three_kinds(world)
    client.get(PAGE)
    with django_assert_max_num_queries(0):
        cached = client.get(PAGE).content.decode()
    assert "全国連携講演会のお知らせ" in cached
    _post(world, "新しい公開のお知らせ")
    assert "新しい公開のお知らせ" in client.get(PAGE).content.decode()


def test_a_network_without_public_posts_has_no_public_posts_section(client, world):
    _post(world, "会員限定の観光連携", visibility=Post.Visibility.MEMBERS)
    assert "public-posts-heading" not in client.get(PAGE).content.decode()


def test_the_board_list_announces_its_feed(client, world):
    content = client.get("/networks/alliance/board/").content.decode()
    assert 'rel="alternate" type="application/atom+xml" href="/networks/alliance/board/feed/"' in content


# sitemap.xml and robots.txt ------------------------------------------------------------------


def _sitemap(client):
    index = client.get("/sitemap.xml")
    assert index.status_code == 200
    sections = _locs(index.content)
    assert any(loc.endswith("/sitemap-posts.xml") for loc in sections)
    return "".join(client.get(loc.split("testserver", 1)[1]).content.decode() for loc in sections)


def _locs(xml: bytes) -> list[str]:
    return re.findall(r"<loc>([^<]+)</loc>", xml.decode())


@pytest.mark.parametrize("persona", [None, "alice", "secretariat"])
def test_the_sitemap_lists_public_pages_and_only_public_posts(client, world, persona):
    public = _three_kinds(world)
    members = Post.objects.get(title="会員限定の観光連携")
    signed_in = Post.objects.get(title="ログイン限定の防災連携")
    hidden = Post.objects.get(title="非表示にされた公開投稿")
    if persona:
        client.force_login(getattr(world, persona))
    urls = _sitemap(client)
    assert f"http://testserver/networks/alliance/board/{public.pk}/<" in urls
    for post in (members, signed_in, hidden):
        assert f"/board/{post.pk}/<" not in urls
    assert "http://testserver/networks/alliance/<" in urls
    assert 'hreflang="en" href="http://testserver/en/networks/alliance/"' in urls
    assert "http://testserver/local-governments/272175/<" in urls  # 松原市
    assert "http://testserver/en/local-governments/272175/<" in urls
    assert urls.count("/local-governments/") > 2 * 1788


def test_an_unknown_sitemap_section_is_not_found(client, world):
    assert client.get("/sitemap-secrets.xml").status_code == 404
    assert client.get("/sitemap-posts.xml?p=abc").status_code == 404


def test_robots_txt_points_at_the_sitemap(client, world):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    body = response.content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in body
    assert "Disallow: /accounts/" in body
