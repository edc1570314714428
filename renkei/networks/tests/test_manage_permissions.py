"""Every secretariat page refuses everyone but the network's secretariat signed in with two factors."""

import datetime

import pytest
from django.urls import reverse

from renkei.networks.models import Application, Invoice, Membership
from renkei.testing import build_world, login_with_second_factor


def _targets(w):
    membership = Membership.objects.get(organisation=w.alice_org)
    application = Application.objects.create(
        network=w.network,
        organisation_kind="municipality",
        local_government=w.charlie_org.local_government,
        contact_name="釜石 三郎",
        email="saburo@kamaishi.example.jp",
        tier=w.general,
    )
    invoice = Invoice.objects.create(
        membership=membership,
        fiscal_year=2025,
        number="ALLIANCE-2025-0001",
        tier_name="正会員",
        amount=50000,
        issued_on=datetime.date(2025, 7, 28),
        due_on=datetime.date(2025, 8, 27),
    )
    job = w.network.import_jobs.create(original_name="members.csv", file="imports/members.csv", total_rows=3)
    slug = w.network.slug
    gets = [
        reverse("networks:manage", args=[slug]),
        reverse("networks:manage_applications", args=[slug]),
        reverse("networks:manage_application", args=[slug, application.pk]),
        reverse("networks:manage_memberships", args=[slug]),
        reverse("networks:manage_membership", args=[slug, membership.pk]),
        reverse("networks:manage_tiers", args=[slug]),
        reverse("networks:manage_officers", args=[slug]),
        reverse("networks:manage_invoices", args=[slug]),
        reverse("networks:manage_invoice_pdf", args=[slug, invoice.pk]),
        reverse("networks:manage_import", args=[slug]),
        reverse("networks:manage_import_job", args=[slug, job.pk]),
        reverse("networks:manage_export_csv", args=[slug]),
        reverse("networks:manage_export_xlsx", args=[slug]),
    ]
    posts = [
        (reverse("networks:manage_application_approve", args=[slug, application.pk]), {}),
        (reverse("networks:manage_application_decline", args=[slug, application.pk]), {}),
        (reverse("networks:manage_membership", args=[slug, membership.pk]), {"status": "withdrawn", "tier": w.full.pk}),
        (reverse("networks:manage_invoices_issue", args=[slug]), {"fiscal_year": 2025, "issued_on": "2025-07-28"}),
        (reverse("networks:manage_invoice_paid", args=[slug, invoice.pk]), {"paid_on": "2025-08-01"}),
        (reverse("networks:manage_invoice_unpaid", args=[slug, invoice.pk]), {}),
    ]
    return gets, posts, application, membership, invoice


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["anonymous", "alice", "charlie", "dave", "secretariat_without_2fa"])
def test_it_refuses_everyone_but_the_secretariat(client, persona):
    w = build_world()
    gets, posts, application, membership, invoice = _targets(w)
    if persona == "secretariat_without_2fa":
        client.force_login(w.secretariat)
    elif persona != "anonymous":
        # Even with a second factor, staff of a member, an outsider or a company are refused.
        login_with_second_factor(client, getattr(w, persona))
    for url in gets:
        response = client.get(url)
        assert response.status_code in (302, 403), url
        assert b"%PDF" not in response.content
        assert "ichiro@matsubara.example.jp" not in response.content.decode(errors="ignore")
    for url, data in posts:
        assert client.post(url, data).status_code in (302, 403), url
    # Nothing changed.
    application.refresh_from_db()
    membership.refresh_from_db()
    invoice.refresh_from_db()
    assert application.status == Application.Status.PENDING
    assert membership.status == Membership.Status.ACTIVE
    assert invoice.paid_on is None
    assert Invoice.objects.count() == 1


@pytest.mark.django_db
def test_it_shows_every_page_to_the_secretariat_with_two_factors(client):
    w = build_world()
    gets, _posts, *_ = _targets(w)
    login_with_second_factor(client, w.secretariat)
    for url in gets:
        assert client.get(url).status_code == 200, url


@pytest.mark.django_db
def test_it_refuses_the_secretariat_of_another_network(client):
    from renkei.networks.models import Network
    from renkei.testing import OrganisationFactory, UserFactory, staff

    w = build_world()
    other_org = OrganisationFactory(kind="secretariat", name="別の事務局")
    Network.objects.create(slug="other", kind="project", name_ja="別のネットワーク", secretariat=other_org)
    other = UserFactory(email="other-sec@example.jp")
    staff(other, other_org)
    login_with_second_factor(client, other)
    assert client.get(reverse("networks:manage", args=[w.network.slug])).status_code == 403
    assert client.get(reverse("networks:manage", args=["other"])).status_code == 200
