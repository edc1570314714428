"""Search and the board's public face: a member types a two-character word in the header's search box and
finds the post that holds it; a visitor reads the network's public posts on its page."""

import pytest
from playwright.sync_api import expect

from e2e.browser import SCREENS, login, open_menu
from e2e.steps import check_page, text_in
from renkei.board.models import Category, Post
from renkei.board.services import categories_create_defaults, post_create
from renkei.testing import PASSWORD, build_world

pytestmark = [pytest.mark.e2e, pytest.mark.parametrize("screen", SCREENS, ids=[s.name for s in SCREENS])]


@pytest.fixture
def world(registry):
    world = build_world()
    categories_create_defaults(world.network)
    proposals = world.network.board_categories.get(kind=Category.Kind.PROPOSAL)
    for title, body, visibility in (
        ("観光地域づくりの連携", "広域で観光地域づくりに取り組む自治体を募集します。", Post.Visibility.MEMBERS),
        ("光のまつりのお知らせ", "冬の光のまつりを開きます。", Post.Visibility.MEMBERS),
        ("全国連携講演会のお知らせ", "どなたでも参加できます。", Post.Visibility.PUBLIC),
    ):
        post_create(
            network=world.network,
            author=world.bob,
            author_organisation=world.bob_org,
            category=proposals,
            title=title,
            body=body,
            visibility=visibility,
        )
    return world


def test_a_member_finds_a_two_character_word_from_the_header(page, screen, world):
    login(page, world.alice.email, PASSWORD, lang=screen.lang)
    page.goto(screen.path(f"/networks/{world.network.slug}/"))
    open_menu(page)
    header_search = page.get_by_role("search", name=text_in(screen, "Site search"))
    header_search.get_by_label(text_in(screen, "Search Renkei")).fill("観光")
    with page.expect_navigation():
        header_search.get_by_role("button", name=text_in(screen, "Search")).click()

    expect(page.get_by_role("heading", level=1)).to_have_text(text_in(screen, "Search"))
    results = page.locator(".search-results")
    expect(results.get_by_role("link", name="観光地域づくりの連携")).to_be_visible()
    expect(results.locator("mark").first).to_have_text("観光")
    # 光 alone is not 観光.
    expect(page.locator("main")).not_to_contain_text("光のまつりのお知らせ")
    expect(page.get_by_role("status")).to_have_text(text_in(screen, "%(counter)s result", counter=1))
    check_page(page)

    with page.expect_navigation():
        results.get_by_role("link", name="観光地域づくりの連携").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("観光地域づくりの連携")


def test_an_empty_search_asks_for_words(page, screen, world):
    page.goto(screen.path("/search/"))
    expect(page.locator("main")).to_contain_text("観光")
    expect(page.locator(".search-results")).to_have_count(0)
    check_page(page)


def test_a_visitor_reads_public_posts_on_the_network_page(page, screen, world):
    page.goto(screen.path(f"/networks/{world.network.slug}/"))
    section = page.get_by_role("region", name=text_in(screen, "Public posts"))
    expect(section.get_by_role("link", name="全国連携講演会のお知らせ")).to_be_visible()
    expect(section.get_by_role("link", name=text_in(screen, "Atom feed of public posts"))).to_be_visible()
    expect(page.locator("main")).not_to_contain_text("観光地域づくりの連携")
    check_page(page)
    with page.expect_navigation():
        section.get_by_role("link", name="全国連携講演会のお知らせ").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("全国連携講演会のお知らせ")
