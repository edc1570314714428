"""Pages that are not Renkei's own templates work under its Content-Security-Policy: the admin, the API docs.

The page fixtures fail a test on anything the policy refuses and on any request to another host.
"""

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from e2e.browser import DESKTOP_EN
from e2e.steps import activate_authenticator, sign_in_with_authenticator
from renkei.testing import PASSWORD, build_world

pytestmark = pytest.mark.e2e


@pytest.fixture
def world(registry):
    world = build_world()
    world.root = get_user_model().objects.create_superuser("root@example.jp", PASSWORD)
    world.totp_secret = activate_authenticator(world.root)
    return world


def test_a_site_admin_signs_in_with_the_authenticator_and_edits_in_the_admin(page_at, world):
    page = page_at(DESKTOP_EN)
    sign_in_with_authenticator(page, DESKTOP_EN, world.root, world.totp_secret)

    page.goto("/en/admin/organisations/contact/")
    expect(page.locator("#result_list")).to_contain_text("ichiro@matsubara.example.jp")
    page.goto(f"/en/admin/organisations/organisation/{world.alice_org.pk}/change/")
    name_en = page.locator("#id_name_en")
    expect(name_en).to_be_visible()
    name_en.fill("Matsubara City")
    with page.expect_navigation():
        page.locator("input[name='_save']").click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    world.alice_org.refresh_from_db()
    assert world.alice_org.name_en == "Matsubara City"
    # The registry's changelist, with its search and filters.
    page.goto("/en/admin/registry/localgovernment/?q=kamaishi")
    expect(page.locator("#result_list")).to_contain_text("釜石市")


def test_the_api_docs_work_from_the_sites_own_files(page_at, world):
    page = page_at(DESKTOP_EN)
    page.goto("/api/v1/docs")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Renkei API")
    page.locator(".opblock-summary").first.click()
    expect(page.locator(".opblock-body").first).to_be_visible()
