"""Applying to join a network on behalf of a municipality, without an account."""

import pytest
from django.contrib.humanize.templatetags.humanize import intcomma
from django.core import mail
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from e2e.steps import check_page
from renkei.networks.models import Application
from renkei.testing import build_world

pytestmark = pytest.mark.e2e


@pytest.fixture
def world(registry):
    return build_world()


def test_a_visitor_applies_for_kamaishi_and_is_thanked_by_page_and_email(page, screen, world):
    with translation.override(screen.lang):
        network_name = world.network.name
        apply_link = gettext("Apply to join")
        heading = gettext("Apply to join %(network)s") % {"network": network_name}
        tier_label = gettext("%(tier)s (annual fee %(fee)s yen)") % {
            "tier": world.general.name,
            "fee": intcomma(world.general.annual_fee),
        }
        contact_label = gettext("Contact person")
        department_label = gettext("Department")
        email_label = gettext("Email")
        send = gettext("Send the application")
        thanks = gettext("Thank you: your application was received")
        subject = gettext("We received your application to join %(network)s") % {"network": network_name}
        kamaishi = screen.text("岩手県釜石市", "Kamaishi City, Iwate Prefecture")

    page.goto(screen.path(f"/networks/{world.network.slug}/"))
    page.get_by_role("link", name=apply_link).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)

    # Typing part of the name brings suggestions; choosing one fills in the name and code.
    field = page.locator("#id_local_government")
    field.press_sequentially("釜石", delay=50)
    choice = page.locator("#lg-suggestions").get_by_role("button", name=f"{kamaishi} (032115)")
    expect(choice).to_be_visible()
    check_page(page)
    choice.click()
    expect(field).to_have_value(f"{kamaishi} (032115)")
    expect(page.locator("#lg-suggestions button")).to_have_count(0)

    page.get_by_label(contact_label, exact=False).first.fill("釜石 花子")
    page.get_by_label(department_label, exact=False).first.fill("総合政策課")
    page.get_by_role("radio", name=tier_label).check()

    # A mistyped email: the form says so, keeps what was typed, and nothing is sent.
    page.get_by_label(email_label, exact=False).first.fill("hanako@kamaishi")
    with page.expect_navigation():
        page.get_by_role("button", name=send).click()
    email_field = page.locator("#id_email")
    expect(email_field).to_have_attribute("aria-invalid", "true")
    expect(page.locator(".errorlist").first).to_be_visible()
    expect(field).to_have_value(f"{kamaishi} (032115)")
    assert not Application.objects.exists()
    assert mail.outbox == []
    check_page(page)

    email_field.fill("hanako@kamaishi.example.jp")
    with page.expect_navigation():
        page.get_by_role("button", name=send).click()

    expect(page.get_by_role("heading", level=1)).to_have_text(thanks)
    expect(page.locator("main")).to_contain_text(network_name)
    check_page(page)

    application = Application.objects.get()
    assert application.local_government.code == "032115"
    assert (application.contact_name, application.department, application.tier) == (
        "釜石 花子",
        "総合政策課",
        world.general,
    )
    received = [m for m in mail.outbox if m.to == ["hanako@kamaishi.example.jp"]]
    assert len(received) == 1
    assert received[0].subject == subject
    assert kamaishi in received[0].body
    assert "総合政策課" in received[0].body
    # The secretariat hears of it too.
    assert any(world.secretariat.email in m.to for m in mail.outbox)
