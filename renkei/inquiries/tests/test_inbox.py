"""The secretariat's inbox: who may see it, filters and figures, handling, replies and notes, export."""

import datetime
import io

import openpyxl
import pytest
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.utils import timezone

from renkei.inquiries.models import InboxSettings, Inquiry, InquiryEntry
from renkei.inquiries.services import inbox_settings_save
from renkei.inquiries.tests.conftest import bulk_inquiries, make_inquiry
from renkei.testing import login_with_second_factor

pytestmark = pytest.mark.django_db

INBOX = "/en/contact/alliance/inbox/"


@pytest.fixture
def inquiry(world):
    mail.outbox.clear()
    inquiry = make_inquiry(world.network, kind="media", name="記者 花子", email="hanako@shimbun.example.jp")
    mail.outbox.clear()
    return inquiry


@pytest.fixture
def secretariat(client, world):
    login_with_second_factor(client, world.secretariat)
    return client


# --- Who sees what ----------------------------------------------------------------------------


def test_nobody_but_the_secretariat_sees_an_inquiry(world, inquiry):
    platform = make_inquiry(None, email="someone@example.jp")
    assert list(Inquiry.objects.visible_to(world.secretariat)) == [inquiry]
    assert list(Inquiry.objects.visible_to(world.site_staff)) == [platform]
    for persona in (AnonymousUser(), world.alice, world.bob, world.charlie, world.dave, world.other_secretariat):
        assert not Inquiry.objects.visible_to(persona).exists()


@pytest.mark.parametrize("persona", ["alice", "charlie", "dave", "other_secretariat"])
@pytest.mark.parametrize(
    "path", ["", "export.csv", "export.xlsx", "settings/", "{pk}/", "{pk}/update/", "../privacy/edit/"]
)
def test_others_are_refused_every_inbox_page(client, world, inquiry, persona, path):
    login_with_second_factor(client, getattr(world, persona))
    url = INBOX + path.format(pk=inquiry.pk)
    response = client.get(url.replace("inbox/../", "")) if "/update/" not in url else client.post(url, {})
    assert response.status_code == 403
    assert "記者 花子" not in response.content.decode()


def test_anonymous_visitors_are_refused(client, world, inquiry):
    for path in ("", "export.csv", f"{inquiry.pk}/"):
        assert client.get(INBOX + path).status_code == 403
    response = client.post(f"{INBOX}{inquiry.pk}/reply/", {"reply-body": "spam"})
    assert response.status_code == 403
    assert not InquiryEntry.objects.exists() and not mail.outbox


def test_another_secretariat_cannot_reach_an_inquiry_through_its_own_inbox(client, world, inquiry):
    login_with_second_factor(client, world.other_secretariat)
    assert client.get("/en/contact/project/inbox/").status_code == 200
    assert client.get(f"/en/contact/project/inbox/{inquiry.pk}/").status_code == 404
    response = client.post(f"/en/contact/project/inbox/{inquiry.pk}/reply/", {"reply-body": "Hello"})
    assert response.status_code == 404 and not mail.outbox
    assert "記者 花子" not in client.get("/en/contact/project/inbox/export.csv").content.decode("utf-8-sig")


def test_the_secretariat_needs_its_second_factor(client, world, inquiry):
    client.force_login(world.secretariat)
    response = client.get(INBOX)
    assert response.status_code == 302 and "/2fa/" in response["Location"]


def test_the_platform_inbox_is_for_site_staff(client, world):
    platform = make_inquiry(None, email="someone@example.jp", name="一般 市民")
    login_with_second_factor(client, world.secretariat)
    assert client.get("/en/contact/inbox/").status_code == 403
    login_with_second_factor(client, world.site_staff)
    page = client.get("/en/contact/inbox/").content.decode()
    assert "一般 市民" in page
    assert client.get(f"/en/contact/inbox/{platform.pk}/").status_code == 200
    assert client.get("/en/contact/privacy/edit/").status_code == 200


# --- The list ---------------------------------------------------------------------------------


def test_the_inbox_lists_with_figures_on_top(secretariat, world, inquiry):
    bulk_inquiries(world.network, 2, status=Inquiry.Status.CLOSED)
    bulk_inquiries(world.network, 1, due_on=datetime.date(2020, 1, 6))
    response = secretariat.get(INBOX)
    figures = response.context["figures"]
    assert figures == {"new": 2, "in_progress": 0, "answered": 0, "closed": 2, "overdue": 1}
    page = response.content.decode()
    assert "記者 花子" in page and "Overdue" in page and "4 inquiries" in page


