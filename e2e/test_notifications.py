"""Notifications: Bob follows a board category, Alice posts in it, Bob hears of it under the bell."""

import pytest
from playwright.sync_api import expect

from e2e.browser import SCREENS, login, open_menu
from e2e.steps import check_page, text_in
from renkei.board.models import Category, Post
from renkei.board.services import categories_create_defaults, post_create
from renkei.testing import PASSWORD, build_world

pytestmark = [pytest.mark.e2e, pytest.mark.parametrize("screen", SCREENS, ids=[s.name for s in SCREENS])]

TITLE = "観光イベントへの出展者を募集します"


@pytest.fixture
def world(registry):
    world = build_world()
    categories_create_defaults(world.network)
    return world


def test_a_follower_hears_of_a_new_post_under_the_bell(page, screen, world):
    category = world.network.board_categories.get(kind=Category.Kind.CALL)
    category_name = screen.text(category.name_ja, category.name_en)

    login(page, world.bob.email, PASSWORD, lang=screen.lang)
    page.goto(screen.path(f"/networks/{world.network.slug}/board/?category={category.pk}"))
    follow = page.get_by_role("button", name=text_in(screen, "Follow the category “%(name)s”", name=category_name))
    follow.click()  # htmx swaps the button in place
    unfollow = page.get_by_role("button", name=text_in(screen, "Unfollow the category “%(name)s”", name=category_name))
    expect(unfollow).to_be_visible()
    expect(unfollow).to_have_attribute("aria-pressed", "true")
    check_page(page)

    # Alice posts in the category; the fan-out runs once the post is committed (tasks run at once in tests).
    post = post_create(
        network=world.network,
        author=world.alice,
        author_organisation=world.alice_org,
        category=category,
        title=TITLE,
        body="出展者を募集しています。",
        visibility=Post.Visibility.MEMBERS,
    )

    page.goto(screen.path("/"))
    open_menu(page)
    bell = page.locator("header a.bell")
    expect(bell.locator(".bell-count")).to_have_text("1" + " " + text_in(screen, "unread"))
    check_page(page)

    with page.expect_navigation():
        bell.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(text_in(screen, "Notifications"))
    sentence = text_in(
        screen,
        "%(organisation)s posted “%(title)s”.",
        organisation=screen.text(world.alice_org.name_ja, world.alice_org.name_en),
        title=TITLE,
    )
    check_page(page)
    with page.expect_navigation():
        page.get_by_role("link", name=sentence).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    assert page.url.endswith(screen.path(f"/networks/{world.network.slug}/board/{post.pk}/"))
    check_page(page)

    # Read now: the bell has no count left.
    page.goto(screen.path("/notifications/"))
    expect(page.locator("header a.bell .bell-count")).to_have_count(0)

    page.goto(screen.path("/notifications/following/"))
    expect(
        page.get_by_role("button", name=text_in(screen, "Unfollow the category “%(name)s”", name=category_name))
    ).to_be_visible()
    check_page(page)
    page.goto(screen.path("/notifications/settings/"))
    check_page(page)
