"""Newsletter issues: making one, previewing it, a test to oneself, sending it to the chosen audience."""

import smtplib

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from renkei.networks.models import Membership
from renkei.news import sending
from renkei.news.models import Article, Bounce, Delivery, Issue, Subscriber, Unsubscribe
from renkei.news.services import issue_create
from renkei.news.tests.conftest import days
from renkei.testing import ContactFactory, login_with_second_factor, municipality

pytestmark = pytest.mark.django_db


@pytest.fixture
def issue(world, make_article):
    first = make_article(title_ja="ヴィリッヒ市と丸亀市の姉妹都市提携", summary_ja="2023年7月に提携しました。")
    second = make_article(title_ja="北九州市で外交団視察ツアー", summary_ja="8か国10名が参加しました。")
    return issue_create(
        network=world.network,
        author=world.secretariat,
        title_ja="2023年9月号",
        title_en="September 2023",
        introduction_ja="今月の**地方連携**ニュースです。",
        articles=[first, second],
    )


def subscribe(world, email, language="ja", status=Subscriber.Status.CONFIRMED):
    return Subscriber.objects.create(network=world.network, email=email, language=language, status=status)


def test_the_secretariat_makes_orders_previews_and_tests_an_issue(client, world, make_article, issue):
    login_with_second_factor(client, world.secretariat)
    third = make_article(title_ja="釜石市とディーニュ・レ・バン市 30周年")
    edit = reverse("news:issue_edit", kwargs={"slug": "alliance", "pk": issue.pk})
    articles = [item.article_id for item in issue.items.all()] + [third.pk]
    response = client.post(edit, {"title_ja": "2023年9月号", "introduction_ja": "はじめに", "articles": articles})
    assert response.status_code == 302
    last = issue.items.order_by("order").last()
    assert last.article == third
    client.post(
        reverse("news:issue_move", kwargs={"slug": "alliance", "pk": issue.pk, "item_id": last.pk}), {"direction": "up"}
    )
    titles = [item.article.title for item in issue.items.order_by("order")]
    assert titles[1] == "釜石市とディーニュ・レ・バン市 30周年"
    page = client.get(edit).content.decode()
    assert page.index("釜石市とディーニュ") < page.index("北九州市で外交団視察ツアー")  # the preview follows the order

    client.post(reverse("news:issue_test", kwargs={"slug": "alliance", "pk": issue.pk}))
    [message] = mail.outbox
    assert message.to == ["sec@example.jp"] and "2023年9月号" in message.subject and "テスト" in message.subject
    assert not Delivery.objects.exists()
    issue.refresh_from_db()
    assert issue.is_draft


def test_sending_reaches_active_members_contacts_of_the_chosen_tier_and_subscribers(
    client, world, issue, django_capture_on_commit_callbacks
):
    ContactFactory(organisation=world.alice_org, email="Kikaku@Matsubara.example.jp")
    ContactFactory(organisation=world.charlie_org, email="extra@kamaishi.example.jp")  # not a member
    subscribe(world, "reader@example.com", "en")
    subscribe(world, "pending@example.com", status=Subscriber.Status.PENDING)
    subscribe(world, "ichiro@matsubara.example.jp")  # also a contact: one email
    Unsubscribe.objects.create(network=world.network, email="gone@example.com")
    subscribe(world, "gone@example.com")
    Bounce.objects.create(email="bounced@example.com")
    subscribe(world, "bounced@example.com")
    login_with_second_factor(client, world.secretariat)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("news:issue_send", kwargs={"slug": "alliance", "pk": issue.pk}),
            {"to_contacts": "on", "tiers": [world.full.pk], "to_subscribers": "on"},
        )
    assert response.status_code == 302
    received = sorted(to for message in mail.outbox for to in message.to)
    assert received == ["ichiro@matsubara.example.jp", "kikaku@matsubara.example.jp", "reader@example.com"]
    issue.refresh_from_db()
    assert issue.status == Issue.Status.SENT
    english = next(m for m in mail.outbox if m.to == ["reader@example.com"])
    assert "September 2023" in english.subject
    # The English reader gets the Japanese article where no English was written.
    assert "ヴィリッヒ市と丸亀市の姉妹都市提携" in english.body
    page = client.get(reverse("news:issue_edit", kwargs={"slug": "alliance", "pk": issue.pk})).content.decode()
    assert 'id="delivery-counts"' in page


