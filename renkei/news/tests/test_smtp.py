"""A newsletter issue through a real SMTP server (aiosmtpd on a free local port)."""

import re
import socket
from email import message_from_bytes
from email.header import decode_header, make_header

import pytest
from aiosmtpd.controller import Controller
from django.test import override_settings

from renkei.news import sending
from renkei.news.models import Bounce, Delivery, Subscriber
from renkei.news.services import issue_create

pytestmark = pytest.mark.django_db


def test_the_issue_is_encoded_once_and_copied_per_address(world, make_article):
    from renkei.news.emails import render_issue

    issue = issue_create(network=world.network, author=None, title_ja="号", articles=[make_article()])
    prepared = render_issue(issue, sending.issue_articles(issue), "ja").prepared(world.network.pk)
    assert prepared.usable
    data = prepared.message("a@example.com", message_id="<renkei.issue.1.2@example.jp>").message().as_bytes()
    assert b"To: a@example.com" in data and b"address.invalid" not in data
    assert b"Message-ID: <renkei.issue.1.2@example.jp>" in data


class Inbox:
    def __init__(self, refuse=()):
        self.messages = []
        self.sessions = set()
        self.refuse = set(refuse)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return "550 5.1.1 User unknown"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.sessions.add(id(session))
        self.messages.append((envelope.rcpt_tos, message_from_bytes(envelope.content)))
        return "250 OK"


@pytest.fixture
def smtp():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    inbox = Inbox(refuse={"nobody@example.com"})
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        with override_settings(
            EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=port,
            EMAIL_USE_TLS=False,
            EMAIL_HOST_USER="",
            EMAIL_HOST_PASSWORD="",
        ):
            yield inbox
    finally:
        controller.stop()


def test_an_issue_is_received_with_both_parts_and_a_working_one_click_unsubscribe(
    smtp, world, make_article, client, django_capture_on_commit_callbacks
):
    article = make_article(
        title_ja="大阪府とクイーンズランド州の関係拡大", summary_ja="パラシェ州首相が大阪を訪問しました。"
    )
    issue = issue_create(network=world.network, author=world.secretariat, title_ja="2023年9月号", articles=[article])
    for email in ("reader@example.com", "nobody@example.com"):
        Subscriber.objects.create(network=world.network, email=email, status=Subscriber.Status.CONFIRMED)
    with django_capture_on_commit_callbacks(execute=True):
        sending.issue_send(issue=issue, to_contacts=True, to_subscribers=True)

    received = sorted(to for tos, _m in smtp.messages for to in tos)
    assert received == ["ichiro@matsubara.example.jp", "jiro@nanto.example.jp", "reader@example.com"]
    assert len(smtp.sessions) == 1  # one connection for the batch
    # The address the server refused is recorded, and skipped from now on.
    assert Delivery.objects.get(email="nobody@example.com").status == Delivery.Status.BOUNCED
    assert "550" in Bounce.objects.get(email="nobody@example.com").reason

    # Each copy is made from the issue's encoded template: its own address, token and Message-ID.
    assert len({m["Message-ID"] for _tos, m in smtp.messages}) == 3
    assert [m["To"] for tos, m in smtp.messages] == [tos[0] for tos, _m in smtp.messages]
    _rcpt, message = next(m for m in smtp.messages if m[0] == ["reader@example.com"])
    assert "2023年9月号" in str(make_header(decode_header(message["Subject"])))
    assert message.get_content_type() == "multipart/alternative"
    parts = {
        part.get_content_type(): part.get_payload(decode=True).decode(part.get_content_charset())
        for part in message.get_payload()
    }
    assert set(parts) == {"text/plain", "text/html"}
    assert "大阪府とクイーンズランド州の関係拡大" in parts["text/plain"]
    assert "大阪府とクイーンズランド州の関係拡大" in parts["text/html"] and "<img" not in parts["text/html"]
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    link = re.search(r"<https?://[^/]+(/\S+)>", message["List-Unsubscribe"])[1]
    assert link in parts["text/plain"] and link in parts["text/html"]
    other = next(m for tos, m in smtp.messages if tos == ["jiro@nanto.example.jp"])
    assert other["List-Unsubscribe"] != message["List-Unsubscribe"]
    assert client.post(link, {"List-Unsubscribe": "One-Click"}).status_code == 200
    assert Subscriber.objects.get(email="reader@example.com").status == Subscriber.Status.UNSUBSCRIBED
