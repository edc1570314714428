"""The organiser's side: registrants, exports, emails, cancelling, check-in at the door and by QR code."""

import io

import openpyxl
import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from renkei.events.models import Registration, RegistrationQuestion
from renkei.events.tests.registration_helpers import register_directly, upcoming_event
from renkei.events.versions import event_changed
from renkei.testing import login_with_second_factor

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(world):
    event = upcoming_event(world, capacity=2)
    question = RegistrationQuestion.objects.create(
        event=event, kind="choice", label="参加方法", choices="会場\nオンライン"
    )
    register_directly(
        event,
        "松原 一郎",
        "ichiro@matsubara.example.jp",
        name_kana="マツバラ イチロウ",
        organisation_name="松原市",
        answers={str(question.pk): "会場"},
    )
    register_directly(event, "南砺 二郎", "jiro@nanto.example.jp", name_kana="なんと じろう", language="en")
    register_directly(event, "釜石 三郎", "saburo@kamaishi.example.jp", status="waitlisted")
    register_directly(event, "取消 四郎", "shiro@example.jp", status="cancelled")
    return event


@pytest.fixture
def organiser(client, world):
    login_with_second_factor(client, world.secretariat)
    return client


def _en(name, *args):
    with translation.override("en"):
        return reverse(f"events:{name}", args=args)


def _person(email) -> Registration:
    return Registration.objects.get(email=email)


# --- Who may use these pages ------------------------------------------------------------------------


def _pages(event):
    ichiro = _person("ichiro@matsubara.example.jp")
    gets = [
        reverse("events:manage_registrants", args=[event.pk]),
        reverse("events:manage_registrants_csv", args=[event.pk]),
        reverse("events:manage_registrants_xlsx", args=[event.pk]),
        reverse("events:manage_email", args=[event.pk]),
        reverse("events:manage_checkin", args=[event.pk]) + "?q=松原",
    ]
    posts = [
        (reverse("events:manage_email", args=[event.pk]), {"recipients": "all", "subject": "件名", "body": "本文"}),
        (reverse("events:manage_registrant_cancel", args=[event.pk, ichiro.pk]), {}),
        (reverse("events:manage_checkin_person", args=[event.pk, ichiro.pk]), {}),
    ]
    return gets, posts


@pytest.mark.parametrize("persona", ["anonymous", "alice", "charlie", "dave", "secretariat_without_2fa"])
def test_it_refuses_everyone_but_the_secretariat(client, world, event, persona):
    if persona == "secretariat_without_2fa":
        client.force_login(world.secretariat)
    elif persona != "anonymous":
        # Registered or not, with a second factor or not, a member, an outsider or a company is refused.
        login_with_second_factor(client, getattr(world, persona))
    gets, posts = _pages(event)
    for url in gets:
        response = client.get(url)
        assert response.status_code in (302, 403), url
        assert b"ichiro@matsubara.example.jp" not in response.content
    for url, data in posts:
        assert client.post(url, data).status_code in (302, 403), url
    # The QR code's link does not check anyone in either.
    ichiro = _person("ichiro@matsubara.example.jp")
    response = client.get(reverse("events:checkin_ticket", args=[event.pk, ichiro.ticket_code]))
    assert response.status_code in (302, 403)
    ichiro.refresh_from_db()
    assert (ichiro.status, ichiro.checked_in_at) == ("confirmed", None)
    assert mail.outbox == []


