"""Inviting colleagues from the organisation page and accepting an invitation."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.utils import timezone

from renkei.organisations.models import Invitation, Staff
from renkei.organisations.services import invitation_create
from renkei.testing import PASSWORD, UserFactory, build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def _invite(world, email="newcomer@example.jp", role=Staff.Role.STAFF):
    return invitation_create(organisation=world.alice_org, email=email, role=role, invited_by=world.alice)


def _accept_url(invitation):
    # English pages, so the assertions hold whatever the Japanese catalogue says.
    return f"/en/organisations/invitations/{invitation.token}/"


# --- the organisation page ---------------------------------------------------------------------


def test_the_organisation_page_shows_public_basics_to_anyone(client, world):
    response = client.get(f"/en/organisations/{world.alice_org.pk}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Matsubara City" in html and "Municipality" in html
    assert f'href="/en/local-governments/{world.alice_org.local_government_id}/"' in html
    assert "Invite a colleague" not in html
    assert "alice@example.jp" not in html  # staff are not public


def test_an_admin_invites_a_colleague_from_the_organisation_page(client, world, django_capture_on_commit_callbacks):
    client.force_login(world.alice)
    assert "Invite a colleague" in client.get(f"/en/organisations/{world.alice_org.pk}/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/en/organisations/{world.alice_org.pk}/invitations/", {"email": "Colleague@Example.jp", "role": "staff"}
        )
    assert response.status_code == 302
    invitation = Invitation.objects.get(email="colleague@example.jp")
    assert invitation.organisation == world.alice_org and invitation.invited_by == world.alice
    assert mail.outbox[0].to == ["colleague@example.jp"]
    assert invitation.token in mail.outbox[0].body


def test_inviting_someone_already_on_the_staff_is_refused(client, world):
    client.force_login(world.alice)
    response = client.post(
        f"/en/organisations/{world.alice_org.pk}/invitations/", {"email": "alice@example.jp", "role": "staff"}
    )
    assert response.status_code == 400
    assert "already on the staff" in response.content.decode()
    assert not Invitation.objects.exists()


def test_a_bad_email_is_refused_with_a_clear_error(client, world):
    client.force_login(world.alice)
    response = client.post(
        f"/en/organisations/{world.alice_org.pk}/invitations/", {"email": "not-an-email", "role": "staff"}
    )
    assert response.status_code == 400
    assert 'aria-invalid="true"' in response.content.decode()
    assert not Invitation.objects.exists()


@pytest.mark.parametrize("persona", ["charlie", "dave", "secretariat"])
def test_only_the_organisations_admin_may_invite(client, world, persona):
    client.force_login(getattr(world, persona))
    response = client.post(
        f"/en/organisations/{world.alice_org.pk}/invitations/", {"email": "x@example.jp", "role": "admin"}
    )
    assert response.status_code == 403
    assert not Invitation.objects.exists()


def test_plain_staff_may_not_invite(client, world):
    colleague = UserFactory()
    Staff.objects.create(user=colleague, organisation=world.alice_org, role=Staff.Role.STAFF)
    client.force_login(colleague)
    response = client.post(
        f"/en/organisations/{world.alice_org.pk}/invitations/", {"email": "x@example.jp", "role": "staff"}
    )
    assert response.status_code == 403


def test_anonymous_invite_goes_to_sign_in(client, world):
    response = client.post(f"/en/organisations/{world.alice_org.pk}/invitations/", {"email": "x@example.jp"})
    assert response.status_code == 302 and response["Location"].startswith("/en/accounts/login/")


# --- accepting -----------------------------------------------------------------------------------


def test_it_shows_the_organisation_and_email(client, world):
    invitation = _invite(world)
    html = client.get(_accept_url(invitation)).content.decode()
    assert "Matsubara City" in html and "newcomer@example.jp" in html
    assert '<label for="id_password1">' in html


def test_accepting_creates_the_account_joins_the_staff_and_signs_in(client, world):
    invitation = _invite(world, role=Staff.Role.ADMIN)
    response = client.post(
        _accept_url(invitation),
        {"name": "新人 花子", "password1": "a long new passphrase", "password2": "a long new passphrase"},
    )
    assert response.status_code == 302
    assert response["Location"] == f"/en/organisations/{world.alice_org.pk}/"
    user = get_user_model().objects.get(email="newcomer@example.jp")
    assert user.name == "新人 花子" and user.check_password("a long new passphrase")
    assert Staff.objects.get(user=user, organisation=world.alice_org).role == Staff.Role.ADMIN
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None
    page = client.get(response["Location"])
    assert page.context["user"] == user
    assert "Welcome to Matsubara City on Renkei." in page.content.decode()


def test_a_weak_password_is_refused_and_nothing_is_created(client, world):
    invitation = _invite(world)
    response = client.post(_accept_url(invitation), {"name": "新人", "password1": "12345678", "password2": "12345678"})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'aria-invalid="true"' in html and 'class="errorlist' in html
    assert not get_user_model().objects.filter(email="newcomer@example.jp").exists()
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


def test_different_passwords_are_refused(client, world):
    invitation = _invite(world)
    response = client.post(
        _accept_url(invitation),
        {"name": "新人", "password1": "a long new passphrase", "password2": "another passphrase"},
    )
    assert response.status_code == 400
    assert "The two passwords differ." in response.content.decode()


def test_an_existing_account_signs_in_then_joins(client, world):
    invitation = invitation_create(organisation=world.alice_org, email="bob@example.jp", invited_by=world.alice)
    html = client.get(_accept_url(invitation)).content.decode()
    assert "You already have a Renkei account" in html
    assert 'name="password1"' not in html
    client.post("/en/accounts/login/", {"login": "bob@example.jp", "password": PASSWORD})
    response = client.post(_accept_url(invitation))
    assert response.status_code == 302
    assert Staff.objects.filter(user=world.bob, organisation=world.alice_org).exists()
    assert Staff.objects.filter(user=world.bob, organisation=world.bob_org).exists()


def test_signed_in_as_someone_else_cannot_accept(client, world):
    invitation = _invite(world)
    client.force_login(world.charlie)
    response = client.post(_accept_url(invitation))
    assert response.status_code == 403
    assert "This invitation is for someone else" in response.content.decode()
    assert not Staff.objects.filter(user=world.charlie, organisation=world.alice_org).exists()


def test_a_used_invitation_gives_a_clear_page(client, world):
    invitation = _invite(world)
    client.post(
        _accept_url(invitation),
        {"name": "A", "password1": "a long new passphrase", "password2": "a long new passphrase"},
    )
    client.logout()
    response = client.get(_accept_url(invitation))
    assert response.status_code == 410
    assert "already been accepted" in response.content.decode()


def test_an_expired_invitation_gives_a_clear_page(client, world):
    invitation = _invite(world)
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    response = client.post(
        _accept_url(invitation),
        {"name": "A", "password1": "a long new passphrase", "password2": "a long new passphrase"},
    )
    assert response.status_code == 410
    assert "It has expired." in response.content.decode()
    assert not get_user_model().objects.filter(email="newcomer@example.jp").exists()


def test_an_unknown_token_is_not_found(client):
    assert client.get("/en/organisations/invitations/nope/").status_code == 404
