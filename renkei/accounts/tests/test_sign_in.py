"""Sign-in, sign-out and password reset through allauth, in Renkei's layout."""

import re

import pytest
from django.core import mail

from renkei.testing import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"


def test_it_shows_the_sign_in_page_in_our_layout_with_labelled_fields(client):
    response = client.get(LOGIN)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="site-header"' in html  # base.html
    assert '<label for="id_login">' in html
    assert '<label for="id_password">' in html
    assert "sign up" not in html.lower()  # open sign-up is closed
    assert 'href="/accounts/password/reset/"' in html


def test_it_signs_in_with_email_and_password(client):
    user = UserFactory(email="hanako@example.jp")
    response = client.post(LOGIN, {"login": "HANAKO@example.jp", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/accounts/profile/").context["user"] == user


def test_a_wrong_password_shows_an_error_and_does_not_sign_in(client):
    UserFactory(email="hanako@example.jp")
    response = client.post(LOGIN, {"login": "hanako@example.jp", "password": "wrong"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="errorlist' in html
    assert not response.context["user"].is_authenticated


def test_it_signs_out(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert client.get("/accounts/profile/").status_code == 302


def test_sign_up_is_closed(client):
    response = client.get("/accounts/signup/")
    assert "form" not in response.context or response.context.get("form") is None
    assert 'name="password1"' not in response.content.decode()


def test_the_whole_password_reset_flow(client):
    UserFactory(email="hanako@example.jp")
    response = client.post("/accounts/password/reset/", {"email": "hanako@example.jp"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^\s]+/accounts/password/reset/key/[^\s]+", mail.outbox[0].body).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]
    response = client.get("/" + path, follow=True)
    assert response.status_code == 200
    form_url = response.redirect_chain[-1][0] if response.redirect_chain else "/" + path
    html = response.content.decode()
    assert '<label for="id_password1">' in html
    response = client.post(
        form_url, {"password1": "a new long passphrase 2026", "password2": "a new long passphrase 2026"}
    )
    assert response.status_code == 302
    client.logout()
    response = client.post(LOGIN, {"login": "hanako@example.jp", "password": "a new long passphrase 2026"})
    assert response.status_code == 302
    assert client.get("/accounts/profile/").status_code == 200


def test_password_reset_rejects_a_weak_password_and_keeps_the_old_one(client):
    UserFactory(email="hanako@example.jp")
    client.post("/accounts/password/reset/", {"email": "hanako@example.jp"})
    link = re.search(r"/accounts/password/reset/key/[^\s]+", mail.outbox[0].body).group(0)
    response = client.get(link, follow=True)
    form_url = response.redirect_chain[-1][0]
    response = client.post(form_url, {"password1": "12345678", "password2": "12345678"})
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.content.decode()
    assert client.login(email="hanako@example.jp", password=PASSWORD)


def test_english_sign_in_page(client):
    response = client.get("/en/accounts/login/")
    assert response.status_code == 200
    assert '<html lang="en">' in response.content.decode()
