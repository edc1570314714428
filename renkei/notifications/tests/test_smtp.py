"""The fan-out against a real SMTP server (aiosmtpd on a free local port)."""

import re
import socket
from email import message_from_bytes
from email.header import decode_header, make_header

import pytest
from aiosmtpd.controller import Controller
from django.test import override_settings

from renkei.notifications.models import Delivery, Follow, Kind, Preference
from renkei.notifications.services import post_fan_out

pytestmark = pytest.mark.django_db


class Inbox:
    def __init__(self):
        self.messages = []
        self.sessions = set()

    async def handle_DATA(self, server, session, envelope):
        self.sessions.add(id(session))
        self.messages.append((envelope.rcpt_tos, message_from_bytes(envelope.content)))
        return "250 OK"


@pytest.fixture
def smtp():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    inbox = Inbox()
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


def test_followers_receive_the_post_by_smtp_with_a_working_unsubscribe_link(smtp, world, make_post, client):
    for user in (world.bob, world.secretariat):
        Follow.objects.create(user=user, network=world.network)
        Preference.objects.create(user=user, kind=Kind.FOLLOWED_POST, delivery=Delivery.IMMEDIATE)
    post = make_post(title="全国連携講演会のご案内")
    assert post_fan_out(post_id=post.pk) == 2

    assert sorted(to for tos, _m in smtp.messages for to in tos) == ["bob@example.jp", "sec@example.jp"]
    assert len(smtp.sessions) == 1  # one connection for the whole batch
    rcpt, message = next(m for m in smtp.messages if m[0] == ["bob@example.jp"])
    assert "全国連携講演会のご案内" in str(make_header(decode_header(message["Subject"])))
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    body = message.get_payload(decode=True).decode(message.get_content_charset())
    assert f"/networks/alliance/board/{post.pk}/" in body
    link = re.search(r"<https?://[^/]+(/\S+)>", message["List-Unsubscribe"])[1]
    assert link in body
    # The mail program's one-click POST, without a session or a CSRF token.
    assert client.post(link, {"List-Unsubscribe": "One-Click"}).status_code == 200
    assert Preference.objects.get(user=world.bob, kind=Kind.FOLLOWED_POST).delivery == Delivery.IN_APP
    assert Preference.objects.get(user=world.secretariat, kind=Kind.FOLLOWED_POST).delivery == Delivery.IMMEDIATE
