"""Handing contacts over to a colleague or an invitee, and removing staff without orphaning contacts."""

import pytest
from django.core import mail

from renkei.organisations.models import Contact, Invitation, Staff
from renkei.testing import ContactFactory, UserFactory, build_world

pytestmark = pytest.mark.django_db

A_PASSWORD = "a long new passphrase"


@pytest.fixture
def world():
    world = build_world()
    world.colleague = UserFactory(email="colleague@example.jp", name="松原 同僚")
    world.colleague_staff = Staff.objects.create(
        user=world.colleague, organisation=world.alice_org, role=Staff.Role.STAFF
    )
    return world


def _org(world, suffix):
    # English pages, so the assertions hold whatever the Japanese catalogue says.
    return f"/en/organisations/{world.alice_org.pk}/{suffix}"


def test_it_hands_a_contact_over_to_a_colleague(client, world):
    client.force_login(world.alice)
    page = client.get(_org(world, f"contacts/{world.alice_contact.pk}/handover/")).content.decode()
    assert "松原 同僚" in page
    response = client.post(_org(world, f"contacts/{world.alice_contact.pk}/handover/"), {"to_user": world.colleague.pk})
    assert response.status_code == 302
    world.alice_contact.refresh_from_db()
    assert world.alice_contact.owner == world.colleague


def test_it_refuses_a_handover_to_someone_outside_the_organisation(client, world):
    client.force_login(world.alice)
    response = client.post(_org(world, f"contacts/{world.alice_contact.pk}/handover/"), {"to_user": world.charlie.pk})
    assert response.status_code == 400
    world.alice_contact.refresh_from_db()
    assert world.alice_contact.owner == world.alice


def test_a_handover_needs_a_colleague_or_an_email(client, world):
    client.force_login(world.alice)
    response = client.post(_org(world, f"contacts/{world.alice_contact.pk}/handover/"), {})
    assert response.status_code == 400
    assert "Choose a colleague or enter the email of a new colleague." in response.content.decode()


def test_a_handover_to_an_invitee_completes_when_they_accept(client, world, django_capture_on_commit_callbacks):
    client.force_login(world.alice)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            _org(world, f"contacts/{world.alice_contact.pk}/handover/"), {"to_email": "successor@example.jp"}
        )
    assert response.status_code == 302
    invitation = Invitation.objects.get(email="successor@example.jp")
    assert list(invitation.contacts.all()) == [world.alice_contact]
    assert mail.outbox[0].to == ["successor@example.jp"]
    world.alice_contact.refresh_from_db()
    assert world.alice_contact.owner == world.alice  # until they accept, nothing is orphaned
    client.logout()
    client.post(
        f"/en/organisations/invitations/{invitation.token}/",
        {"name": "後任 太郎", "password1": A_PASSWORD, "password2": A_PASSWORD},
    )
    world.alice_contact.refresh_from_db()
    assert world.alice_contact.owner.email == "successor@example.jp"


def test_removing_staff_asks_to_whom_their_contacts_go(client, world):
    client.force_login(world.alice)
    contact = ContactFactory(organisation=world.alice_org, owner=world.colleague)
    url = _org(world, f"staff/{world.colleague_staff.pk}/remove/")
    page = client.get(url).content.decode()
    assert "keeps 1 contact" in page and contact.person_name in page
    response = client.post(url, {})
    assert response.status_code == 400
    assert Staff.objects.filter(pk=world.colleague_staff.pk).exists()
    response = client.post(url, {"to_user": world.alice.pk})
    assert response.status_code == 302
    assert not Staff.objects.filter(pk=world.colleague_staff.pk).exists()
    contact.refresh_from_db()
    assert contact.owner == world.alice


def test_removing_staff_can_hand_over_to_an_invitee(client, world, django_capture_on_commit_callbacks):
    client.force_login(world.alice)
    contact = ContactFactory(organisation=world.alice_org, owner=world.colleague)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            _org(world, f"staff/{world.colleague_staff.pk}/remove/"), {"to_email": "successor@example.jp"}
        )
    assert response.status_code == 302
    contact.refresh_from_db()
    assert contact.owner == world.alice  # held by the admin until the successor accepts
    assert list(Invitation.objects.get(email="successor@example.jp").contacts.all()) == [contact]


def test_staff_without_contacts_are_removed_directly(client, world):
    client.force_login(world.alice)
    response = client.post(_org(world, f"staff/{world.colleague_staff.pk}/remove/"), {})
    assert response.status_code == 302
    assert not Staff.objects.filter(pk=world.colleague_staff.pk).exists()


def test_the_last_admin_cannot_be_removed(client, world):
    client.force_login(world.alice)
    alice_staff = Staff.objects.get(user=world.alice, organisation=world.alice_org)
    response = client.post(_org(world, f"staff/{alice_staff.pk}/remove/"), {"to_user": world.colleague.pk})
    assert response.status_code == 400
    assert "The last administrator cannot be removed." in response.content.decode()
    assert Staff.objects.filter(pk=alice_staff.pk).exists()
    assert Contact.objects.get(pk=world.alice_contact.pk).owner == world.alice


@pytest.mark.parametrize("persona", ["colleague", "charlie", "dave", "secretariat"])
def test_only_an_admin_of_the_organisation_removes_staff(client, world, persona):
    client.force_login(getattr(world, persona))
    alice_staff = Staff.objects.get(user=world.alice, organisation=world.alice_org)
    assert client.post(_org(world, f"staff/{alice_staff.pk}/remove/"), {}).status_code == 403
    assert Staff.objects.filter(pk=alice_staff.pk).exists()
