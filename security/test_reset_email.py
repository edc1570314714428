"""Password reset emails: an unknown address is not invited to sign up, since sign-up is closed."""

import pytest
from django.core import mail

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("prefix", "administrator"), [("", "管理者"), ("/en", "administrator")])
def test_a_reset_for_an_unknown_address_points_to_the_administrator_not_to_sign_up(client, prefix, administrator):
    mail.outbox.clear()
    response = client.post(f"{prefix}/accounts/password/reset/", {"email": "nobody@example.jp"})
    assert response.status_code == 302
    [email] = mail.outbox
    assert email.to == ["nobody@example.jp"]
    text = email.body + email.subject
    assert "nobody@example.jp" in text
    for word in ("signup", "sign up", "sign-up", "登録"):
        assert word not in text.lower()
    assert "/accounts/" not in text  # no link at all: there is nothing to sign up for
    assert administrator in text
