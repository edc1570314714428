"""The fan-out against a real SMTP server (aiosmtpd on a free local port)."""

import re
import smtplib
import socket
import threading
from email import message_from_bytes
from email.header import decode_header, make_header

import pytest
from aiosmtpd.controller import Controller
from django.contrib.auth import get_user_model
from django.test import override_settings

from renkei.board.models import Post
from renkei.board.notifications import post_fan_out
from renkei.notifications.models import Delivery, Follow, Kind, Notification, Preference
from renkei.notifications.services import notifications_email

pytestmark = pytest.mark.django_db


class Inbox:
    """What the server accepted; after ``accept`` emails it refuses (421) or hangs up on the rest."""

    def __init__(self):
        self.messages = []
        self.sessions = set()
        self.senders = set()
        self.quits = 0
        self.accept: int | None = None
        self.failure = "refuse"
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            if self.accept is not None and len(self.messages) >= self.accept:
                if self.failure == "hang up":
                    server.transport.close()
                return "421 4.3.2 Service shutting down"
            self.sessions.add(id(session))
            self.senders.add(envelope.mail_from)
            self.messages.append((envelope.rcpt_tos, message_from_bytes(envelope.content)))
        return "250 OK"

    async def handle_QUIT(self, server, session, envelope):
        self.quits += 1
        return "221 Bye"

    def recipients(self) -> list[str]:
        return sorted(to for tos, _message in self.messages for to in tos)


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


def _followers(world, count: int) -> list[str]:
    User = get_user_model()
    User.objects.bulk_create([User(email=f"follower{i:02d}@example.jp", name=f"フォロワー{i}") for i in range(count)])
    users = list(User.objects.filter(email__startswith="follower"))
    Follow.objects.bulk_create([Follow(user=user, network=world.network) for user in users])
    Preference.objects.bulk_create(
        [Preference(user=user, kind=Kind.FOLLOWED_POST, delivery=Delivery.IMMEDIATE) for user in users]
    )
    return sorted(user.email for user in users)


@override_settings(NOTIFICATION_EMAIL_CONNECTIONS=3)
def test_a_fan_out_over_several_connections_reaches_each_follower_once_with_their_own_link(
    smtp, world, make_post, client
):
    followers = _followers(world, 30)
    post = make_post(title="地域おこし協力隊の合同研修のお知らせ", visibility=Post.Visibility.SIGNED_IN)
    assert post_fan_out(post_id=post.pk) == 30

    assert smtp.recipients() == followers
    assert len(smtp.sessions) == 3
    assert smtp.quits == 3  # each connection closed
    assert smtp.senders == {"noreply@renkei.example"}
    assert not Notification.objects.filter(emailed_at=None).exists()
    for done, (rcpt, message) in enumerate(smtp.messages, start=1):
        assert message["To"] == rcpt[0]
        assert message["From"] == "Renkei <noreply@renkei.example>"
        assert "地域おこし協力隊の合同研修のお知らせ" in str(make_header(decode_header(message["Subject"])))
        link = re.search(r"<https?://[^/]+(/\S+)>", message["List-Unsubscribe"])[1]
        assert link in message.get_payload(decode=True).decode(message.get_content_charset())
        assert client.post(link, {"List-Unsubscribe": "One-Click"}).status_code == 200
        # The link switched its own reader, and nobody else, to in-app only.
        in_app = Preference.objects.filter(kind=Kind.FOLLOWED_POST, delivery=Delivery.IN_APP)
        assert in_app.filter(user__email=rcpt[0]).exists()
        assert in_app.count() == done


@pytest.mark.parametrize("failure", ["refuse", "hang up"])
@override_settings(NOTIFICATION_EMAIL_CONNECTIONS=3)
def test_when_the_server_fails_half_way_a_rerun_sends_only_what_it_did_not_accept(smtp, world, make_post, failure):
    followers = _followers(world, 30)
    post = make_post(visibility=Post.Visibility.SIGNED_IN)
    smtp.accept, smtp.failure = 12, failure
    with pytest.raises((smtplib.SMTPDataError, smtplib.SMTPServerDisconnected)):
        post_fan_out(post_id=post.pk)

    notifications = Notification.objects.filter(kind=Kind.FOLLOWED_POST)
    accepted = smtp.recipients()
    assert len(accepted) == 12
    assert sorted(notifications.exclude(emailed_at=None).values_list("recipient__email", flat=True)) == accepted
    assert notifications.filter(emailed_at=None).count() == 18

    smtp.accept = None
    assert notifications_email(notification_ids=list(notifications.values_list("pk", flat=True))) == 18
    assert smtp.recipients() == followers  # each exactly once
    assert not notifications.filter(emailed_at=None).exists()