def test_the_inbox_filters_by_status_kind_assignee_and_overdue(secretariat, world, inquiry):
    [closed] = bulk_inquiries(world.network, 1, status=Inquiry.Status.CLOSED, kind="membership")
    [late] = bulk_inquiries(world.network, 1, due_on=datetime.date(2020, 1, 6), assignee=world.secretariat)

    def listed(query: str) -> set:
        return {i.pk for i in secretariat.get(INBOX + "?" + query).context["page"]}

    assert listed("status=closed") == {closed.pk}
    assert listed("kind=media") == {inquiry.pk}
    assert listed(f"assignee={world.secretariat.pk}") == {late.pk}
    assert listed("assignee=none") == {inquiry.pk, closed.pk}
    assert listed("overdue=on") == {late.pk}
    assert listed("status=bogus") == {inquiry.pk, closed.pk, late.pk}  # a bad filter shows everything


def test_an_overdue_inquiry_counts_working_days(world):
    # Arrived on Friday 26 December 2025: three working days end on Wednesday 7 January 2026.
    friday = timezone.make_aware(datetime.datetime(2025, 12, 26, 10))
    [inquiry] = bulk_inquiries(world.network, 1, created_at=friday)
    inbox_settings_save(network=world.network, reply_to="", overdue_after=3)
    inquiry.refresh_from_db()
    assert inquiry.due_on == datetime.date(2026, 1, 7)
    assert not inquiry.is_overdue(datetime.date(2026, 1, 7))
    assert inquiry.is_overdue(datetime.date(2026, 1, 8))
    assert Inquiry.objects.overdue(datetime.date(2026, 1, 8)).get() == inquiry


def test_the_answer_time_is_set_per_network(secretariat, world, inquiry):
    response = secretariat.post(INBOX + "settings/", {"reply_to": "office@alliance.example.jp", "overdue_after": "5"})
    assert response.status_code == 302
    settings = InboxSettings.objects.get(network=world.network)
    assert (settings.reply_to, settings.overdue_after) == ("office@alliance.example.jp", 5)
    inquiry.refresh_from_db()
    from renkei.lib.dates import add_working_days

    assert inquiry.due_on == add_working_days(timezone.localdate(inquiry.created_at), 5)


