"""The contacts pages of an organisation: list, add, edit, delete, history, confirm."""

import datetime

import pytest
from django.utils import timezone

from renkei.organisations.models import Contact, Staff
from renkei.testing import ContactFactory, UserFactory, build_world

pytestmark = pytest.mark.django_db

VALID = {
    "person_name": "松原 五郎",
    "person_name_kana": "まつばら ごろう",
    "department": "企画政策課",
    "title": "係長",
    "email": "goro@matsubara.example.jp",
    "phone": "072-000-0000",
    "language": "ja",
}


@pytest.fixture
def world():
    return build_world()


def _url(world, suffix=""):
    # English pages, so the assertions hold whatever the Japanese catalogue says.
    return f"/en/organisations/{world.alice_org.pk}/contacts/{suffix}"


def test_it_lists_the_contacts_with_owner_and_last_confirmed(client, world):
    client.force_login(world.alice)
    html = client.get(_url(world)).content.decode()
    assert "松原 一郎" in html and "ichiro@matsubara.example.jp" in html
    assert "松原 アリス" in html  # owner
    assert "Primary" in html
    assert "To confirm" in html  # never confirmed


def test_list_query_count_does_not_grow(client, world):
    client.force_login(world.alice)
    client.get(_url(world))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        client.get(_url(world))
    ContactFactory.create_batch(20, organisation=world.alice_org, owner=world.alice)
    with CaptureQueriesContext(connection) as large:
        client.get(_url(world))
    assert len(large) == len(small)


def test_it_adds_a_contact_owned_by_its_creator_and_confirmed_today(client, world):
    client.force_login(world.alice)
    response = client.post(_url(world, "new/"), VALID)
    assert response.status_code == 302
    contact = Contact.objects.get(email="goro@matsubara.example.jp")
    assert contact.owner == world.alice
    assert contact.last_confirmed_on == timezone.localdate()
    assert contact.history.get().history_user == world.alice


def test_a_new_primary_contact_takes_the_mark_from_the_old_one(client, world):
    client.force_login(world.alice)
    response = client.post(_url(world, "new/"), {**VALID, "is_primary": "on"})
    assert response.status_code == 302
    world.alice_contact.refresh_from_db()
    assert not world.alice_contact.is_primary
    assert Contact.objects.get(email=VALID["email"]).is_primary


def test_bad_input_is_refused_and_nothing_changes(client, world):
    client.force_login(world.alice)
    response = client.post(_url(world, "new/"), {**VALID, "email": "ichiro@matsubara.example.jp", "person_name": ""})
    html = response.content.decode()
    assert response.status_code == 400
    assert "already has a contact with this email" in html
    assert html.count('aria-invalid="true"') == 2
    assert Contact.objects.filter(organisation=world.alice_org).count() == 1


def test_the_owner_must_be_a_colleague(client, world):
    client.force_login(world.alice)
    response = client.post(_url(world, "new/"), {**VALID, "owner": world.charlie.pk})
    assert response.status_code == 400
    assert not Contact.objects.filter(email=VALID["email"]).exists()


def test_it_edits_a_contact_and_records_the_change(client, world):
    client.force_login(world.alice)
    contact = world.alice_contact
    data = {
        **VALID,
        "email": contact.email,
        "person_name": contact.person_name,
        "is_primary": "on",
        "department": "秘書課",
        "owner": world.alice.pk,
    }
    response = client.post(_url(world, f"{contact.pk}/edit/"), data)
    assert response.status_code == 302
    contact.refresh_from_db()
    assert contact.department == "秘書課"
    html = client.get(_url(world, f"{contact.pk}/history/")).content.decode()
    assert "企画課 → 秘書課" in html
    assert "松原 アリス" in html  # who


def test_a_contact_can_choose_to_read_email_in_english(client, world):
    client.force_login(world.alice)
    contact = world.alice_contact
    form = client.get(_url(world, f"{contact.pk}/edit/")).content.decode()
    assert 'name="language"' in form and "Language for email" in form
    data = {**VALID, "email": contact.email, "person_name": contact.person_name, "language": "en"}
    assert client.post(_url(world, f"{contact.pk}/edit/"), data).status_code == 302
    contact.refresh_from_db()
    assert contact.language == "en"
    assert client.post(_url(world, f"{contact.pk}/edit/"), {**data, "language": "fr"}).status_code == 400
    contact.refresh_from_db()
    assert contact.language == "en"


def test_the_history_shows_owner_changes_by_name(client, world):
    colleague = UserFactory(name="松原 同僚")
    Staff.objects.create(user=colleague, organisation=world.alice_org)
    client.force_login(world.alice)
    client.post(_url(world, f"{world.alice_contact.pk}/handover/"), {"to_user": colleague.pk})
    html = client.get(_url(world, f"{world.alice_contact.pk}/history/")).content.decode()
    assert "松原 アリス → 松原 同僚" in html


def test_it_deletes_a_contact_after_asking(client, world):
    client.force_login(world.alice)
    contact = world.alice_contact
    assert "Delete the contact" in client.get(_url(world, f"{contact.pk}/delete/")).content.decode()
    assert client.post(_url(world, f"{contact.pk}/delete/")).status_code == 302
    assert not Contact.objects.filter(pk=contact.pk).exists()
    assert Contact.history.filter(id=contact.pk, history_type="-").get().history_user == world.alice


def test_confirm_all_marks_every_contact_current(client, world):
    Contact.objects.filter(pk=world.alice_contact.pk).update(last_confirmed_on=datetime.date(2020, 4, 1))
    client.force_login(world.alice)
    response = client.post(_url(world, "confirm/"), follow=True)
    world.alice_contact.refresh_from_db()
    assert world.alice_contact.last_confirmed_on == timezone.localdate()
    assert "1 contact confirmed as current." in response.content.decode()


def test_anonymous_is_sent_to_sign_in(client, world):
    for suffix in ("", "new/", f"{world.alice_contact.pk}/edit/", f"{world.alice_contact.pk}/history/"):
        response = client.get(_url(world, suffix))
        assert response.status_code == 302 and response["Location"].startswith("/en/accounts/login/")


@pytest.mark.parametrize("persona", ["charlie", "dave", "bob", "secretariat"])
def test_others_cannot_see_or_change_alices_contacts(client, world, persona):
    client.force_login(getattr(world, persona))
    contact = world.alice_contact
    for suffix in ("", "new/", f"{contact.pk}/edit/", f"{contact.pk}/history/", f"{contact.pk}/handover/"):
        assert client.get(_url(world, suffix)).status_code == 403
    assert client.post(_url(world, f"{contact.pk}/edit/"), {**VALID, "email": "x@example.jp"}).status_code == 403
    assert client.post(_url(world, f"{contact.pk}/delete/")).status_code == 403
    assert client.post(_url(world, "confirm/")).status_code == 403
    contact.refresh_from_db()
    assert contact.email == "ichiro@matsubara.example.jp"


def test_a_contact_of_another_organisation_is_not_found_through_mine(client, world):
    client.force_login(world.alice)
    assert client.get(_url(world, f"{world.charlie_contact.pk}/edit/")).status_code == 404
