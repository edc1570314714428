"""In development, what Renkei sends is read at /outbox/ instead of going out."""

import pytest
from django.core.mail import send_mail
from django.test import override_settings
from django.urls import reverse

from renkei.testing import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def outbox(tmp_path):
    with override_settings(DEBUG=True, EMAIL_BACKEND="renkei.lib.outbox.OutboxBackend", OUTBOX_DIR=tmp_path):
        yield tmp_path


def test_site_admins_read_what_was_sent(client, outbox):
    body = "松原市 様\n\n参加登録を受け付けました。"
    send_mail("【Renkei】参加登録を受け付けました", body, None, ["alice@example.jp"])
    assert len(list(outbox.glob("*.eml"))) == 1
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    listing = client.get(reverse("web:outbox")).content.decode()
    assert "alice@example.jp" in listing and "【Renkei】参加登録を受け付けました" in listing
    [name] = [path.name for path in outbox.glob("*.eml")]
    message = client.get(reverse("web:outbox_email", args=[name])).content.decode()
    assert "参加登録を受け付けました。" in message


def test_others_may_not_read_it_and_production_has_none(client, outbox):
    send_mail("秘密", "本文", None, ["alice@example.jp"])
    client.force_login(UserFactory())
    assert client.get(reverse("web:outbox")).status_code == 403
    with override_settings(DEBUG=False):
        client.force_login(UserFactory(is_superuser=True, is_staff=True))
        assert client.get(reverse("web:outbox")).status_code == 404


def test_a_name_outside_the_outbox_is_not_read(client, outbox):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    assert client.get(reverse("web:outbox_email", args=["..%2Fsettings.py"])).status_code == 404
    assert client.get(reverse("web:outbox_email", args=["missing.eml"])).status_code == 404