def test_the_issue_page_and_the_email_show_the_same_content(client, world, issue, send):
    send(issue)
    message = mail.outbox[0]
    html = (
        message.alternatives[0][0]
        if hasattr(message.alternatives[0], "__getitem__")
        else message.alternatives[0].content
    )
    page = client.get(reverse("news:issue_detail", kwargs={"slug": "alliance", "pk": issue.pk})).content.decode()
    for text in (
        "2023年9月号",
        "<strong>地方連携</strong>",
        "ヴィリッヒ市と丸亀市の姉妹都市提携",
        "8か国10名が参加しました。",
    ):
        assert text in html and text in page
    assert "<img" not in html and "style=" in html and "<link" not in html and "<script" not in html
    assert "2023年7月に提携しました。" in message.body  # the plain-text part


@pytest.mark.parametrize(
    "setup,error",
    [
        ("no_audience", "Choose who receives"),
        ("scheduled", "published before"),
        ("members_only", "public articles"),
        ("empty", "at least one article"),
    ],
)
def test_an_issue_that_cannot_go_is_refused_and_nothing_is_sent(client, world, make_article, issue, setup, error):
    data = {"to_subscribers": "on"}
    if setup == "no_audience":
        data = {}
    elif setup == "scheduled":
        issue.items.create(article=make_article(published_at=days(2)), order=9)
    elif setup == "members_only":
        issue.items.create(article=make_article(visibility=Article.Visibility.MEMBERS), order=9)
    elif setup == "empty":
        issue.items.all().delete()
    subscribe(world, "reader@example.com")
    login_with_second_factor(client, world.secretariat)
    response = client.post(reverse("news:issue_send", kwargs={"slug": "alliance", "pk": issue.pk}), data)
    assert response.status_code == 400
    assert response.context["send_form"].errors
    issue.refresh_from_db()
    assert issue.is_draft and not Delivery.objects.exists() and not mail.outbox


def test_another_networks_secretariat_cannot_send_or_see_a_draft(client, world, other_network, issue):
    login_with_second_factor(client, other_network.erin)
    send = reverse("news:issue_send", kwargs={"slug": "alliance", "pk": issue.pk})
    assert client.post(send, {"to_contacts": "on"}).status_code == 403
    # Her own network's address with this network's issue finds nothing either.
    assert (
        client.post(
            reverse("news:issue_send", kwargs={"slug": "project", "pk": issue.pk}), {"to_contacts": "on"}
        ).status_code
        == 404
    )
    assert client.get(reverse("news:issue_detail", kwargs={"slug": "alliance", "pk": issue.pk})).status_code == 404
    issue.refresh_from_db()
    assert issue.is_draft and not mail.outbox


def test_a_sent_issue_cannot_be_changed_or_sent_again(world, issue, send):
    send(issue)
    count = len(mail.outbox)
    with translation.override("en"), pytest.raises(Exception, match="already been sent"):
        send(issue)
    from renkei.news.services import issue_update

    with translation.override("en"), pytest.raises(Exception, match="can no longer be changed"):
        issue_update(issue=issue, title_ja="変更")
    assert len(mail.outbox) == count


class FailingConnection:
    """An SMTP connection that accepts ``fail_after`` messages, refuses one address, then breaks."""

    def __init__(self, fail_after: int, refuse: str = ""):
        self.fail_after = fail_after
        self.refuse = refuse
        self.sent: list[str] = []

    def open(self):
        return True

    def close(self):
        pass

    def send_messages(self, messages):
        for message in messages:
            if message.to[0] == self.refuse:
                raise smtplib.SMTPRecipientsRefused({self.refuse: (550, b"5.1.1 User unknown")})
            if len(self.sent) >= self.fail_after:
                raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
            self.sent.append(message.to[0])
        return len(messages)


def test_a_batch_that_fails_half_way_resumes_without_sending_anyone_twice(
    world, issue, monkeypatch, django_capture_on_commit_callbacks
):
    for n in range(30):
        subscribe(world, f"reader{n:02d}@example.com")
    monkeypatch.setattr(sending, "BATCH", 12)
    broken = FailingConnection(fail_after=7, refuse="reader03@example.com")
    monkeypatch.setattr(sending, "get_connection", lambda: broken)
    # The task fails as a worker's would: the exception ends it, the task backend records it.
    with django_capture_on_commit_callbacks(execute=True):
        sending.issue_send(issue=issue, to_contacts=False, to_subscribers=True)
    assert Delivery.objects.filter(status="sent").count() == 7
    assert Delivery.objects.get(email="reader03@example.com").status == "bounced"
    assert Bounce.objects.filter(email="reader03@example.com").exists()
    assert not Delivery.objects.filter(status="claimed").exists()  # what was not tried waits again
    issue.refresh_from_db()
    assert issue.status == Issue.Status.SENDING

    working = FailingConnection(fail_after=10_000)
    monkeypatch.setattr(sending, "get_connection", lambda: working)
    call_command("news_resume")
    everyone = broken.sent + working.sent
    assert len(everyone) == len(set(everyone)) == 29
    assert "reader03@example.com" not in everyone
    issue.refresh_from_db()
    assert issue.status == Issue.Status.SENT
    call_command("news_resume")
    assert len(working.sent) == 22  # nothing more


