"""A network's public page: its name, officers, members, and the map of members by prefecture."""

import pytest
from playwright.sync_api import expect

from e2e.browser import check_axe, check_fits_width
from renkei.networks.models import Officer
from renkei.testing import build_world

pytestmark = pytest.mark.e2e


@pytest.fixture
def world(registry):
    world = build_world()
    Officer.objects.create(
        network=world.network,
        role=Officer.Role.PRESIDENT,
        organisation=world.alice_org,
        order=0,
        person_name_ja="松原 太郎",
        person_name_en="Matsubara Taro",
        title_ja="松原市長",
        title_en="Mayor of Matsubara",
    )
    Officer.objects.create(
        network=world.network,
        role=Officer.Role.AUDITOR,
        organisation=world.bob_org,
        order=1,
        person_name_ja="南砺 次郎",
        person_name_en="Nanto Jiro",
        title_ja="南砺市長",
        title_en="Mayor of Nanto",
    )
    return world


def test_a_visitor_sees_the_network_its_officers_and_members_on_the_map(page, screen, world):
    page.goto(screen.path(f"/networks/{world.network.slug}/"))

    expect(page.get_by_role("heading", level=1)).to_have_text(screen.text("テスト首長連合", "Test Mayors' Alliance"))
    main = page.locator("main")
    expect(main.get_by_role("row").filter(has_text=screen.text("松原 太郎", "Matsubara Taro"))).to_contain_text(
        screen.text("松原市長", "Mayor of Matsubara")
    )
    expect(main.get_by_role("row").filter(has_text=screen.text("南砺 次郎", "Nanto Jiro"))).to_contain_text(
        screen.text("南砺市長", "Mayor of Nanto")
    )
    # Members, and only members: 釜石市 is not one.
    expect(main.get_by_role("link", name=screen.text("松原市", "Matsubara City"), exact=True).last).to_be_visible()
    expect(main.get_by_role("link", name=screen.text("南砺市", "Nanto City"), exact=True).last).to_be_visible()
    expect(main).not_to_contain_text(screen.text("釜石市", "Kamaishi"))
    # Nobody signed in: no way into the members' directory.
    expect(page.locator(f"a[href$='/networks/{world.network.slug}/directory/']")).to_have_count(0)

    # The map: one shape per prefecture, a text alternative, and its figures as a table.
    svg = main.locator("svg[role='img']")
    expect(svg).to_be_visible()
    expect(svg.locator("use[data-prefecture]")).to_have_count(47)
    expect(svg.locator("use[data-prefecture='27']")).to_have_attribute("data-count", "1")  # 大阪府
    expect(svg.locator("use[data-prefecture='03']")).to_have_attribute("data-count", "0")  # 岩手県
    table = main.locator("details table")
    expect(table).to_be_hidden()
    main.locator("details summary").click()
    expect(table).to_be_visible()
    expect(table.get_by_role("row").filter(has_text=screen.text("大阪府", "Osaka"))).to_contain_text("1")
    expect(table.get_by_role("row").filter(has_text=screen.text("富山県", "Toyama"))).to_contain_text("1")
    expect(table.locator("tfoot")).to_contain_text("2")

    check_fits_width(page)
    check_axe(page)
