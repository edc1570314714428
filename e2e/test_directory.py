"""The members' directory: members find each other's contacts; nobody else sees them."""

import pytest
from django.utils import translation
from django.utils.translation import gettext, ngettext
from playwright.sync_api import expect

from e2e.browser import DESKTOP_JA, PHONE_EN, login, open_menu
from e2e.steps import check_page
from renkei.testing import PASSWORD, build_world

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.parametrize("screen", [DESKTOP_JA, PHONE_EN], ids=[DESKTOP_JA.name, PHONE_EN.name]),
]


@pytest.fixture
def world(registry):
    return build_world()


def directory_path(screen, world) -> str:
    return screen.path(f"/networks/{world.network.slug}/directory/")


def test_an_anonymous_visitor_is_sent_to_sign_in_and_a_member_comes_back_to_the_directory(page, screen, world):
    with translation.override(screen.lang):
        sign_in = gettext("Sign in")
        heading = gettext("Member directory — %(name)s") % {"name": world.network.name}
        two_members = ngettext("%(counter)s member", "%(counter)s members", 2) % {"counter": 2}
        one_member = ngettext("%(counter)s member", "%(counter)s members", 1) % {"counter": 1}
        search = gettext("Search")
        matsubara, nanto = world.alice_org.name, world.bob_org.name

    page.goto(directory_path(screen, world))
    expect(page.get_by_role("heading", level=1)).to_have_text(sign_in)
    assert "/accounts/login/" in page.url
    expect(page.locator("main")).not_to_contain_text("ichiro@matsubara.example.jp")
    check_page(page)

    # Bob, a fellow member, signs in on that page and is taken back to the directory.
    form = page.locator("main form").filter(has=page.locator("input[name='password']"))
    form.locator("input[name='login']").fill(world.bob.email)
    form.locator("input[name='password']").fill(PASSWORD)
    with page.expect_navigation():
        form.locator("[type='submit']").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    expect(page.locator("main p[role='status']")).to_have_text(two_members)
    rows = page.locator("main table tbody tr")
    expect(rows.filter(has_text=matsubara)).to_contain_text("松原 一郎")
    expect(rows.filter(has_text=matsubara)).to_contain_text("ichiro@matsubara.example.jp")
    expect(rows.filter(has_text=nanto)).to_contain_text("南砺 二郎")
    # 釜石市 is not a member: neither it nor its contact is listed.
    expect(page.locator("main")).not_to_contain_text("saburo@kamaishi.example.jp")
    check_page(page)

    page.locator("main").get_by_role("search").get_by_role("textbox").first.fill("まつばら")
    with page.expect_navigation():
        page.locator("main").get_by_role("search").get_by_role("button", name=search).click()
    expect(page.locator("main p[role='status']")).to_have_text(one_member)
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(matsubara)
    check_page(page)


def test_a_non_member_is_refused_the_directory_and_sees_no_contact(page, screen, world):
    with translation.override(screen.lang):
        directory_link = gettext("Member directory")
        network_name = world.network.name

    login(page, world.charlie.email, PASSWORD, lang=screen.lang)
    page.goto(screen.path(f"/networks/{world.network.slug}/"))
    expect(page.get_by_role("heading", level=1)).to_have_text(network_name)
    expect(page.get_by_role("link", name=directory_link)).to_have_count(0)

    response = page.goto(directory_path(screen, world))
    assert response.status == 403
    with translation.override(screen.lang):
        expect(page.locator("main h1")).to_have_text(gettext("No access to this page"))
    for secret in ("松原 一郎", "ichiro@matsubara.example.jp", "jiro@nanto.example.jp"):
        expect(page.locator("body")).not_to_contain_text(secret)
    check_page(page)


def test_the_refusal_page_is_in_the_sites_layout_and_language(page, screen, world):
    with translation.override(screen.lang):
        main_navigation = gettext("Main")
        my_page = gettext("My page")
    login(page, world.charlie.email, PASSWORD, lang=screen.lang)
    page.goto(directory_path(screen, world))
    expect(page.locator("html")).to_have_attribute("lang", screen.lang, timeout=1000)
    open_menu(page)
    expect(page.get_by_role("navigation", name=main_navigation).get_by_role("link", name=my_page)).to_be_visible(
        timeout=1000
    )
    with translation.override(screen.lang):
        expect(page.locator("main h1")).to_have_text(gettext("No access to this page"), timeout=1000)
