"""The homes: a member lands on their own work once signed in; a visitor reads the public home; the header
fits one line on a desktop and folds into a menu on a phone."""

import re

import pytest
from playwright.sync_api import Page, expect

from e2e.browser import Screen, login
from e2e.steps import check_page, text_in
from renkei.testing import PASSWORD, build_world
from renkei.web.tests.homes import populate

pytestmark = pytest.mark.e2e


@pytest.fixture
def world(registry):
    world = build_world()
    world.work = populate(world)
    return world


def check_header(page: Page, screen: Screen) -> None:
    """One line at desktop width; on a phone, a menu button whose menu opens and closes."""
    header = page.locator("header.site-header")
    nav = header.get_by_role("navigation", name=text_in(screen, "Main"))
    button = header.locator("summary.menu-button")
    if not screen.is_phone:
        expect(button).to_be_hidden()
        expect(nav).to_be_visible()
        tops = {round(box["y"]) for box in (link.bounding_box() for link in nav.get_by_role("link").all()) if box}
        assert len(tops) == 1, f"the header's links wrap onto {len(tops)} lines"
        assert header.bounding_box()["height"] < 100
        return
    expect(nav).to_be_hidden()
    assert header.bounding_box()["height"] < 100
    expect(button).to_have_text(text_in(screen, "Menu"))
    button.click()
    expect(nav).to_be_visible()
    expect(header.get_by_role("search", name=text_in(screen, "Site search"))).to_be_visible()
    check_page(page)
    button.click()
    expect(nav).to_be_hidden()


def test_a_member_lands_on_her_home_and_goes_from_it_to_her_ticket(page, screen, world):
    login(page, world.alice.email, PASSWORD, lang=screen.lang)

    expect(page).to_have_url(re.compile(re.escape(screen.path("/home/")) + "$"))
    main = page.locator("main")
    expect(page.get_by_role("heading", level=1)).to_have_text(text_in(screen, "My home"))
    expect(main.get_by_role("link", name="会員限定：防災協定の相手を探しています")).to_be_visible()
    expect(main.get_by_role("link", name=screen.text("第1回アンケート", "Survey of session 1"))).to_be_visible()
    expect(main.get_by_role("link", name="伝統工芸ブランディング支援事業")).to_be_visible()
    expect(
        main.get_by_role(
            "link",
            name=text_in(screen, "From %(name)s", name=screen.text("株式会社地域企画", "Chiiki Kikaku Co., Ltd.")),
        )
    ).to_be_visible()
    expect(main).not_to_contain_text("南砺の通知")
    check_page(page)
    check_header(page, screen)

    ticket = main.get_by_role(
        "link", name=text_in(screen, "Ticket for %(title)s", title=screen.text("全国連携講演会", "Nationwide lecture"))
    )
    with page.expect_navigation():
        ticket.click()
    expect(page).to_have_url(re.compile(f"/events/ticket/{world.work.alice_ticket.ticket_code}/$"))
    check_page(page)


def test_a_visitor_reads_the_public_home_and_opens_the_menu(page, screen, world):
    page.goto(screen.path("/"))

    main = page.locator("main")
    expect(main.get_by_role("link", name=screen.text("全国連携講演会", "Nationwide lecture"))).to_be_visible()
    expect(main.get_by_role("link", name=screen.text("公開のお知らせ", "Public notice"))).to_be_visible()
    expect(main.get_by_role("link", name=screen.text("テスト首長連合", "Test Mayors' Alliance"))).to_be_visible()
    expect(main).not_to_contain_text(screen.text("会員交流会", "Members' meeting"))
    expect(main).not_to_contain_text(screen.text("会員向けのお知らせ", "Members' notice"))
    expect(main.get_by_role("search").get_by_label(text_in(screen, "Find a local government"))).to_be_visible()
    expect(page.locator("header").get_by_role("link", name=text_in(screen, "My home"))).to_have_count(0)
    check_page(page)
    check_header(page, screen)


def test_a_signed_in_header_still_fits_and_leads_home(page, screen, world):
    login(page, world.secretariat.email, PASSWORD, lang=screen.lang)
    page.goto(screen.path("/events/"))
    check_header(page, screen)
    if screen.is_phone:
        page.locator("header summary.menu-button").click()
    with page.expect_navigation():
        page.locator("header").get_by_role("link", name=text_in(screen, "My home")).click()
    expect(page.get_by_role("link", name=text_in(screen, "Manage this network"))).to_be_visible()