def test_anonymous_scanning_a_ticket_is_asked_to_sign_in(client, event):
    ichiro = _person("ichiro@matsubara.example.jp")
    response = client.get(reverse("events:checkin_ticket", args=[event.pk, ichiro.ticket_code]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_it_refuses_the_secretariat_of_another_network(client, world, event):
    from renkei.networks.models import Network
    from renkei.testing import OrganisationFactory, UserFactory, staff

    other_org = OrganisationFactory(kind="secretariat", name="別の事務局")
    Network.objects.create(slug="other", kind="project", name_ja="別のネットワーク", secretariat=other_org)
    other = UserFactory(email="other-sec@example.jp")
    staff(other, other_org)
    login_with_second_factor(client, other)
    assert client.get(reverse("events:manage_registrants", args=[event.pk])).status_code == 403


def test_it_shows_every_page_to_the_secretariat_with_two_factors(organiser, event):
    gets, _posts = _pages(event)
    for url in gets:
        assert organiser.get(url).status_code == 200, url


# --- Registrants ------------------------------------------------------------------------------------


def test_the_registrants_page_counts_and_finds_people(organiser, event):
    page = organiser.get(_en("manage_registrants", event.pk)).content.decode()
    assert "<strong>2</strong> confirmed" in page
    assert "<strong>1</strong> waitlisted" in page
    assert "<strong>1</strong> cancelled" in page
    assert "<strong>0</strong> checked in" in page
    assert "4 registrations" in page
    # Kana typed in hiragana finds a name kept in katakana, and the other way round.
    found = organiser.get(_en("manage_registrants", event.pk), {"q": "まつばら"}).content.decode()
    assert "松原 一郎" in found and "南砺 二郎" not in found
    found = organiser.get(_en("manage_registrants", event.pk), {"q": "ナント"}).content.decode()
    assert "南砺 二郎" in found and "松原 一郎" not in found
    waitlisted = organiser.get(_en("manage_registrants", event.pk), {"status": "waitlisted"}).content.decode()
    assert "釜石 三郎" in waitlisted and "松原 一郎" not in waitlisted


def test_a_bad_status_filter_says_so_and_lists_everyone(organiser, event):
    response = organiser.get(_en("manage_registrants", event.pk), {"status": "lost"})
    page = response.content.decode()
    assert 'aria-invalid="true"' in page
    assert "4 registrations" in page


def test_the_registrants_page_costs_the_same_queries_however_many_people(organiser, world, event):
    url = reverse("events:manage_registrants", args=[event.pk])
    organiser.get(url)
    event_changed(event.pk, row=False)  # drawn afresh, as after any change
    with CaptureQueriesContext(connection) as few:
        organiser.get(url)
    for n in range(30):
        register_directly(event, f"参加者{n}", f"p{n}@example.jp", status="waitlisted")
    with CaptureQueriesContext(connection) as many:
        page = organiser.get(url).content.decode()
    assert "34件" in page  # the new registrations show at once
    assert len(many.captured_queries) == len(few.captured_queries)
    with CaptureQueriesContext(connection) as again:
        organiser.get(url)
    assert len(again.captured_queries) < len(many.captured_queries)  # kept until something changes


def test_the_export_costs_the_same_queries_however_many_people(organiser, world, event):
    url = reverse("events:manage_registrants_csv", args=[event.pk])
    organiser.get(url)
    with CaptureQueriesContext(connection) as few:
        organiser.get(url)
    for n in range(40):
        register_directly(event, f"参加者{n}", f"p{n}@example.jp", status="waitlisted")
    with CaptureQueriesContext(connection) as many:
        rows = organiser.get(url).content.decode("utf-8-sig").splitlines()
    assert len(rows) > 40
    assert len(many.captured_queries) == len(few.captured_queries)


def test_the_csv_export_lists_everyone_with_their_answers(organiser, event):
    response = organiser.get(_en("manage_registrants_csv", event.pk))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="event-')
    text = response.content.decode("utf-8-sig")
    header, *rows = text.strip().splitlines()
    assert header.split(",")[:5] == ["Registered", "Status", "Name", "Name in kana", "Email"]
    assert header.endswith("参加方法")
    assert len(rows) == 4
    ichiro = next(row for row in rows if "松原 一郎" in row)
    assert "Confirmed" in ichiro and ichiro.endswith("会場")


def test_the_xlsx_export_opens_in_excel(organiser, event):
    response = organiser.get(reverse("events:manage_registrants_xlsx", args=[event.pk]), {"status": "confirmed"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    names = [row[2] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert sorted(names) == ["南砺 二郎", "松原 一郎"]


def test_the_organiser_cancels_a_registration_and_the_first_waiting_moves_up(
    organiser, event, django_capture_on_commit_callbacks
):
    ichiro = _person("ichiro@matsubara.example.jp")
    with django_capture_on_commit_callbacks(execute=True):
        response = organiser.post(_en("manage_registrant_cancel", event.pk, ichiro.pk))
    assert response.status_code == 302
    page = organiser.get(response["Location"]).content.decode()
    assert "釜石 三郎" in page
    assert _person("ichiro@matsubara.example.jp").status == "cancelled"
    assert _person("saburo@kamaishi.example.jp").status == "confirmed"
    assert sorted(m.to[0] for m in mail.outbox) == ["ichiro@matsubara.example.jp", "saburo@kamaishi.example.jp"]


# --- Emailing registrants -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "recipients, expected",
    [
        ("all", {"ichiro@matsubara.example.jp", "jiro@nanto.example.jp", "saburo@kamaishi.example.jp"}),
        ("confirmed", {"ichiro@matsubara.example.jp", "jiro@nanto.example.jp"}),
    ],
)
def test_the_organiser_emails_registrants(organiser, event, django_capture_on_commit_callbacks, recipients, expected):
    data = {"recipients": recipients, "subject": "会場変更のお知らせ", "body": "会場が3階に変わりました。"}
    with django_capture_on_commit_callbacks(execute=True):
        response = organiser.post(_en("manage_email", event.pk), data)
    assert response.status_code == 302
    assert f"The email is being sent to {len(expected)} people." in organiser.get(response["Location"]).content.decode()
    assert {m.to[0] for m in mail.outbox} == expected
    message = next(m for m in mail.outbox if m.to == ["jiro@nanto.example.jp"])
    assert message.subject == "会場変更のお知らせ"
    assert "会場が3階に変わりました。" in message.body
    assert _person("jiro@nanto.example.jp").ticket_code in message.body
    assert "/en/events/ticket/" in message.body  # in the registrant's language


def test_an_email_without_a_subject_is_refused_and_nothing_is_sent(
    organiser, event, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = organiser.post(_en("manage_email", event.pk), {"recipients": "all", "subject": "", "body": "本文"})
    assert response.status_code == 400
    assert 'aria-invalid="true"' in response.content.decode()
    assert mail.outbox == []


# --- Check-in --------------------------------------------------------------------------------------------


def test_searching_at_the_door_finds_people_and_checks_them_in(organiser, event):
    response = organiser.get(
        _en("manage_checkin", event.pk), {"q": "まつばら"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="checkin-results"
    )
    fragment = response.content.decode()
    assert "<html" not in fragment  # just the results, for htmx
    assert "松原 一郎" in fragment and "南砺 二郎" not in fragment
    ichiro = _person("ichiro@matsubara.example.jp")
    row = organiser.post(
        _en("manage_checkin_person", event.pk, ichiro.pk), HTTP_HX_REQUEST="true", HTTP_HX_TARGET=f"checkin-{ichiro.pk}"
    ).content.decode()
    assert "Checked in" in row and "just now" in row
    # The counters above the list are swapped in by the same answer, without a reload.
    assert 'id="registration-figures"' in row and 'hx-swap-oob="true"' in row
    assert "<strong>1</strong> checked in" in row and "50% of confirmed" in row
    ichiro.refresh_from_db()
    assert ichiro.checked_in_at is not None
    page = organiser.get(_en("manage_checkin", event.pk)).content.decode()
    assert "<strong>1</strong> checked in" in page and "50% of confirmed" in page


def test_checking_in_without_htmx_goes_back_to_the_search(organiser, event):
    jiro = _person("jiro@nanto.example.jp")
    response = organiser.post(_en("manage_checkin_person", event.pk, jiro.pk), {"q": "南砺"})
    assert response.status_code == 302
    assert response["Location"].startswith(_en("manage_checkin", event.pk) + "?q=")
    assert "南砺 二郎 is checked in." in organiser.get(response["Location"]).content.decode()


def test_the_qr_code_link_checks_in_once_and_then_says_when(organiser, event):
    ichiro = _person("ichiro@matsubara.example.jp")
    url = _en("checkin_ticket", event.pk, ichiro.ticket_code)
    first = organiser.get(url).content.decode()
    assert "松原 一郎 is checked in." in first
    ichiro.refresh_from_db()
    moment = ichiro.checked_in_at
    again = organiser.get(url).content.decode()
    assert "松原 一郎 was already checked in at" in again
    ichiro.refresh_from_db()
    assert ichiro.checked_in_at == moment


def test_the_waitlisted_cannot_be_checked_in(organiser, event):
    saburo = _person("saburo@kamaishi.example.jp")
    response = organiser.get(_en("checkin_ticket", event.pk, saburo.ticket_code))
    assert response.status_code == 400
    assert "釜石 三郎 is not confirmed (Waitlisted) and cannot be checked in." in response.content.decode()
    saburo.refresh_from_db()
    assert saburo.checked_in_at is None


def test_a_ticket_of_another_event_is_not_found(organiser, world, event):
    other = upcoming_event(world, title="別のイベント")
    ichiro = _person("ichiro@matsubara.example.jp")
    assert organiser.get(reverse("events:checkin_ticket", args=[other.pk, ichiro.ticket_code])).status_code == 404


def test_the_ticket_s_qr_code_holds_the_check_in_link(client, event):
    ichiro = _person("ichiro@matsubara.example.jp")
    from renkei.events.views.registration import checkin_url

    assert checkin_url(ichiro) == f"http://127.0.0.1:8000/events/{event.pk}/checkin/{ichiro.ticket_code}/"
    page = client.get(reverse("events:ticket", args=[ichiro.ticket_code])).content.decode()
    assert 'class="qr-code"' in page and "<path" in page
