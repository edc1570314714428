"""Finding a local government in the registry by kanji, kana or romaji, and opening its page."""

import pytest
from playwright.sync_api import expect

from e2e.browser import check_axe, check_fits_width

pytestmark = pytest.mark.e2e


def search_registry(page, screen, query: str) -> None:
    page.goto(screen.path("/local-governments/"))
    box = page.locator("main").get_by_role("search").get_by_role("textbox").first
    box.fill(query)
    with page.expect_navigation():
        box.press("Enter")


def test_it_finds_kamaishi_by_kanji_kana_or_romaji_and_opens_its_page(page, screen):
    for query in ("釜石", "かまいし", "Kamaishi"):
        search_registry(page, screen, query)

        rows = page.locator("main table tbody tr")
        expect(rows).to_have_count(1)
        expect(rows.first).to_contain_text("釜石市")
        expect(rows.first).to_contain_text("Kamaishi City")
        expect(page.locator("main").get_by_role("search").get_by_role("textbox").first).to_have_value(query)
    check_fits_width(page)
    check_axe(page)

    page.get_by_role("link", name="釜石市", exact=True).click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        screen.text("岩手県釜石市", "Kamaishi City, Iwate Prefecture")
    )
    expect(page.locator("main")).to_contain_text("032115")
    expect(page.locator("main")).to_contain_text("かまいしし")
    expect(page.locator("html")).to_have_attribute("lang", screen.lang)
    check_fits_width(page)
    check_axe(page)


def test_it_shows_no_row_when_nothing_matches(page, screen):
    search_registry(page, screen, "存在しない市")

    expect(page.locator("main table tbody a")).to_have_count(0)
    expect(page.locator("main").get_by_role("search").get_by_role("textbox").first).to_have_value("存在しない市")
    check_axe(page)
