"""A member municipality's staff keeps its contacts current: edit, history, handover, yearly confirmation."""

import json
import urllib.request

import pytest
from django.core import mail
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext, ngettext
from playwright.sync_api import expect

from e2e.browser import DESKTOP_JA, PHONE_EN, login, open_menu
from e2e.steps import check_page, link_in_email, text_in
from renkei.lib.text import labelled
from renkei.organisations.models import Contact
from renkei.organisations.services import contacts_request_confirmation
from renkei.testing import PASSWORD, UserFactory, build_world, staff

pytestmark = pytest.mark.e2e

TWO_SCREENS = pytest.mark.parametrize("screen", [DESKTOP_JA, PHONE_EN], ids=[DESKTOP_JA.name, PHONE_EN.name])


@pytest.fixture
def world(registry):
    world = build_world()
    world.emi = UserFactory(email="emi@matsubara.example.jp", name="松原 エミ")
    staff(world.emi, world.alice_org)
    return world


@TWO_SCREENS
def test_staff_edit_a_contact_see_its_history_and_hand_it_over_to_a_colleague(page, screen, world):
    contact = world.alice_contact
    with translation.override(screen.lang):
        organisation = world.alice_org.name
        my_page = gettext("My page")
        contacts_link = gettext("Contacts of %(name)s") % {"name": organisation}
        edit = gettext("Edit %(name)s") % {"name": contact.person_name}
        department = gettext("Department")
        save = gettext("Save")
        updated = gettext("Contact updated.")
        history = gettext("History")
        history_heading = gettext("History of %(name)s") % {"name": contact.person_name}
        department_change = labelled(capfirst(gettext("department")), "企画課 → 総合政策課")
        hand_over = gettext("Hand over")
        colleague = gettext("Colleague")
        handed_over = gettext("Contact handed over.")
        owner_change = labelled(capfirst(gettext("owner")), "松原 アリス → 松原 エミ")

    login(page, world.alice.email, PASSWORD, lang=screen.lang)
    open_menu(page)
    page.get_by_role("navigation", name=text_in(screen, "Main")).get_by_role("link", name=my_page).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(my_page)
    check_page(page)
    page.get_by_role("link", name=contacts_link).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(contacts_link)
    row = page.locator("main table tbody tr").filter(has_text=contact.person_name)
    expect(row).to_contain_text("企画課")
    check_page(page)

    row.get_by_role("link", name=edit).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(edit)
    field = page.get_by_label(department, exact=False)
    expect(field).to_have_value("企画課")
    field.fill("総合政策課")
    check_page(page)
    with page.expect_navigation():
        page.get_by_role("button", name=save).click()
    expect(page.locator(".messages")).to_contain_text(updated)
    expect(row).to_contain_text("総合政策課")

    row.get_by_role("link", name=history).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(history_heading)
    newest = page.locator("main table tbody tr").first
    expect(newest).to_contain_text(department_change)
    expect(newest).to_contain_text(world.alice.name)
    check_page(page)

    page.get_by_role("link", name=contacts_link).click()
    row.get_by_role("link", name=hand_over).click()
    page.get_by_label(colleague, exact=True).select_option(label="松原 エミ")
    check_page(page)
    with page.expect_navigation():
        page.locator("main form").get_by_role("button", name=hand_over).click()
    expect(page.locator(".messages")).to_contain_text(handed_over)
    expect(row).to_contain_text("松原 エミ")
    check_page(page)
    contact.refresh_from_db()
    assert contact.owner == world.emi
    assert contact.department == "総合政策課"

    row.get_by_role("link", name=history).click()
    expect(page.locator("main table tbody tr").first).to_contain_text(owner_change)


@TWO_SCREENS
def test_an_owner_confirms_their_contacts_with_the_emailed_link(page, screen, world):
    with translation.override(screen.lang):
        heading = gettext("Confirm your contacts")
        confirm = gettext("Yes, they are all current")
        done = ngettext(
            "%(counter)s contact is confirmed as current.", "%(counter)s contacts are confirmed as current.", 1
        ) % {"counter": 1}
    assert contacts_request_confirmation(organisations=[world.alice_org.pk], language=screen.lang) == 1
    email = next(m for m in mail.outbox if m.to == [world.alice.email])

    # No sign-in: the signed link is enough.
    page.goto(link_in_email(email, "/contacts/confirm/", screen))
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    expect(page.locator("main table tbody tr")).to_have_count(1)
    expect(page.locator("main table tbody tr").first).to_contain_text("ichiro@matsubara.example.jp")
    check_page(page)
    with page.expect_navigation():
        page.get_by_role("button", name=confirm).click()
    expect(page.locator("main p[role='status']")).to_have_text(done)
    check_page(page)
    assert Contact.objects.get(pk=world.alice_contact.pk).is_confirmed_this_year()
    assert not Contact.objects.get(pk=world.bob_contact.pk).is_confirmed_this_year()


@TWO_SCREENS
def test_a_member_creates_a_personal_api_token_and_sees_it_once(page, screen, world, live_server):
    with translation.override(screen.lang):
        tokens_heading = gettext("Personal API tokens")
    login(page, world.alice.email, PASSWORD, lang=screen.lang)
    page.goto(screen.path("/accounts/profile/"))
    expect(page.get_by_role("heading", name=tokens_heading)).to_be_visible()
    form = page.locator("main form[action$='/profile/tokens/']")
    form.locator("input[type='text']").first.fill("Spreadsheet")
    with page.expect_navigation():
        form.locator("[type='submit']").click()
    token = page.locator("#new-token")
    expect(token).to_be_visible()
    raw = token.inner_text()
    check_page(page)

    # A program with the token reads the API as Alice: members' contacts included.
    assert read_api(live_server.url, f"/api/v1/networks/{world.network.slug}", raw)["contacts_visible"] is True
    assert read_api(live_server.url, f"/api/v1/networks/{world.network.slug}", None)["contacts_visible"] is False
    # It is shown only once.
    page.reload()
    expect(page.locator("#new-token")).to_have_count(0)
    expect(page.locator("main")).to_contain_text("Spreadsheet")


def read_api(base_url: str, path: str, token: str | None) -> dict:
    """What a program outside the browser reads from the API, with or without a token."""
    request = urllib.request.Request(base_url + path)
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())
