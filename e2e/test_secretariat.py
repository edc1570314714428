"""The secretariat's work: two-factor sign-in, approving an application, fee invoices, imports."""

import pytest
from django.core import mail
from django.utils import translation
from django.utils.translation import gettext, ngettext, pgettext
from playwright.sync_api import expect

from e2e.browser import DESKTOP_JA, PHONE_EN
from e2e.steps import activate_authenticator, check_page, link_in_email, sign_in_with_authenticator, text_in
from renkei.lib.dates import fiscal_year, fiscal_year_label
from renkei.lib.money import format_yen
from renkei.networks.models import Application, Invoice, Membership
from renkei.organisations.models import Staff
from renkei.testing import build_world

pytestmark = pytest.mark.e2e


@pytest.fixture
def world(registry):
    world = build_world()
    world.totp_secret = activate_authenticator(world.secretariat)
    return world


def test_the_secretariat_approves_an_application_and_the_applicant_joins_and_sees_the_directory(
    page, page_at, screen, world
):
    Application.objects.create(
        network=world.network,
        organisation_kind="municipality",
        local_government=world.charlie_org.local_government,
        contact_name="釜石 花子",
        department="総合政策課",
        email="hanako@kamaishi.example.jp",
        tier=world.general,
    )
    with translation.override(screen.lang):
        network_name = world.network.name
        kamaishi = world.charlie_org.local_government.full_name
        kamaishi_short = world.charlie_org.name
        dashboard_heading = gettext("%(name)s: secretariat") % {"name": network_name}
        review = gettext("Review applications")
        approve = gettext("Approve")
        approved = gettext("%(organisation)s is now a member; the applicant was emailed and invited.") % {
            "organisation": kamaishi
        }
        secretariat_nav = gettext("Secretariat")
        members_link = gettext("Members")
        three_memberships = ngettext("%(counter)s membership", "%(counter)s memberships", 3) % {"counter": 3}
        active = str(Membership.Status.ACTIVE.label)
        general_tier = world.general.name
        create_account = gettext("Create my account and join")
        welcome = gettext("Welcome to %(organisation)s on Renkei.") % {"organisation": kamaishi_short}
        directory_heading = gettext("Member directory — %(name)s") % {"name": network_name}
        three_members = ngettext("%(counter)s member", "%(counter)s members", 3) % {"counter": 3}
        matsubara = world.alice_org.name

    sign_in_with_authenticator(page, screen, world.secretariat, world.totp_secret)

    page.goto(screen.path(f"/networks/{world.network.slug}/manage/"))
    expect(page.get_by_role("heading", level=1)).to_have_text(dashboard_heading)
    expect(page.locator(".card").filter(has=page.get_by_role("link", name=review))).to_contain_text("1")
    check_page(page)

    page.get_by_role("link", name=review).click()
    row = page.locator("main table tbody tr").filter(has_text=kamaishi)
    expect(row).to_contain_text("釜石 花子")
    expect(row).to_contain_text(general_tier)
    check_page(page)
    row.get_by_role("link", name=kamaishi).click()
    expect(page.locator("main")).to_contain_text("hanako@kamaishi.example.jp")
    check_page(page)
    with page.expect_navigation():
        page.get_by_role("button", name=approve).click()

    expect(page.locator(".messages")).to_contain_text(approved)
    check_page(page)
    manage_nav = page.get_by_role("navigation", name=secretariat_nav)
    manage_nav.get_by_role("link", name=members_link, exact=True).click()
    expect(page.locator("main")).to_contain_text(three_memberships)
    new_member = page.locator("main table tbody tr").filter(has_text=kamaishi_short)
    expect(new_member).to_contain_text(active)
    expect(new_member).to_contain_text(general_tier)
    check_page(page)

    # The applicant's invitation, with the link to create their account.
    invitation = next(m for m in mail.outbox if m.to == ["hanako@kamaishi.example.jp"] and "/invitations/" in m.body)
    applicant = page_at(screen)
    applicant.goto(link_in_email(invitation, "/invitations/", screen))
    applicant.locator("#id_name").fill("釜石 花子")
    applicant.locator("#id_password1").fill("kamaishi-hanako-2025")
    applicant.locator("#id_password2").fill("kamaishi-hanako-2025")
    check_page(applicant)
    with applicant.expect_navigation():
        applicant.get_by_role("button", name=create_account).click()

    expect(applicant.locator(".messages")).to_contain_text(welcome)
    expect(applicant.get_by_role("heading", level=1)).to_have_text(kamaishi_short)
    assert Staff.objects.filter(organisation=world.charlie_org, user__email="hanako@kamaishi.example.jp").exists()

    applicant.goto(screen.path(f"/networks/{world.network.slug}/directory/"))
    expect(applicant.get_by_role("heading", level=1)).to_have_text(directory_heading)
    expect(applicant.locator("main p[role='status']")).to_have_text(three_members)
    matsubara_row = applicant.locator("main table tbody tr").filter(has_text=matsubara)
    expect(matsubara_row).to_contain_text("松原 一郎")
    expect(matsubara_row).to_contain_text("ichiro@matsubara.example.jp")
    check_page(applicant)


