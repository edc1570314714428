"""Emails for notifications: immediate ones right away, each with a one-click unsubscribe."""

import re

import pytest
from django.core import mail
from django.core.mail import BadHeaderError, EmailMessage
from django.utils import translation
from django.utils.translation import gettext

from renkei.notifications.emails import NotificationEmail, unsubscribe_token
from renkei.notifications.models import Delivery, Kind, Notification, Preference
from renkei.notifications.services import notifications_email, notify

pytestmark = pytest.mark.django_db


def _notify(world, users, kind=Kind.REPLY):
    return notify(
        recipients=users,
        kind=kind,
        title="観光パンフレットの配布",
        url="/networks/alliance/board/7/",
        actor_organisation=world.bob_org,
        network=world.network,
    )


def _unsubscribe_path(message) -> str:
    return re.search(r"https?://[^/\s]+(/\S*/unsubscribe/\S+/)", message.body)[1]


def test_a_reply_is_emailed_at_once_in_the_readers_language(world):
    assert _notify(world, [world.alice, world.alice]) == 1
    [message] = mail.outbox
    assert message.to == ["alice@example.jp"]
    with translation.override("ja"):  # accounts have no language yet: the site's default
        expected = gettext("%(organisation)s replied to your post “%(title)s”.") % {
            "organisation": "南砺市",
            "title": "観光パンフレットの配布",
        }
    assert expected in message.subject
    assert expected in message.body
    assert "/networks/alliance/board/7/" in message.body
    unsubscribe = _unsubscribe_path(message)
    assert message.extra_headers["List-Unsubscribe"] == f"<http://127.0.0.1:8000{unsubscribe}>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert Notification.objects.get().emailed_at is not None
    # Sending the same notifications again sends nothing new.
    assert notifications_email(notification_ids=list(Notification.objects.values_list("pk", flat=True))) == 0


def test_in_app_and_digest_kinds_are_not_emailed_at_once(world):
    Preference.objects.create(user=world.alice, kind=Kind.REPLY, delivery=Delivery.IN_APP)
    _notify(world, [world.alice, world.bob])
    _notify(world, [world.alice], kind=Kind.FOLLOWED_POST)  # DIGEST by default
    assert [m.to for m in mail.outbox] == [["bob@example.jp"]]
    assert Notification.objects.count() == 3
    assert Notification.objects.filter(emailed_at__isnull=False).count() == 1


def test_the_unsubscribe_link_works_without_signing_in(client, world):
    _notify(world, [world.alice])
    path = _unsubscribe_path(mail.outbox[0])
    page = client.get(path)
    assert page.status_code == 200
    with translation.override("ja"):
        assert gettext("A reply to your post") in page.content.decode()
    assert not Preference.objects.exists()  # looking changes nothing
    response = client.post(path)
    assert response.status_code == 200
    assert Preference.objects.get(user=world.alice, kind=Kind.REPLY).delivery == Delivery.IN_APP
    mail.outbox.clear()
    _notify(world, [world.alice])
    assert mail.outbox == []


def test_a_tampered_unsubscribe_link_shows_a_translated_error_and_changes_nothing(client, world):
    token = unsubscribe_token(world.alice.pk, [Kind.REPLY])
    forged = unsubscribe_token(world.bob.pk, [Kind.REPLY]).split(":")[0] + ":" + token.split(":", 1)[1]
    for bad in (token[:-2] + "xx", forged, "nonsense"):
        for method in (client.get, client.post):
            response = method(f"/en/notifications/unsubscribe/{bad}/")
            assert response.status_code == 400
            assert "This unsubscribe link is not valid." in response.content.decode()
            assert "Nothing was changed." in response.content.decode()
    assert not Preference.objects.exists()


def test_a_link_for_a_deleted_account_changes_nothing(client, world):
    token = unsubscribe_token(999999, [Kind.REPLY])
    assert client.post(f"/en/notifications/unsubscribe/{token}/").status_code == 400
    assert not Preference.objects.exists()


@pytest.mark.parametrize(
    "subject",
    [
        "[Renkei] 松原市が「観光イベントへの出展者募集」を投稿しました。",
        "[Renkei] " + "姉妹都市交流事業の報告会と意見交換会のお知らせ" * 4,
        "[Renkei] A reply to your post “Tourism pamphlets”",
        "",
    ],
)
def test_a_notification_email_is_byte_for_byte_what_django_would_send(subject):
    link = "http://127.0.0.1:8000/notifications/unsubscribe/" + "x" * 90 + "/"
    args = (subject, "本文です。\n" + link + "\n", "Renkei <noreply@renkei.example>", ["bob@example.jp"])
    headers = {
        "Date": "Sun, 22 Nov 2026 17:14:49 -0000",
        "Message-ID": "<1.2.3@renkei.example>",
        "List-Unsubscribe": f"<{link}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
    for _twice in range(2):  # the second time from what the first one encoded
        ours = NotificationEmail(*args, headers=headers).message().as_bytes(linesep="\r\n")
        assert ours == EmailMessage(*args, headers=headers).message().as_bytes(linesep="\r\n")
    assert NotificationEmail(*args, headers=headers).subject == subject


def test_a_subject_with_a_line_break_is_still_refused():
    with pytest.raises(BadHeaderError):
        NotificationEmail("件名\nBcc: x@example.jp", "本文", "noreply@renkei.example", ["bob@example.jp"]).message()


def test_the_emails_links_use_the_sites_configured_address(world, settings):
    settings.SITE_URL = "https://renkei.example:8443/"
    _notify(world, [world.alice])
    [message] = mail.outbox
    assert "https://renkei.example:8443/networks/alliance/board/7/" in message.body
    assert message.extra_headers["List-Unsubscribe"].startswith("<https://renkei.example:8443/")
    assert "127.0.0.1" not in message.body
