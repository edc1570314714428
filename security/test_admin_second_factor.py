"""The Django admin asks for the same second factor as the secretariat's pages.

A superuser signed in with a password alone used to read every contact's email and phone at
/admin/organisations/contact/.
"""

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth import get_user_model
from django.utils import translation

from renkei.testing import PASSWORD, build_world, login_with_second_factor

pytestmark = pytest.mark.django_db

CONTACTS = "/en/admin/organisations/contact/"


@pytest.fixture
def world():
    with translation.override("ja"):
        return build_world()


@pytest.fixture
def root(world):
    return get_user_model().objects.create_superuser("root@example.jp", PASSWORD)


def _reads_contacts(response) -> bool:
    return response.status_code == 200 and "ichiro@matsubara.example.jp" in response.content.decode()


def test_a_password_only_superuser_is_sent_to_set_up_a_second_factor_and_then_reads(client, root):
    client.force_login(root)
    response = client.get(CONTACTS, follow=True)
    assert not _reads_contacts(response)
    assert any(url.startswith("/en/accounts/2fa/totp/activate/") for url, _status in response.redirect_chain)
    login_with_second_factor(client, root)
    assert _reads_contacts(client.get(CONTACTS))


def test_a_password_only_superuser_with_an_authenticator_is_asked_for_a_code(client, root):
    TOTP.activate(root, generate_totp_secret())
    response = client.post("/en/accounts/login/", {"login": root.email, "password": PASSWORD})
    assert response["Location"] == "/en/accounts/2fa/authenticate/"  # the code was never entered
    response = client.get(CONTACTS, follow=True)
    assert not _reads_contacts(response)
    assert response.redirect_chain[-1][0].startswith("/en/accounts/2fa/")


def test_the_admin_sign_in_form_gives_no_way_around_the_second_factor(client, root):
    response = client.post(f"/en/admin/login/?next={CONTACTS}", {"username": root.email, "password": PASSWORD})
    assert not _reads_contacts(client.get(CONTACTS, follow=True))
    assert response.status_code == 302