@pytest.mark.parametrize("screen", [DESKTOP_JA, PHONE_EN], ids=[DESKTOP_JA.name, PHONE_EN.name])
def test_the_secretariat_issues_invoices_downloads_one_marks_it_paid_and_an_import_with_a_bad_row_changes_nothing(
    page, screen, world, tmp_path
):
    year = fiscal_year()
    with translation.override(screen.lang):
        invoices_link = gettext("Fee invoices")
        invoices_heading = gettext("Fee invoices, %(year_label)s") % {"year_label": fiscal_year_label(year)}
        issue = gettext("Issue invoices")
        issued = ngettext(
            "%(count)s invoice was issued for %(year)s.", "%(count)s invoices were issued for %(year)s.", 2
        ) % {
            "count": 2,
            "year": fiscal_year_label(year),
        }
        mark_paid = gettext("Mark as paid")
        paid_badge = gettext("Paid")
        import_link = gettext("Import and export")
        import_button = pgettext("button", "Import")
        nothing_imported = ngettext(
            "Nothing was imported: the file has %(counter)s problem. Correct it and upload the file again.",
            "Nothing was imported: the file has %(counter)s problems. Correct them and upload the file again.",
            1,
        ) % {"counter": 1}
        matsubara = world.alice_org.name

    sign_in_with_authenticator(page, screen, world.secretariat, world.totp_secret)
    page.goto(screen.path(f"/networks/{world.network.slug}/manage/"))
    page.locator("nav.manage-nav").get_by_role("link", name=invoices_link).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(invoices_heading)

    with page.expect_navigation():
        page.get_by_role("button", name=issue).click()
    expect(page.locator(".messages")).to_contain_text(issued)
    rows = page.locator("main table tbody tr")
    expect(rows).to_have_count(2)
    check_page(page)

    # Alice's municipality pays the full member's fee; its invoice opens as a PDF.
    invoice = Invoice.objects.get(membership__organisation=world.alice_org, fiscal_year=year)
    row = rows.filter(has_text=matsubara)
    with translation.override(screen.lang):
        fee = format_yen(world.full.annual_fee)
    expect(row).to_contain_text(fee)
    pdf_link = row.get_by_role("link", name=invoice.number)
    pdf = page.request.get(pdf_link.get_attribute("href"))
    assert pdf.status == 200
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF")

    with page.expect_navigation():
        row.get_by_role("button", name=mark_paid).click()
    expect(page.locator(".messages")).to_contain_text(
        text_in(screen, "Invoice %(number)s is marked as paid.", number=invoice.number)
    )
    expect(page.locator("main table tbody tr").filter(has_text=matsubara)).to_contain_text(paid_badge)
    invoice.refresh_from_db()
    assert invoice.paid_on is not None

    # An import with one bad row (an unknown tier on row 3): the problem listed by row, nothing written.
    members_before = list(Membership.objects.values_list("organisation_id", "tier_id", "status"))
    csv_file = tmp_path / "members.csv"
    csv_file.write_text(
        "local_government_code,tier,contact_name,contact_email\n"
        "032115,正会員,釜石 三郎,saburo@kamaishi.example.jp\n"
        "012025,特別会員,函館 五郎,goro@hakodate.example.jp\n",
        encoding="utf-8",
    )
    page.locator("nav.manage-nav").get_by_role("link", name=import_link).click()
    page.locator("#id_file").set_input_files(csv_file)
    with page.expect_navigation():
        page.locator("main form[enctype]").get_by_role("button", name=import_button, exact=True).click()
    expect(page.get_by_role("alert")).to_contain_text(nothing_imported)
    problems = page.locator("main table").first.locator("tbody tr")
    expect(problems).to_have_count(1)
    expect(problems.first.locator("td").first).to_have_text("3")
    expect(problems.first).to_contain_text("特別会員")
    check_page(page)
    assert list(Membership.objects.values_list("organisation_id", "tier_id", "status")) == members_before
