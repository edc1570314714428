import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from renkei.networks.models import Membership, Tier
from renkei.organisations.services import organisation_for_government
from renkei.registry.models import LocalGovernment

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def world(secretariat_world):
    return secretariat_world


def _add_members(w, count: int, start: int = 0):
    governments = LocalGovernment.objects.municipalities().filter(prefecture__name="北海道").order_by("code")
    for government in governments[start : start + count]:
        Membership.objects.create(
            network=w.network,
            organisation=organisation_for_government(government),
            tier=w.general,
            status=Membership.Status.ACTIVE,
        )


def test_it_filters_by_name_status_tier_and_prefecture(client, world):
    Membership.objects.filter(organisation=world.bob_org).update(status=Membership.Status.SUSPENDED)
    url = reverse("networks:manage_memberships", args=[world.network.slug])
    assert "Matsubara City" in client.get(url).content.decode()
    assert "Nanto City" in client.get(url).content.decode()
    by_name = client.get(url, {"q": "松原"}).content.decode()
    assert "Matsubara City" in by_name and "Nanto City" not in by_name
    by_status = client.get(url, {"status": "suspended"}).content.decode()
    assert "Nanto City" in by_status and "Matsubara City" not in by_status
    by_tier = client.get(url, {"tier": world.full.pk}).content.decode()
    assert "Matsubara City" in by_tier and "Nanto City" not in by_tier
    toyama = LocalGovernment.objects.get(name="富山県")
    by_prefecture = client.get(url, {"prefecture": toyama.pk}).content.decode()
    assert "Nanto City" in by_prefecture and "Matsubara City" not in by_prefecture


def test_the_list_pages_and_keeps_a_constant_query_count(client, world):
    url = reverse("networks:manage_memberships", args=[world.network.slug])
    with CaptureQueriesContext(connection) as few:
        assert client.get(url, {"tier": world.general.pk}).status_code == 200
    _add_members(world, 60)
    with CaptureQueriesContext(connection) as many:
        page = client.get(url, {"tier": world.general.pk}).content.decode()
    assert len(many) == len(few)
    assert "Page 1 of 2" in page
    assert "tier=" in page  # the filter is kept in the page links
    second = client.get(url, {"tier": world.general.pk, "page": 2}).content.decode()
    assert "Page 2 of 2" in second


def test_withdrawing_sets_the_day_it_left_and_shows_in_the_history(client, world):
    membership = Membership.objects.get(organisation=world.alice_org)
    url = reverse("networks:manage_membership", args=[world.network.slug, membership.pk])
    response = client.post(
        url, {"status": "withdrawn", "tier": world.full.pk, "joined_on": "2022-04-01", "left_on": ""}
    )
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.status == Membership.Status.WITHDRAWN
    assert membership.left_on == timezone.localdate()
    page = client.get(url).content.decode()
    assert "Active → Withdrawn" in page
    assert "事務局 花子" in page  # who changed it


def test_changing_the_tier_is_recorded_with_old_and_new_names(client, world):
    membership = Membership.objects.get(organisation=world.alice_org)
    url = reverse("networks:manage_membership", args=[world.network.slug, membership.pk])
    client.post(url, {"status": "active", "tier": world.general.pk, "joined_on": "", "left_on": ""})
    membership.refresh_from_db()
    assert membership.tier == world.general
    assert "Full member → General member" in client.get(url).content.decode()


def test_bad_dates_are_refused_and_change_nothing(client, world):
    membership = Membership.objects.get(organisation=world.alice_org)
    url = reverse("networks:manage_membership", args=[world.network.slug, membership.pk])
    response = client.post(
        url, {"status": "withdrawn", "tier": world.general.pk, "joined_on": "2025-04-01", "left_on": "2024-04-01"}
    )
    assert response.status_code == 400
    assert "The day it left cannot be before the day it joined." in response.content.decode()
    assert 'aria-invalid="true"' in response.content.decode()
    membership.refresh_from_db()
    assert (membership.status, membership.tier, membership.left_on) == ("active", world.full, None)


def test_a_tier_of_another_network_is_refused(client, world):
    from renkei.networks.models import Network

    other = Network.objects.create(slug="other", kind="project", name_ja="別", secretariat=world.secretariat_org)
    foreign = Tier.objects.create(network=other, name_ja="外部", annual_fee=1)
    membership = Membership.objects.get(organisation=world.alice_org)
    url = reverse("networks:manage_membership", args=[world.network.slug, membership.pk])
    response = client.post(url, {"status": "active", "tier": foreign.pk})
    assert response.status_code == 400
    membership.refresh_from_db()
    assert membership.tier == world.full


def test_a_membership_of_another_network_is_not_found(client, world):
    from renkei.networks.models import Network

    other = Network.objects.create(slug="other", kind="project", name_ja="別", secretariat=world.secretariat_org)
    tier = Tier.objects.create(network=other, name_ja="外部", annual_fee=1)
    foreign = Membership.objects.create(
        network=other, organisation=world.charlie_org, tier=tier, joined_on=datetime.date(2024, 4, 1)
    )
    url = reverse("networks:manage_membership", args=[world.network.slug, foreign.pk])
    assert client.get(url).status_code == 404


def test_the_dashboard_counts_members_applications_and_unpaid_invoices(client, world):
    from renkei.lib.dates import fiscal_year
    from renkei.networks.models import Application, Invoice

    _add_members(world, 3)
    Membership.objects.filter(organisation=world.bob_org).update(status=Membership.Status.SUSPENDED)
    Application.objects.create(
        network=world.network,
        organisation_kind="company",
        organisation_name="株式会社みらい",
        contact_name="未来 太郎",
        email="t@mirai.example.jp",
        tier=world.general,
    )
    alice = Membership.objects.get(organisation=world.alice_org)
    year = fiscal_year()
    Invoice.objects.create(
        membership=alice,
        fiscal_year=year,
        number="A-1",
        tier_name="正会員",
        amount=50000,
        issued_on=timezone.localdate(),
        due_on=timezone.localdate(),
    )
    Invoice.objects.create(
        membership=alice,
        fiscal_year=year - 1,
        number="A-0",
        tier_name="正会員",
        amount=50000,
        issued_on=timezone.localdate(),
        due_on=timezone.localdate(),
    )
    page = client.get(reverse("networks:manage", args=[world.network.slug])).content.decode()
    # Active: Alice (full) and three general members; Bob is suspended.
    assert "<strong>4</strong> active members" in page
    assert "<strong>1</strong> Full member" in page
    assert "<strong>3</strong> General member" in page
    assert "<strong>1</strong> application waiting for a decision" in page
    # Unpaid invoices by 年度: this year's and last year's, ¥50,000 each.
    assert page.count('<td class="num">¥50,000</td>') == 2
