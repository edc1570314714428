"""The secretariat's dashboard: what waits for it across the apps, the members on the map and over time."""

import csv
import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from renkei.board.models import Report
from renkei.board.services import categories_create_defaults
from renkei.events.tests.factories import make_event
from renkei.matching.models import Programme, ProgrammeTarget
from renkei.networks.dashboard import growth_by_year
from renkei.networks.models import Application, Invoice, Membership
from renkei.networks.services import invoices_issue
from renkei.organisations.services import organisation_for_government
from renkei.registry.models import LocalGovernment

pytestmark = pytest.mark.django_db


def busy(w):
    """A network with work waiting in every app."""
    Membership.objects.filter(network=w.network, organisation=w.alice_org).update(joined_on=datetime.date(2023, 6, 1))
    Membership.objects.filter(network=w.network, organisation=w.bob_org).update(joined_on=datetime.date(2024, 5, 1))
    Application.objects.create(
        network=w.network, organisation_kind="municipality", contact_name="高松 花子", department="企画課",
        email="hanako@takamatsu.example.jp", phone="087-000-0000", tier=w.full,
        local_government=LocalGovernment.objects.get(name="高松市"),
    )  # fmt: skip
    invoices_issue(network=w.network, fiscal_year=2024, issued_on=datetime.date(2024, 7, 1))
    invoices_issue(network=w.network, fiscal_year=2025, issued_on=datetime.date(2025, 7, 1))
    Invoice.objects.filter(fiscal_year=2024, membership__organisation=w.alice_org).update(
        paid_on=datetime.date(2024, 8, 1)
    )
    soon = timezone.now() + datetime.timedelta(days=10)
    make_event(w.network, title="全国連携講演会", starts_at=soon, capacity=50, confirmed_count=12, waitlisted_count=0)
    programme = Programme.objects.create(
        organisation=w.secretariat_org, agency="経済産業省", title="伝産品・工芸品の磨き上げ事業",
        description="実証事業", network=w.network,
    )  # fmt: skip
    ProgrammeTarget.objects.create(programme=programme, organisation=w.alice_org, status="applying")
    ProgrammeTarget.objects.create(programme=programme, organisation=w.bob_org, status="unread")
    categories_create_defaults(w.network)
    post = w.network.posts.create(
        category=w.network.board_categories.first(),
        author=w.alice,
        author_organisation=w.alice_org,
        title="t",
        body="b",
    )
    Report.objects.create(post=post, reporter=w.bob, organisation=w.bob_org, reason="不適切です")
    return programme


def test_the_secretariat_sees_what_waits_for_it_in_every_app(client, secretariat_world):
    w = secretariat_world
    busy(w)
    page = client.get(reverse("networks:manage", args=[w.network.slug])).content.decode()
    assert "審査待ちの申込 <strong>1</strong>件" in page
    assert "令和6年度" in page and "令和7年度" in page  # unpaid invoices by 年度
    assert "10,000円" in page  # Bob's unpaid 2024 fee
    assert "全国連携講演会" in page and ">12<" in page and ">50<" in page
    assert "伝産品・工芸品の磨き上げ事業" in page
    assert "対応待ちの通報 <strong>1</strong>件" in page
    assert "お問い合わせ" in page
    assert 'data-prefecture="27"' in page  # Alice's 大阪府 on the map
    assert "年度末時点の会員数" in page


def test_every_figure_is_exported(client, secretariat_world):
    w = secretariat_world
    busy(w)
    response = client.get(reverse("networks:manage_dashboard_csv", args=[w.network.slug]))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    values = {(row[0], row[1]): row[2] for row in rows[1:]}
    flat = values
    assert any(value == "1" and "通報" in figure for (_, figure), value in flat.items())
    assert flat[("未入金の請求書", "令和6年度")] == "1"
    assert flat[("未入金の請求書", "令和7年度")] == "2"
    assert flat[("未入金額（円）", "令和7年度")] == "60000"
    assert flat[("年度末時点の会員数", "令和6年度")] == "2"
    assert any("全国連携講演会" in figure and value == "12" for (_, figure), value in flat.items())
    xlsx = client.get(reverse("networks:manage_dashboard_xlsx", args=[w.network.slug]))
    assert xlsx.content.startswith(b"PK")


def test_growth_counts_members_at_the_end_of_each_fiscal_year(secretariat_world):
    w = secretariat_world
    busy(w)
    Membership.objects.filter(network=w.network, organisation=w.bob_org).update(left_on=datetime.date(2025, 5, 1))
    bars = growth_by_year(w.network, today=datetime.date(2025, 12, 1))
    assert [(bar.label, bar.members) for bar in bars] == [("令和5年度", 1), ("令和6年度", 2), ("令和7年度", 1)]
    assert bars[1].height > bars[0].height == bars[2].height


def test_the_dashboard_keeps_a_constant_query_count(client, secretariat_world):
    w = secretariat_world
    busy(w)
    url = reverse("networks:manage", args=[w.network.slug])
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for government in LocalGovernment.objects.filter(prefecture__name="青森県").order_by("code")[:15]:
        member = organisation_for_government(government)
        Membership.objects.create(
            network=w.network, organisation=member, tier=w.full, joined_on=datetime.date(2022, 4, 1)
        )
    invoices_issue(network=w.network, fiscal_year=2025, issued_on=datetime.date(2025, 7, 1))
    for day in range(5):
        make_event(w.network, title=f"説明会{day}", starts_at=timezone.now() + datetime.timedelta(days=day + 1))
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


def test_only_the_secretariat_opens_the_dashboard_and_its_export(client, secretariat_world):
    w = secretariat_world
    client.force_login(w.alice)
    assert client.get(reverse("networks:manage", args=[w.network.slug])).status_code == 403
    assert client.get(reverse("networks:manage_dashboard_csv", args=[w.network.slug])).status_code == 403