def test_bad_settings_change_nothing(secretariat, world):
    response = secretariat.post(INBOX + "settings/", {"reply_to": "not an address", "overdue_after": "0"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Enter a valid email address." in page and "from 1 to 30" in page
    assert not InboxSettings.objects.exists()


# --- Handling an inquiry ----------------------------------------------------------------------


def test_a_reply_is_emailed_kept_and_answers_the_inquiry(secretariat, world, inquiry):
    inbox_settings_save(network=world.network, reply_to="office@alliance.example.jp", overdue_after=3)
    response = secretariat.post(f"{INBOX}{inquiry.pk}/reply/", {"reply-body": "取材をお受けします。"})
    assert response.status_code == 302
    inquiry.refresh_from_db()
    assert inquiry.status == Inquiry.Status.ANSWERED and inquiry.answered_at is not None
    [email] = mail.outbox
    assert email.to == ["hanako@shimbun.example.jp"]
    assert email.extra_headers["Reply-To"] == "office@alliance.example.jp"
    assert "取材をお受けします。" in email.body and inquiry.reference in email.subject
    page = secretariat.get(f"{INBOX}{inquiry.pk}/").content.decode()
    assert "取材をお受けします。" in page and "Answered" in page


def test_without_a_reply_address_answers_come_back_to_the_author(secretariat, world, inquiry):
    secretariat.post(f"{INBOX}{inquiry.pk}/reply/", {"reply-body": "Thank you."})
    assert mail.outbox[0].extra_headers["Reply-To"] == "sec@example.jp"


def test_an_internal_note_is_never_sent(secretariat, world, inquiry):
    response = secretariat.post(f"{INBOX}{inquiry.pk}/note/", {"note-body": "会長の日程を確認中"})
    assert response.status_code == 302
    assert not mail.outbox
    secretariat.post(f"{INBOX}{inquiry.pk}/reply/", {"reply-body": "Yes."})
    assert "会長の日程を確認中" not in mail.outbox[0].body
    assert "会長の日程を確認中" in secretariat.get(f"{INBOX}{inquiry.pk}/").content.decode()


def test_an_empty_reply_changes_nothing(secretariat, world, inquiry):
    response = secretariat.post(f"{INBOX}{inquiry.pk}/reply/", {"reply-body": ""})
    assert response.status_code == 400 and "Fill in “Body”." in response.content.decode()
    inquiry.refresh_from_db()
    assert inquiry.status == Inquiry.Status.NEW and not mail.outbox and not inquiry.entries.exists()


def test_status_and_assignee_are_kept(secretariat, world, inquiry):
    response = secretariat.post(
        f"{INBOX}{inquiry.pk}/update/", {"update-status": "in_progress", "update-assignee": world.secretariat.pk}
    )
    assert response.status_code == 302
    inquiry.refresh_from_db()
    assert (inquiry.status, inquiry.assignee) == ("in_progress", world.secretariat)


def test_only_the_secretariat_s_staff_can_be_assigned(secretariat, world, inquiry):
    response = secretariat.post(
        f"{INBOX}{inquiry.pk}/update/", {"update-status": "closed", "update-assignee": world.alice.pk}
    )
    assert response.status_code == 400
    assert "Select a valid choice." in response.content.decode()
    inquiry.refresh_from_db()
    assert (inquiry.status, inquiry.assignee) == ("new", None)


# --- Export -----------------------------------------------------------------------------------


def test_the_secretariat_exports_the_filtered_inbox(secretariat, world, inquiry):
    bulk_inquiries(world.network, 2, kind="membership")
    csv = secretariat.get(INBOX + "export.csv?kind=media").content.decode("utf-8-sig")
    assert "記者 花子" in csv and "hanako@shimbun.example.jp" in csv and "送信者" not in csv
    response = secretariat.get(INBOX + "export.xlsx")
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.values)
    assert len(rows) == 4 and rows[0][0] == "Reference"
    assert secretariat.get(INBOX + "export.pdf").status_code == 404


# --- Privacy policy ---------------------------------------------------------------------------


def test_the_secretariat_publishes_a_new_version(secretariat, world):
    response = secretariat.post(
        "/en/contact/alliance/privacy/edit/", {"body_ja": "第2版です。", "body_en": "Version two."}
    )
    assert response.status_code == 302
    page = secretariat.get("/en/contact/alliance/privacy/").content.decode()
    assert "Version two." in page and "Version 2" in page


def test_an_empty_policy_is_not_published(secretariat, world):
    response = secretariat.post("/en/contact/alliance/privacy/edit/", {"body_ja": "", "body_en": "x"})
    assert response.status_code == 400
    assert world.network.privacy_policies.count() == 1


def test_only_site_staff_edit_the_platform_policy(client, world):
    login_with_second_factor(client, world.secretariat)
    assert client.post("/en/contact/privacy/edit/", {"body_ja": "x"}).status_code == 403
    login_with_second_factor(client, world.site_staff)
    assert client.post("/en/contact/privacy/edit/", {"body_ja": "運営の方針"}).status_code == 302
    assert "運営の方針" in client.get("/contact/privacy/").content.decode()


# --- Query counts -----------------------------------------------------------------------------


def _queries(client, path: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(path)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


@pytest.mark.parametrize("query", ["", "?status=new", "?overdue=on&kind=general"])
def test_the_inbox_reads_the_same_queries_as_it_grows(secretariat, world, query, django_assert_num_queries):
    bulk_inquiries(world.network, 3, assignee=world.secretariat, due_on=datetime.date(2020, 1, 6))
    small = _queries(secretariat, INBOX + query)
    bulk_inquiries(world.network, 60, assignee=world.secretariat, due_on=datetime.date(2020, 1, 6))
    bulk_inquiries(world.other_network, 10)
    with django_assert_num_queries(small):
        response = secretariat.get(INBOX + query)
    assert "63 inquiries" in response.content.decode()


def test_an_inquiry_page_reads_the_same_queries_as_its_thread_grows(secretariat, world, inquiry):
    path = f"{INBOX}{inquiry.pk}/"
    secretariat.post(path + "note/", {"note-body": "1"})
    small = _queries(secretariat, path)
    for n in range(10):
        secretariat.post(path + "note/", {"note-body": f"note {n}"})
        secretariat.post(path + "reply/", {"reply-body": f"reply {n}"})
    assert _queries(secretariat, path) == small


def test_the_dashboard_summary_counts_new_and_overdue(world, inquiry):
    from renkei.inquiries.selectors import inbox_summary

    bulk_inquiries(world.network, 2, due_on=datetime.date(2020, 1, 6))
    bulk_inquiries(world.other_network, 5)
    assert inbox_summary(world.network) == {"new": 3, "overdue": 2, "url": "/contact/alliance/inbox/"}
