"""Members and contacts from CSV/XLSX: whole-file validation, writing, export round trip, the command."""

import io
import re

import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from renkei.networks.imports import ImportFileError, export_dataset, read_rows
from renkei.networks.models import Membership
from renkei.networks.services import ImportRejected, members_import
from renkei.organisations.models import Contact, Organisation
from renkei.testing import build_world

pytestmark = pytest.mark.django_db

HEADER = (
    "local_government_code,organisation_name,organisation_kind,tier,status,joined_on,"
    "contact_name,contact_department,contact_title,contact_email,contact_phone\n"
)
# 高松市 372013, 釜石市 032115, 札幌市 011002.
GOOD = HEADER + (
    "372013,,,正会員,active,2025-04-01,高松 花子,企画課,主査,hanako@takamatsu.example.jp,087-000-0000\n"
    "032115,,,一般会員,,2025/05/10,釜石 三郎,総務課,,saburo@kamaishi.example.jp,\n"
    ",株式会社みらい,company,General member,active,,未来 太郎,営業部,部長,taro@mirai.example.jp,03-1111-2222\n"
)


@pytest.fixture(autouse=True)
def _english_messages():
    """The services' messages are read in English here; the pages' Japanese is tested with the views."""
    with translation.override("en"):
        yield


@pytest.fixture
def world():
    with translation.override("ja"):
        return build_world()


def rows_of(text: str, name: str = "members.csv"):
    return read_rows(name, text.encode("utf-8"))


def test_a_good_csv_creates_members_and_contacts(world):
    result = members_import(network=world.network, rows=rows_of(GOOD), user=world.secretariat)
    assert (result.memberships_created, result.contacts_created) == (3, 2)
    assert result.contacts_updated == 1  # 釜石市's contact was already there

    takamatsu = Membership.objects.get(organisation__local_government_id="372013")
    assert (takamatsu.tier, takamatsu.status, str(takamatsu.joined_on)) == (world.full, "active", "2025-04-01")
    contact = Contact.objects.get(organisation=takamatsu.organisation)
    assert (contact.person_name, contact.department, contact.title, contact.is_primary) == (
        "高松 花子",
        "企画課",
        "主査",
        True,
    )
    kamaishi = Membership.objects.get(organisation=world.charlie_org)
    assert (kamaishi.tier, str(kamaishi.joined_on)) == (world.general, "2025-05-10")
    assert Contact.objects.get(email="saburo@kamaishi.example.jp").department == "総務課"
    company = Organisation.objects.get(name_ja="株式会社みらい")
    assert company.kind == "company"
    assert Membership.objects.get(organisation=company).tier == world.general
    # The history says who imported it.
    assert takamatsu.history.first().history_user == world.secretariat


def test_one_bad_row_among_good_ones_writes_nothing_and_names_every_problem(world):
    text = GOOD + (
        "032116,,,正会員,,,,,,,\n"  # bad check digit (row 5)
        "999991,,,正会員,,,,,,,\n"  # no such code, wrong prefecture (row 6)
        "372013,,,特別会員,,,,,,,\n"  # unknown tier and a duplicate of row 2 (row 7)
        "012025,,,正会員,paused,2025-13-01,函館 一郎,,,not-an-email,\n"  # status, date, email (row 8)
    )
    before = (Membership.objects.count(), Contact.objects.count(), Organisation.objects.count())
    with pytest.raises(ImportRejected) as rejected:
        members_import(network=world.network, rows=rows_of(text), user=world.secretariat)
    assert (Membership.objects.count(), Contact.objects.count(), Organisation.objects.count()) == before
    problems = [(e.row, e.message) for e in rejected.value.errors]
    rows = sorted({row for row, _message in problems})
    assert rows == [5, 6, 7, 8]
    text_of = "\n".join(f"{row}: {message}" for row, message in problems)
    assert "5: 032116 is not a valid local government code (check digit)." in text_of
    assert "6: 999991 is not a valid local government code" in text_of
    assert "7: The same organisation is already in row 2." in text_of
    assert "7: Unknown tier 「特別会員」" in text_of
    assert "8: Unknown status 「paused」" in text_of
    assert "8: 「2025-13-01」 is not a date" in text_of
    assert "8: 「not-an-email」 is not an email address." in text_of


def test_japanese_headers_and_shift_jis_are_read():
    text = (
        "全国地方公共団体コード,会員区分,状態,入会日,担当者名,担当部署,役職,メールアドレス,電話番号\n"
        "372013,正会員,有効,2025年4月1日,高松 花子,企画課,主査,hanako@takamatsu.example.jp,087-000-0000\n"
    )
    [row] = read_rows("会員.csv", text.encode("cp932"))
    assert row["local_government_code"] == "372013"
    assert row["contact_department"] == "企画課"
    assert row["tier"] == "正会員"