def test_deliveries_a_dead_worker_claimed_wait_for_its_lease_then_go_once(world, issue, monkeypatch):
    from datetime import timedelta

    from django.utils import timezone

    for n in range(5):
        subscribe(world, f"reader{n}@example.com")
    issue.status = Issue.Status.SENDING
    issue.to_subscribers = True
    issue.save()
    monkeypatch.setattr(sending, "issue_deliver", lambda **kwargs: 0)  # the worker dies before sending
    sending.issue_prepare(issue_id=issue.pk)
    monkeypatch.undo()
    # The dead worker had claimed two: one whose email went (recorded), one it had not sent yet.
    Delivery.objects.filter(email="reader0@example.com").update(status="sent", claim="")
    claimed = Delivery.objects.filter(email="reader1@example.com")
    claimed.update(status="claimed", claim="dead", claimed_at=timezone.now())
    sending.issues_resume()
    assert sorted(to for m in mail.outbox for to in m.to) == [f"reader{n}@example.com" for n in range(2, 5)]
    # Within its lease the claim may still be a live worker's; past it, the delivery is taken back.
    claimed.update(claimed_at=timezone.now() - timedelta(seconds=301))
    sending.issues_resume()
    assert sorted(to for m in mail.outbox for to in m.to) == [f"reader{n}@example.com" for n in range(1, 5)]
    issue.refresh_from_db()
    assert issue.status == Issue.Status.SENT


def test_each_email_has_a_message_id_of_its_own_that_a_resend_repeats(world, issue, send):
    subscribe(world, "reader@example.com")
    from email import message_from_bytes

    send(issue, to_subscribers=True)
    first = {m.to[0]: message_from_bytes(m.message().as_bytes())["Message-ID"] for m in mail.outbox}
    delivery = Delivery.objects.get(email="reader@example.com")
    assert first["reader@example.com"] == f"<renkei.issue.{issue.pk}.{delivery.pk}@127.0.0.1>"
    assert len(set(first.values())) == len(first)


def test_the_deliveries_are_unique_per_issue_and_address(world, issue):
    from django.db import IntegrityError, transaction

    Delivery.objects.create(issue=issue, email="a@example.com")
    with pytest.raises(IntegrityError), transaction.atomic():
        Delivery.objects.create(issue=issue, email="a@example.com")


def test_record_bounces_command_skips_those_addresses_next_time(world, issue, capsys, send):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("record_bounces", "jiro@nanto.example.jp", "not-an-address")
    assert not Bounce.objects.exists()
    call_command("record_bounces", "JIRO@nanto.example.jp", reason="550 mailbox unavailable")
    assert Bounce.objects.get().email == "jiro@nanto.example.jp"
    send(issue)
    assert sorted(to for m in mail.outbox for to in m.to) == ["ichiro@matsubara.example.jp"]


def test_withdrawn_members_contacts_get_nothing(world, issue, send):
    Membership.objects.filter(organisation=world.bob_org).update(status=Membership.Status.WITHDRAWN)
    other = municipality("丸亀市", "香川県")
    ContactFactory(organisation=other, email="marugame@example.jp")
    send(issue)
    assert [m.to for m in mail.outbox] == [["ichiro@matsubara.example.jp"]]


def test_sent_issues_are_listed_publicly_drafts_are_not(client, world, issue, send):
    listing = reverse("news:issues", kwargs={"slug": "alliance"})
    assert "2023年9月号" not in client.get(listing).content.decode()
    assert client.get(reverse("news:issue_detail", kwargs={"slug": "alliance", "pk": issue.pk})).status_code == 404
    send(issue)
    assert "2023年9月号" in client.get(listing).content.decode()


def test_the_emails_links_use_the_sites_configured_address(world, issue, send, settings):
    settings.SITE_URL = "https://renkei.example:8443"
    send(issue)
    message = mail.outbox[0]
    article = Article.objects.get(title_ja="ヴィリッヒ市と丸亀市の姉妹都市提携")
    path = reverse("news:detail", kwargs={"slug": "alliance", "pk": article.pk})
    assert f"https://renkei.example:8443{path}" in message.body
    unsubscribe = reverse("news:unsubscribe", kwargs={"slug": "alliance", "token": "x"}).removesuffix("x/")
    assert f"https://renkei.example:8443{unsubscribe}" in message.body
    assert "127.0.0.1" not in message.body
