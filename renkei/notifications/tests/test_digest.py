"""The daily digest: one email per person, grouped, never twice, nothing when nothing happened."""

import re
import smtplib
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from renkei.networks.models import Network
from renkei.notifications import emails
from renkei.notifications.models import Delivery, Kind, Notification, Preference
from renkei.notifications.services import digests_send, notify
from renkei.testing import MailServerFailing

pytestmark = pytest.mark.django_db


def _notify(world, users, kind=Kind.FOLLOWED_POST, title="観光イベントへの参加募集", network=None):
    notify(
        recipients=users,
        kind=kind,
        title=title,
        url="/networks/alliance/board/3/",
        actor_organisation=world.alice_org,
        network=network or world.network,
    )


def test_each_person_gets_one_digest_grouped_by_kind_and_network(world, monkeypatch):
    # Accounts have no language yet; should one read English, their digest is in English.
    monkeypatch.setattr(emails, "user_language", lambda user: "en" if user == world.bob else "ja")
    other = Network.objects.create(
        slug="tokubetsuku",
        kind=Network.Kind.PROJECT,
        name="特別区",
        name_en="Special Wards",
        secretariat=world.alice_org,
    )
    Preference.objects.create(user=world.bob, kind=Kind.REPLY, delivery=Delivery.DIGEST)
    _notify(world, [world.bob, world.secretariat])
    _notify(world, [world.bob], title="防災訓練のご案内", network=other)
    _notify(world, [world.bob], kind=Kind.REPLY, title="パンフレット")
    _notify(world, [world.charlie], kind=Kind.REPLY)  # immediate by default: emailed, not digested
    mail.outbox.clear()

    assert digests_send() == 2
    bob = next(m for m in mail.outbox if m.to == ["bob@example.jp"])
    assert bob.subject == "[Renkei] Your daily digest: 3 new notifications"
    body = bob.body
    assert body.index("== A post in something you follow ==") < body.index("Special Wards") < body.index("防災訓練")
    assert "== A reply to your post ==" in body
    assert "Matsubara City posted “観光イベントへの参加募集”." in body
    assert "http://127.0.0.1:8000/en/networks/alliance/board/3/" in body
    assert bob.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert not Notification.objects.filter(digested_at=None).exclude(recipient=world.charlie).exists()

    mail.outbox.clear()
    assert digests_send() == 0
    assert mail.outbox == []


def test_nothing_is_sent_when_nothing_happened(world):
    assert digests_send() == 0
    Preference.objects.create(user=world.bob, kind=Kind.FOLLOWED_POST, delivery=Delivery.IN_APP)
    _notify(world, [world.bob])
    old = Notification.objects.create(
        recipient=world.secretariat,
        kind=Kind.FOLLOWED_POST,
        title="old",
        url="/",
        created_at=timezone.now() - timedelta(days=30),
    )
    assert digests_send() == 0
    assert mail.outbox == []
    old.refresh_from_db()
    assert old.digested_at is None


def test_a_server_hanging_up_mid_way_keeps_the_digests_it_accepted(world, settings):
    people = [world.alice, world.bob, world.charlie]
    for user in people:
        Preference.objects.create(user=user, kind=Kind.FOLLOWED_POST, delivery=Delivery.DIGEST)
    _notify(world, people)
    settings.EMAIL_BACKEND = "renkei.testing.MailServerFailing"
    MailServerFailing.watch(accept=2)
    with pytest.raises(smtplib.SMTPServerDisconnected):
        digests_send()
    # The server answered outside any transaction: other writers were never held up.
    assert MailServerFailing.in_transaction == [False, False, False]
    first_two = [m.to[0] for m in mail.outbox]
    assert len(first_two) == 2
    assert set(Notification.objects.filter(digested_at=None).values_list("recipient__email", flat=True)) == {
        user.email for user in people
    } - set(first_two)

    # The next run sends the one left, and nobody twice.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert digests_send() == 1
    assert sorted(m.to[0] for m in mail.outbox) == sorted(user.email for user in people)


def test_the_digest_link_stops_digest_emails(client, world):
    _notify(world, [world.bob])
    digests_send()
    path = re.search(r"https?://[^/\s]+(/\S*/unsubscribe/\S+/)", mail.outbox[0].body)[1]
    client.post(path)
    assert Preference.objects.get(user=world.bob, kind=Kind.FOLLOWED_POST).delivery == Delivery.IN_APP
    mail.outbox.clear()
    _notify(world, [world.bob], title="次の投稿")
    assert digests_send() == 0


def test_the_command_sends_the_digests(world, capsys):
    _notify(world, [world.bob])
    call_command("send_digests")
    assert "1 digest(s) sent." in capsys.readouterr().out
    assert [m.to for m in mail.outbox] == [["bob@example.jp"]]
    call_command("send_digests", "--enqueue")
    assert len(mail.outbox) == 1
