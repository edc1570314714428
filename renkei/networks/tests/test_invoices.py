import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from renkei.networks.models import Invoice, Membership, Tier
from renkei.networks.services import invoices_issue
from renkei.organisations.services import organisation_for_government
from renkei.registry.models import LocalGovernment
from renkei.testing import build_world, login_with_second_factor

pytestmark = pytest.mark.django_db
ISSUED = datetime.date(2025, 7, 28)


@pytest.fixture(autouse=True)
def _english(english):
    """Pages in English (/en/): see conftest.english."""


def japanese_world():
    """The personas, created as in a Japanese session (names typed in Japanese)."""
    with translation.override("ja"):
        return build_world()


def test_it_issues_one_invoice_per_active_member_with_a_fee():
    w = japanese_world()
    free = Tier.objects.create(network=w.network, name_ja="協力会員", annual_fee=0, order=3)
    Membership.objects.create(network=w.network, organisation=w.charlie_org, tier=free)
    Membership.objects.create(network=w.network, organisation=w.company_org, tier=w.full, status="suspended")
    invoices = invoices_issue(network=w.network, fiscal_year=2025, issued_on=ISSUED)
    assert [(i.membership.organisation, i.amount, i.tier_name) for i in invoices] == [
        (w.bob_org, 10000, "一般会員"),  # なんと sorts before まつばら
        (w.alice_org, 50000, "正会員"),
    ]
    assert [i.number for i in invoices] == ["ALLIANCE-2025-0001", "ALLIANCE-2025-0002"]
    assert invoices[0].due_on == datetime.date(2025, 8, 27)


def test_issuing_again_only_adds_the_missing_ones():
    w = japanese_world()
    invoices_issue(network=w.network, fiscal_year=2025, issued_on=ISSUED)
    assert invoices_issue(network=w.network, fiscal_year=2025, issued_on=ISSUED) == []
    newcomer = organisation_for_government(LocalGovernment.objects.get(name="高松市"))
    Membership.objects.create(network=w.network, organisation=newcomer, tier=w.full)
    [added] = invoices_issue(network=w.network, fiscal_year=2025, issued_on=ISSUED)
    assert added.number == "ALLIANCE-2025-0003"
    assert Invoice.objects.count() == 3
    # Another year starts its own numbers.
    assert invoices_issue(network=w.network, fiscal_year=2026, issued_on=ISSUED)[0].number == "ALLIANCE-2026-0001"


def test_the_secretariat_downloads_the_pdf(client):
    w = japanese_world()
    [invoice, _] = invoices_issue(network=w.network, fiscal_year=2025, issued_on=ISSUED)
    login_with_second_factor(client, w.secretariat)
    response = client.get(reverse("networks:manage_invoice_pdf", args=[w.network.slug, invoice.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert "ALLIANCE-2025-0001.pdf" in response["Content-Disposition"]


def test_it_issues_marks_paid_and_filters_with_totals(client):
    w = japanese_world()
    login_with_second_factor(client, w.secretariat)
    slug = w.network.slug
    response = client.post(
        reverse("networks:manage_invoices_issue", args=[slug]), {"fiscal_year": 2025, "issued_on": "2025-07-28"}
    )
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "2 invoices were issued for FY2025." in page
    assert "¥60,000" in page  # total of the year

    alice = Invoice.objects.get(membership__organisation=w.alice_org)
    client.post(reverse("networks:manage_invoice_paid", args=[slug, alice.pk]), {"paid_on": "2025-08-10"})
    alice.refresh_from_db()
    assert alice.paid_on == datetime.date(2025, 8, 10)

    url = reverse("networks:manage_invoices", args=[slug])
    outstanding = client.get(url, {"year": 2025, "state": "outstanding"}).content.decode()
    assert "Nanto City" in outstanding and "Matsubara City" not in outstanding
    assert "<strong>¥10,000</strong> 1 outstanding" in outstanding
    assert "<strong>¥50,000</strong> 1 paid" in outstanding
    paid = client.get(url, {"year": 2025, "state": "paid"}).content.decode()
    assert "Matsubara City" in paid and "Nanto City" not in paid

    client.post(reverse("networks:manage_invoice_unpaid", args=[slug, alice.pk]))
    alice.refresh_from_db()
    assert alice.paid_on is None


def test_a_bad_payment_date_is_refused_and_changes_nothing(client):
    w = japanese_world()
    [invoice, _] = invoices_issue(network=w.network, fiscal_year=2025, issued_on=ISSUED)
    login_with_second_factor(client, w.secretariat)
    url = reverse("networks:manage_invoice_paid", args=[w.network.slug, invoice.pk])
    page = client.post(url, {"paid_on": "not a date"}, follow=True).content.decode()
    assert "Give the date the invoice ALLIANCE-2025-0001 was paid." in page
    page = client.post(url, {"paid_on": "2025-01-01"}, follow=True).content.decode()
    assert "An invoice cannot be paid before the day it is issued." in page
    invoice.refresh_from_db()
    assert invoice.paid_on is None


def test_the_list_keeps_a_constant_query_count(client):
    w = japanese_world()
    login_with_second_factor(client, w.secretariat)
    url = reverse("networks:manage_invoices", args=[w.network.slug])
    invoices_issue(network=w.network, fiscal_year=2025, issued_on=ISSUED)
    with CaptureQueriesContext(connection) as few:
        client.get(url, {"year": 2025})
    for government in LocalGovernment.objects.filter(prefecture__name="青森県").order_by("code")[:20]:
        Membership.objects.create(
            network=w.network, organisation=organisation_for_government(government), tier=w.general
        )
    invoices_issue(network=w.network, fiscal_year=2025, issued_on=ISSUED)
    with CaptureQueriesContext(connection) as many:
        page = client.get(url, {"year": 2025}).content.decode()
    assert "ALLIANCE-2025-0022" in page
    assert len(many) == len(few)
