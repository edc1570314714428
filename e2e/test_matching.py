"""Matching in a real browser: an offer suggested on a need with its reason, an introduction that
reveals contacts and opens a thread; a programme relayed to 近畿 and the secretariat's status table."""

import pytest
from playwright.sync_api import expect

from e2e.browser import login
from e2e.steps import activate_authenticator, check_page, sign_in_with_authenticator, text_in
from renkei.matching import services
from renkei.matching.models import Introduction, Theme
from renkei.testing import PASSWORD, build_world

pytestmark = pytest.mark.e2e

OFFER_TITLE = "Brand stories for traditional crafts"


@pytest.fixture
def world(registry):
    # The taxonomy comes with a migration; a browser test's flush empties it.
    services.themes_load()
    world = build_world()
    crafts = Theme.objects.get(slug="crafts")
    world.need = services.need_create(
        organisation=world.alice_org,
        author=world.alice,
        title="伝産品・工芸品の磨き上げ",
        description="伝統工芸品に世界に通じるストーリーがありません。価値の言語化とブランディングを一緒に行う企業を探しています。",
        themes=[crafts],
        partner_kinds=["company"],
        scale="medium",
    )
    return world


def _name(screen, organisation) -> str:
    return organisation.name_ja if screen.lang == "ja" else organisation.name_en


def _theme_name(screen, slug: str) -> str:
    theme = Theme.objects.get(slug=slug)
    return theme.name_ja if screen.lang == "ja" else theme.name_en


def test_an_offer_is_suggested_introduced_and_both_sides_talk(page, page_at, screen, world):
    # Dave's company publishes an offer.
    login(page, world.dave.email, PASSWORD, lang=screen.lang)
    page.goto(screen.path("/matching/offers/new/"))
    check_page(page)
    page.locator("#id_title").fill(OFFER_TITLE)
    page.locator("#id_description").fill(
        "We help traditional crafts producers with 価値の言語化 and a brand story for buyers abroad (ブランディング)."
    )
    page.get_by_label(_theme_name(screen, "branding")).check()
    page.get_by_label(_theme_name(screen, "crafts")).check()
    with page.expect_navigation():
        page.locator("main form button[type='submit']").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(OFFER_TITLE)
    check_page(page)

    # Alice sees it suggested on her need, with why, and asks for an introduction.
    alice = page_at(screen)
    login(alice, world.alice.email, PASSWORD, lang=screen.lang)
    alice.goto(screen.path(f"/matching/needs/{world.need.pk}/"))
    suggestion = alice.locator("#suggested-offers + .cards .suggestion").filter(has_text=OFFER_TITLE)
    expect(suggestion).to_be_visible()
    # The theme both chose is a reason; one only the offer chose is not.
    expect(suggestion.locator(".reasons")).to_contain_text(_theme_name(screen, "crafts"))
    expect(suggestion.locator(".reasons")).not_to_contain_text(_theme_name(screen, "branding"))
    expect(suggestion.locator(".reasons")).to_contain_text("価値の言語化")
    check_page(alice)
    with alice.expect_navigation():
        suggestion.get_by_role("link", name=text_in(screen, "Ask for an introduction")).click()
    check_page(alice)
    alice.locator("#id_message").fill("工芸品のブランディングについてご相談させてください。")
    with alice.expect_navigation():
        alice.locator("main form button[type='submit']").click()
    expect(alice.get_by_text(world.company_contact.email)).to_have_count(0)
    introduction = Introduction.objects.get()

    # Dave accepts: now each sees the other's contacts, and they write to each other.
    page.goto(screen.path(f"/matching/introductions/{introduction.pk}/"))
    check_page(page)
    with page.expect_navigation():
        page.get_by_role("button", name=text_in(screen, "Accept and share contacts")).click()
    expect(page.get_by_text(world.alice_contact.email)).to_be_visible()
    page.locator("#id_body").fill("来週お打合せしましょう。")
    with page.expect_navigation():
        page.get_by_role("button", name=text_in(screen, "Send"), exact=True).click()
    check_page(page)

    alice.reload()
    expect(alice.get_by_text(world.company_contact.email)).to_be_visible()
    expect(alice.locator(".thread")).to_contain_text("来週お打合せしましょう。")
    alice.locator("#id_body").fill("承知しました。よろしくお願いします。")
    with alice.expect_navigation():
        alice.get_by_role("button", name=text_in(screen, "Send"), exact=True).click()
    expect(alice.locator(".thread")).to_contain_text("承知しました。")
    check_page(alice)


def test_a_programme_reaches_kinki_one_applies_and_the_secretariat_sees_it(page, page_at, screen, world):
    # The secretariat publishes a programme of 経済産業省 for the members in 近畿.
    secret = activate_authenticator(world.secretariat)
    sign_in_with_authenticator(page, screen, world.secretariat, secret)
    page.goto(screen.path("/matching/programmes/new/"))
    check_page(page)
    page.locator("#id_agency").fill("経済産業省")
    page.locator("#id_title").fill("伝産品・工芸品の磨き上げ事業")
    page.locator("#id_description").fill("工芸品の価値の言語化とブランディングの実証事業。")
    page.locator("#id_network").select_option(str(world.network.pk))
    page.get_by_label(text_in(screen, "Kinki"), exact=True).check()
    with page.expect_navigation():
        page.get_by_role("button", name=text_in(screen, "Publish and relay"), exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(text_in(screen, "Relay status"))
    table = page.locator(".relay-table")
    expect(table).to_contain_text(_name(screen, world.alice_org))
    expect(table).not_to_contain_text(_name(screen, world.bob_org))  # 富山県 is in 中部
    check_page(page)

    # Alice finds it unread, opens it and marks 応募予定.
    alice = page_at(screen)
    login(alice, world.alice.email, PASSWORD, lang=screen.lang)
    alice.goto(screen.path("/matching/programmes/"))
    expect(alice.locator(".badge-new")).to_have_count(1)
    check_page(alice)
    with alice.expect_navigation():
        alice.get_by_role("link", name="伝産品・工芸品の磨き上げ事業").first.click()
    alice.get_by_label(text_in(screen, "Applying"), exact=True).check()
    with alice.expect_navigation():
        alice.get_by_role("button", name=text_in(screen, "Save status")).click()
    expect(alice.locator(".status-box strong")).to_have_text(text_in(screen, "Applying"))
    check_page(alice)

    # The secretariat's table shows it.
    page.reload()
    row = page.locator(".relay-table tr").filter(has_text=_name(screen, world.alice_org))
    expect(row).to_contain_text(text_in(screen, "Applying"))
    check_page(page)
