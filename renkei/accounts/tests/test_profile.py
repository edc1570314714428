"""My page: who I am, my organisations, two-factor settings and personal API tokens."""

import pytest
from django.test import RequestFactory

from renkei.accounts.api_auth import request_user
from renkei.accounts.models import ApiToken
from renkei.testing import UserFactory, build_world

pytestmark = pytest.mark.django_db

# English pages, so the assertions hold whatever the Japanese catalogue says.
PROFILE = "/en/accounts/profile/"


@pytest.fixture
def world():
    return build_world()


def _bearer(raw: str):
    request = RequestFactory().get("/api/v1/networks/alliance", HTTP_AUTHORIZATION=f"Bearer {raw}")
    return request_user(request)


def test_anonymous_is_sent_to_sign_in(client):
    response = client.get(PROFILE)
    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/")


def test_it_shows_name_email_organisations_roles_and_contacts_links(client, world):
    client.force_login(world.alice)
    html = client.get(PROFILE).content.decode()
    assert "松原 アリス" in html
    assert "alice@example.jp" in html
    assert "Matsubara City" in html and "Administrator" in html
    assert f'href="/en/organisations/{world.alice_org.pk}/contacts/"' in html
    assert 'href="/en/accounts/2fa/"' in html
    assert "Two-factor sign-in is off" in html


def test_it_creates_a_token_and_shows_it_once(client, world):
    client.force_login(world.alice)
    response = client.post("/en/accounts/profile/tokens/", {"name": "spreadsheet"})
    assert response.status_code == 302
    token = ApiToken.objects.get(user=world.alice)
    html = client.get(PROFILE).content.decode()
    raw = html.split('<code id="new-token">')[1].split("</code>")[0]
    assert raw.startswith("rk_") and raw.startswith(token.prefix)
    assert ApiToken.hash(raw) == token.digest
    assert _bearer(raw) == world.alice
    again = client.get(PROFILE).content.decode()
    assert raw not in again
    assert "spreadsheet" in again and f"{token.prefix}…" in again


def test_a_token_without_a_name_is_refused(client, world):
    client.force_login(world.alice)
    response = client.post("/en/accounts/profile/tokens/", {"name": ""})
    assert response.status_code == 400
    assert 'aria-invalid="true"' in response.content.decode()
    assert not ApiToken.objects.exists()


def test_a_revoked_token_no_longer_authenticates(client, world):
    client.force_login(world.alice)
    client.post("/en/accounts/profile/tokens/", {"name": "script"})
    raw = client.get(PROFILE).content.decode().split('<code id="new-token">')[1].split("</code>")[0]
    token = ApiToken.objects.get(user=world.alice)
    assert _bearer(raw) == world.alice
    response = client.post(f"/en/accounts/profile/tokens/{token.pk}/revoke/")
    assert response.status_code == 302
    assert not _bearer(raw).is_authenticated
    assert "Revoked" in client.get(PROFILE).content.decode()


def test_nobody_can_revoke_someone_elses_token(client, world):
    from renkei.accounts.services import api_token_create

    token, raw = api_token_create(user=world.alice, name="mine")
    client.force_login(world.charlie)
    assert client.post(f"/en/accounts/profile/tokens/{token.pk}/revoke/").status_code == 404
    assert _bearer(raw) == world.alice


def test_a_user_on_no_staff_sees_so(client):
    client.force_login(UserFactory())
    assert "You are not on the staff of any organisation yet." in client.get(PROFILE).content.decode()


def test_it_records_when_a_token_was_last_used(world):
    from renkei.accounts.services import api_token_create

    token, raw = api_token_create(user=world.dave, name="t")
    assert token.last_used_at is None
    _bearer(raw)
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_it_remembers_the_language_for_email(client):
    from renkei.testing import build_world

    world = build_world()
    client.force_login(world.alice)
    response = client.post("/en/accounts/profile/language/", {"language": "en"}, follow=True)
    assert "Emails will reach you in the language you chose." in response.content.decode()
    world.alice.refresh_from_db()
    assert world.alice.language == "en"
    response = client.post("/en/accounts/profile/language/", {"language": "xx"})
    assert response.status_code == 400
    world.alice.refresh_from_db()
    assert world.alice.language == "en"


def test_signing_in_in_english_sets_english_for_email(client):
    from renkei.testing import PASSWORD, build_world

    world = build_world()
    assert world.bob.language == "ja"
    client.post("/en/accounts/login/", {"login": world.bob.email, "password": PASSWORD})
    world.bob.refresh_from_db()
    assert world.bob.language == "en"
