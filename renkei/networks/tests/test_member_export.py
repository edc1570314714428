"""The secretariat's member list as CSV and Excel: every column filled, in the reader's language."""

import csv
import io

import openpyxl
import pytest
from django.urls import reverse

from renkei.networks.models import Membership
from renkei.organisations.models import Organisation
from renkei.testing import ContactFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

JAPANESE = (
    "",
    ["全国地方公共団体コード", "団体名", "団体種別", "会員区分", "状態", "入会日"]
    + ["担当者名", "担当部署", "役職", "メールアドレス", "電話番号"],
    ["162108", "南砺市", "市区町村", "一般会員", "退会"],
    ["", "株式会社地域企画", "企業", "正会員", "申込"],
)
ENGLISH = (
    "/en",
    ["Local government code", "Organisation name", "Organisation kind", "Tier", "Status", "Joined on"]
    + ["Contact name", "Contact department", "Contact title", "Contact email", "Contact phone"],
    ["162108", "Nanto City", "Municipality", "General member", "Withdrawn"],
    ["", "Chiiki Kikaku Co., Ltd.", "Company", "Full member", "Applied"],
)


@pytest.fixture
def members(secretariat_world):
    world = secretariat_world
    Membership.objects.filter(organisation=world.bob_org).update(status=Membership.Status.WITHDRAWN)
    Membership.objects.create(
        network=world.network, organisation=world.company_org, tier=world.full, status=Membership.Status.APPLIED
    )
    # 南砺市's primary contact is the one added last: the export names it, not the first one.
    world.bob_contact.is_primary = False
    world.bob_contact.save(update_fields=["is_primary"])
    ContactFactory(
        organisation=world.bob_org,
        is_primary=True,
        person_name="南砺 花子",
        department="ブランド戦略部",
        title="係長",
        email="hanako@nanto.example.jp",
        phone="0763-23-2000",
    )
    return world


def _rows(client, world, prefix: str, fmt: str) -> list[list]:
    url = prefix + reverse(f"networks:manage_export_{fmt}", args=[world.network.slug])
    response = client.get(url)
    assert response.status_code == 200
    if fmt == "csv":
        return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    return [["" if value is None else value for value in row] for row in sheet.iter_rows(values_only=True)]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize(("prefix", "header", "nanto", "company"), [JAPANESE, ENGLISH])
def test_the_member_export_reads_in_the_reader_s_language(client, members, fmt, prefix, header, nanto, company):
    rows = _rows(client, members, prefix, fmt)
    assert rows[0] == header
    by_name = {row[1]: row for row in rows[1:]}
    assert by_name[nanto[1]] == [
        *nanto,
        "",
        "南砺 花子",
        "ブランド戦略部",
        "係長",
        "hanako@nanto.example.jp",
        "0763-23-2000",
    ]
    assert by_name[company[1]][:5] == company
    assert by_name[company[1]][6] == "企画 四郎"  # the company's own contact
    assert len(rows) == 4  # 松原市, 南砺市, the company; 釜石市 is no member


def test_an_organisation_without_a_contact_leaves_the_contact_columns_empty(client, members):
    other = OrganisationFactory(kind=Organisation.Kind.ASSOCIATION, name="協会", name_en="Association")
    Membership.objects.create(network=members.network, organisation=other, tier=members.general)
    rows = _rows(client, members, "", "csv")
    assert next(row for row in rows if row[1] == "協会")[2:] == [
        "協会・団体",
        "一般会員",
        "有効",
        "",
        "",
        "",
        "",
        "",
        "",
    ]
