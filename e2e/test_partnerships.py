"""Partnerships in a browser: record a sister city abroad, log an exchange with a photo, find its 30th anniversary."""

import datetime
import io

import pytest
from PIL import Image
from playwright.sync_api import expect

from e2e.browser import login
from e2e.steps import check_page, text_in
from renkei.partnerships.models import Activity, Partnership
from renkei.testing import PASSWORD, build_world

pytestmark = pytest.mark.e2e


@pytest.fixture
def world(registry):
    return build_world()


@pytest.fixture
def photo(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    path = tmp_path / "lavender.png"
    image = Image.new("RGB", (800, 600), (150, 120, 200))
    out = io.BytesIO()
    image.save(out, format="PNG")
    path.write_bytes(out.getvalue())
    return path


def test_charlie_records_a_sister_city_logs_an_exchange_and_finds_the_coming_30th(page, screen, world, photo):
    from renkei.registry.models import OverseasGovernment

    digne = OverseasGovernment.objects.get(name_en="Digne-les-Bains")
    established = datetime.date.today().year - 29  # the 30th anniversary falls next year
    login(page, world.charlie.email, PASSWORD, lang=screen.lang)

    # From the directory to the form, with the municipality's own page prefilling it.
    page.goto(screen.path("/local-governments/032115/"))
    check_page(page)
    with page.expect_navigation():
        page.get_by_role("link", name=text_in(screen, "Record a partnership")).click()
    expect(page.locator("#id_local_governments")).to_have_value(
        screen.text("岩手県釜石市 (032115)", "Kamaishi City, Iwate Prefecture (032115)")
    )
    check_page(page)
    page.locator("#id_kind").select_option("sister_city")
    page.locator("#id_overseas_governments").select_option(str(digne.pk))
    page.locator("#id_established_year").fill(str(established))
    page.locator("#id_description_ja").fill("ラベンダーを通じた市民交流")
    with page.expect_navigation():
        page.locator("main form button[type='submit']").click()
    partnership = Partnership.objects.get()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Digne-les-Bains")
    expect(page.locator("main")).to_contain_text(screen.text(f"{established}年", str(established)))
    check_page(page)

    # An exchange of the partnership, with a photo and its text alternative.
    with page.expect_navigation():
        page.get_by_role("link", name=text_in(screen, "Add an activity")).click()
    page.locator("#id_kind").select_option("tree_planting")
    page.locator("#id_title_ja").fill("ラベンダーの植栽")
    page.locator("#id_title_en").fill("Planting lavender")
    page.locator("#id_starts_on").fill("2023-06-10")
    page.locator("#id_photo").set_input_files(str(photo))
    page.locator("#id_caption").fill("植栽の様子")
    page.locator("#id_alt_text").fill(screen.text("ラベンダーを植える児童", "Pupils planting lavender"))
    check_page(page)
    with page.expect_navigation():
        page.locator("main form button[type='submit']").click()
    picture = page.get_by_role("img", name=screen.text("ラベンダーを植える児童", "Pupils planting lavender"))
    expect(picture).to_be_visible()
    assert page.evaluate("img => img.naturalWidth", picture.element_handle()) > 0
    check_page(page)
    assert Activity.objects.get().partnership == partnership

    # The coming 30th anniversary, two years ahead.
    page.goto(screen.path("/partnerships/anniversaries/"))
    page.locator("#id_months").select_option("24")
    with page.expect_navigation():
        page.locator("form.filters button[type='submit']").click()
    row = page.locator("main tbody tr", has=page.locator(f"a[href*='/partnerships/{partnership.pk}/']"))
    expect(row).to_contain_text(text_in(screen, "%(number)sth anniversary", number=30))
    expect(row).to_contain_text("Digne-les-Bains")
    check_page(page)
