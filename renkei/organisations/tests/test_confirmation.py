"""The yearly request to confirm contacts: one email per owner, a one-click signed link."""

import datetime
import re
import time
from unittest import mock

import pytest
from django.core import mail, signing
from django.core.management import call_command

from renkei.organisations.models import ConfirmationRequest, Contact, Staff
from renkei.organisations.services import (
    confirmation_token_make,
    contacts_request_confirmation,
)
from renkei.testing import ContactFactory, UserFactory, build_world

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 5, 11)  # fiscal year 2026 began on 1 April 2026


@pytest.fixture
def world():
    world = build_world()
    # Confirmed last fiscal year: all four contacts need confirming again.
    Contact.objects.update(last_confirmed_on=datetime.date(2026, 3, 31))
    return world


def _link(message) -> str:
    return re.search(r"/organisations/contacts/confirm/[^\s]+/", message.body).group(0)


def test_each_owner_gets_one_email_listing_all_their_contacts(world):
    extra = ContactFactory(organisation=world.alice_org, owner=world.alice, person_name="松原 六郎")
    sent = contacts_request_confirmation(today=TODAY)
    assert sent == 4
    to_alice = [m for m in mail.outbox if m.to == ["alice@example.jp"]]
    assert len(to_alice) == 1
    assert "松原 一郎" in to_alice[0].body and extra.person_name in to_alice[0].body
    assert ConfirmationRequest.objects.get(owner=world.alice).fiscal_year == 2026


def test_contacts_confirmed_this_fiscal_year_are_left_alone(world):
    Contact.objects.update(last_confirmed_on=datetime.date(2026, 4, 1))
    assert contacts_request_confirmation(today=TODAY) == 0
    assert mail.outbox == []


def test_running_twice_the_same_day_does_not_send_twice(world):
    contacts_request_confirmation(today=TODAY)
    assert contacts_request_confirmation(today=TODAY) == 0
    assert len(mail.outbox) == 4
    # A later reminder goes out again.
    assert contacts_request_confirmation(today=TODAY + datetime.timedelta(days=30)) == 4


def test_the_command_sends_the_requests(world):
    call_command("contacts_request_confirmation", "--today", "2026-05-11")
    assert len(mail.outbox) == 4
    call_command("contacts_request_confirmation", "--today", "2026-05-11")
    assert len(mail.outbox) == 4


def test_orphan_contacts_go_to_the_organisations_admins(world):
    Contact.objects.filter(pk=world.bob_contact.pk).update(owner=None)
    staff_only = UserFactory()
    Staff.objects.create(user=staff_only, organisation=world.bob_org, role=Staff.Role.STAFF)
    contacts_request_confirmation(today=TODAY)
    to_bob = [m for m in mail.outbox if m.to == ["bob@example.jp"]]
    assert len(to_bob) == 1 and "南砺 二郎" in to_bob[0].body
    assert not [m for m in mail.outbox if m.to == [staff_only.email]]


def test_the_link_shows_a_button_then_confirms_every_listed_contact(client, world):
    extra = ContactFactory(organisation=world.alice_org, owner=world.alice, last_confirmed_on=None)
    contacts_request_confirmation(today=TODAY)
    link = _link(next(m for m in mail.outbox if m.to == ["alice@example.jp"]))
    page = client.get("/en" + link)
    assert page.status_code == 200
    assert "Yes, they are all current" in page.content.decode()
    world.alice_contact.refresh_from_db()
    assert world.alice_contact.last_confirmed_on == datetime.date(2026, 3, 31)  # GET changes nothing
    response = client.post("/en" + link)
    assert "2 contacts are confirmed as current." in response.content.decode()
    for contact in (world.alice_contact, extra):
        contact.refresh_from_db()
        assert contact.is_confirmed_this_year()
    assert world.alice_contact.history.first().history_user == world.alice
    world.bob_contact.refresh_from_db()
    assert world.bob_contact.last_confirmed_on == datetime.date(2026, 3, 31)


def test_a_contact_handed_over_since_is_left_to_its_new_owner(client, world):
    token = confirmation_token_make(owner=world.alice, contact_ids=[world.alice_contact.pk])
    Contact.objects.filter(pk=world.alice_contact.pk).update(owner=world.bob)
    client.post(f"/en/organisations/contacts/confirm/{token}/")
    world.alice_contact.refresh_from_db()
    assert world.alice_contact.last_confirmed_on == datetime.date(2026, 3, 31)


def test_a_forged_or_expired_link_changes_nothing(client, world):
    forged = signing.dumps({"u": world.alice.pk, "c": [world.bob_contact.pk]}, salt="another purpose")
    response = client.post(f"/en/organisations/contacts/confirm/{forged}/")
    assert response.status_code == 410
    assert "This link can no longer be used" in response.content.decode()
    token = confirmation_token_make(owner=world.alice, contact_ids=[world.alice_contact.pk])
    sixty_one_days_later = time.time() + 61 * 86400
    with mock.patch("django.core.signing.time.time", return_value=sixty_one_days_later):
        response = client.post(f"/en/organisations/contacts/confirm/{token}/")
    assert response.status_code == 410
    world.alice_contact.refresh_from_db()
    assert world.alice_contact.last_confirmed_on == datetime.date(2026, 3, 31)
