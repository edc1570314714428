"""Two-factor sign-in for the secretariat: SecondFactorRequired becomes the way to a second factor."""

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.core.cache import cache

from renkei.testing import PASSWORD, build_world, login_with_second_factor

pytestmark = pytest.mark.django_db

# English pages, so the assertions hold whatever the Japanese catalogue says.
SECRETARIAT_PAGE = "/en/networks/alliance/directory/unconfirmed/"


def _current_code(secret: str) -> str:
    counters = list(yield_hotp_counters_from_time())
    return format_hotp_value(hotp_value(secret, counters[len(counters) // 2]))


@pytest.fixture
def world():
    cache.clear()  # allauth remembers used TOTP codes in the cache
    return build_world()


def test_secretariat_without_an_authenticator_is_sent_to_activate_one(client, world):
    client.force_login(world.secretariat)
    response = client.get(SECRETARIAT_PAGE)
    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/2fa/totp/activate/")
    assert "next=%2Fen%2Fnetworks%2Falliance%2Fdirectory%2Funconfirmed%2F" in response["Location"]
    page = client.get(response["Location"], follow=True)
    assert "Secretariat pages need two-factor sign-in" in page.content.decode()


def test_secretariat_with_an_authenticator_but_a_password_only_session_is_asked_for_a_code(client, world):
    secret = generate_totp_secret()
    TOTP.activate(world.secretariat, secret)
    client.force_login(world.secretariat)
    response = client.get(SECRETARIAT_PAGE)
    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/2fa/reauthenticate/")
    # Entering the code records the second factor, and the page opens.
    response = client.post(response["Location"], {"code": _current_code(secret)})
    assert response.status_code == 302
    assert response["Location"] == SECRETARIAT_PAGE
    assert client.get(SECRETARIAT_PAGE).status_code == 200


def test_after_a_real_totp_sign_in_the_secretariat_page_opens(client, world):
    secret = generate_totp_secret()
    TOTP.activate(world.secretariat, secret)
    response = client.post("/en/accounts/login/", {"login": world.secretariat.email, "password": PASSWORD})
    assert response["Location"] == "/en/accounts/2fa/authenticate/"
    assert client.get(SECRETARIAT_PAGE).status_code == 302  # the password alone is not enough
    response = client.post("/en/accounts/2fa/authenticate/", {"code": _current_code(secret)})
    assert response.status_code == 302
    response = client.get(SECRETARIAT_PAGE)
    assert response.status_code == 200
    assert "Contacts to confirm" in response.content.decode()


def test_a_wrong_code_keeps_the_page_closed(client, world):
    TOTP.activate(world.secretariat, generate_totp_secret())
    client.post("/en/accounts/login/", {"login": world.secretariat.email, "password": PASSWORD})
    response = client.post("/en/accounts/2fa/authenticate/", {"code": "000000"})
    assert response.status_code == 200
    assert 'class="errorlist' in response.content.decode()
    assert client.get(SECRETARIAT_PAGE).status_code == 302


# allauth sends authenticator_added after the commit, inside the request: a transactional test
# runs it there, as in production.
@pytest.mark.django_db(transaction=True)
def test_activating_an_authenticator_counts_as_the_second_factor(client, world):
    client.force_login(world.secretariat)
    # allauth asks for the password again before adding an authenticator.
    client.post("/en/accounts/reauthenticate/", {"password": PASSWORD})
    page = client.get("/en/accounts/2fa/totp/activate/")
    assert page.status_code == 200
    assert '<label for="authenticator_secret">' in page.content.decode()
    secret = client.session["mfa.totp.secret"]
    response = client.post("/en/accounts/2fa/totp/activate/", {"code": _current_code(secret)})
    assert response.status_code == 302
    assert Authenticator.objects.filter(user=world.secretariat, type=Authenticator.Type.TOTP).exists()
    assert client.get(SECRETARIAT_PAGE).status_code == 200


def test_login_with_second_factor_opens_secretariat_pages(client, world):
    login_with_second_factor(client, world.secretariat)
    assert client.get(SECRETARIAT_PAGE).status_code == 200


def test_second_factor_does_not_open_another_networks_secretariat_pages(client, world):
    login_with_second_factor(client, world.alice)
    assert client.get(SECRETARIAT_PAGE).status_code == 403


@pytest.mark.django_db(transaction=True)
def test_setting_up_the_authenticator_returns_to_the_page_asked_for(client, world):
    client.force_login(world.secretariat)
    client.post("/en/accounts/reauthenticate/", {"password": PASSWORD})
    asked = client.get(SECRETARIAT_PAGE)
    assert asked.status_code == 302 and "/accounts/2fa/totp/activate/?next=" in asked["Location"]
    form = client.get(asked["Location"]).content.decode()
    assert f'<input type="hidden" name="next" value="{SECRETARIAT_PAGE}">' in form
    secret = client.session["mfa.totp.secret"]
    done = client.post(asked["Location"], {"code": _current_code(secret), "next": SECRETARIAT_PAGE})
    assert done["Location"].startswith("/en/accounts/2fa/recovery-codes/?next=")
    codes = client.get(done["Location"]).content.decode()
    assert f'<a href="{SECRETARIAT_PAGE}" class="button">' in codes
    assert client.get(SECRETARIAT_PAGE).status_code == 200


def test_a_next_address_elsewhere_is_not_followed(client, world):
    client.force_login(world.secretariat)
    client.post("/en/accounts/reauthenticate/", {"password": PASSWORD})
    client.get("/en/accounts/2fa/totp/activate/")
    secret = client.session["mfa.totp.secret"]
    done = client.post(
        "/en/accounts/2fa/totp/activate/", {"code": _current_code(secret), "next": "https://evil.example/"}
    )
    assert "evil.example" not in done["Location"]
    assert "evil.example" not in client.get(done["Location"]).content.decode()