def test_a_code_that_lost_its_leading_zero_in_excel_still_matches(world):
    members_import(network=world.network, rows=rows_of(HEADER + "11002,,,正会員,,,,,,,\n"))
    assert Membership.objects.filter(organisation__local_government_id="011002").exists()


def _xlsx(lines: list[list]) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for line in lines:
        sheet.append(line)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_an_xlsx_file_works(world):
    import datetime

    content = _xlsx([
        ["全国地方公共団体コード", "会員区分", "入会日", "担当者名", "メールアドレス"],
        ["372013", "正会員", datetime.datetime(2025, 4, 1), "高松 花子", "hanako@takamatsu.example.jp"],
        [32115, "一般会員", None, None, None],
        [None, None, None, None, None],
    ])  # fmt: skip
    rows = read_rows("members.xlsx", content)
    assert len(rows) == 2
    members_import(network=world.network, rows=rows)
    assert str(Membership.objects.get(organisation__local_government_id="372013").joined_on) == "2025-04-01"
    assert Membership.objects.get(organisation=world.charlie_org).tier == world.general


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("members.pdf", b"%PDF-1.4", "Choose a CSV or Excel (.xlsx) file."),
        ("members.csv", b"", "The file is empty."),
        ("members.xlsx", b"local_government_code,tier\n", "The file is not an Excel (.xlsx) workbook."),
        ("members.csv", b"local_government_code,tier\n", "The file has a header row but no members."),
        ("members.csv", b"code,tier,colour\n372013,a,b\n", "Unknown columns: colour."),
        ("members.csv", b"contact_name,contact_email\nA,a@example.jp\n", "The file needs a tier column"),
        ("members.csv", b"tier,tier,code\n", "Columns appear twice: tier."),
        ("members.csv", b"x" * (5 * 1024 * 1024 + 1), "larger than 5 MB"),
    ],
)
def test_unreadable_files_are_refused_with_a_reason(name, content, message):
    with translation.override("en"), pytest.raises(ImportFileError, match=re.escape(message)):
        read_rows(name, content)


@pytest.mark.parametrize("language", ["ja", "en"])
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_an_export_imports_again_unchanged(world, language, fmt):
    members_import(network=world.network, rows=rows_of(GOOD))
    with translation.override(language):
        dataset = export_dataset(world.network, world.secretariat)
    assert len(dataset) == 5  # 松原市, 南砺市 and the three imported
    content = dataset.export(fmt)
    content = content.encode("utf-8-sig") if isinstance(content, str) else content
    before = sorted(Membership.objects.values_list("organisation_id", "tier_id", "status", "joined_on"))
    contacts = sorted(Contact.objects.values_list("organisation_id", "email", "person_name", "department"))
    with translation.override(language):
        result = members_import(network=world.network, rows=read_rows(f"export.{fmt}", content))
    assert (result.memberships_created, result.contacts_created) == (0, 0)
    assert result.memberships_updated == 5
    assert sorted(Membership.objects.values_list("organisation_id", "tier_id", "status", "joined_on")) == before
    assert sorted(Contact.objects.values_list("organisation_id", "email", "person_name", "department")) == contacts


def test_the_export_holds_only_the_networks_members(world):
    with translation.override("en"):
        dataset = export_dataset(world.network, world.secretariat)
    assert dataset.headers[0] == "Local government code"
    codes = dataset["Local government code"]
    assert "272175" in codes  # 松原市
    assert "032115" not in codes  # 釜石市 is not a member
    assert "saburo@kamaishi.example.jp" not in dataset.export("csv")


def test_the_command_imports_a_file(world, tmp_path):
    path = tmp_path / "members.csv"
    path.write_text(GOOD, encoding="utf-8")
    out = io.StringIO()
    call_command("import_members", world.network.slug, str(path), stdout=out, stderr=io.StringIO())
    assert "3 new members" in out.getvalue()
    assert Membership.objects.filter(network=world.network).count() == 5


def test_the_command_fails_with_the_errors_and_writes_nothing(world, tmp_path):
    path = tmp_path / "members.csv"
    path.write_text(GOOD + "032116,,,正会員,,,,,,,\n", encoding="utf-8")
    err = io.StringIO()
    with translation.override("en"), pytest.raises(CommandError, match="Nothing was imported: 1 problems"):
        call_command("import_members", world.network.slug, str(path), stdout=io.StringIO(), stderr=err)
    assert "Row 5: 032116 is not a valid local government code" in err.getvalue()
    assert Membership.objects.filter(network=world.network).count() == 2


def test_the_command_refuses_an_unknown_network(tmp_path):
    path = tmp_path / "members.csv"
    path.write_text(GOOD, encoding="utf-8")
    with pytest.raises(CommandError, match="No network"):
        call_command("import_members", "nowhere", str(path))


def test_a_bad_first_row_is_reported_too(world):
    with pytest.raises(ImportRejected) as rejected:
        members_import(network=world.network, rows=rows_of(HEADER + "032116,,,正会員,,,,,,,\n"))
    assert [e.row for e in rejected.value.errors] == [2]
