"""The admin for organisations (with English fields and staff), contacts with history, invitations."""

import pytest

from renkei.organisations.services import invitation_create
from renkei.testing import build_world

pytestmark = pytest.mark.django_db


def test_the_admin_pages_open(admin_client):
    world = build_world()
    invitation = invitation_create(organisation=world.alice_org, email="new@example.jp")
    organisation_page = admin_client.get(f"/en/admin/organisations/organisation/{world.alice_org.pk}/change/")
    html = organisation_page.content.decode()
    assert 'name="name_ja"' in html and 'name="name_en"' in html
    assert "alice@example.jp" in html or str(world.alice.pk) in html  # the staff inline
    assert admin_client.get(f"/en/admin/organisations/contact/{world.alice_contact.pk}/history/").status_code == 200
    assert "松原 一郎" in admin_client.get("/en/admin/organisations/contact/").content.decode()
    assert "new@example.jp" in admin_client.get("/en/admin/organisations/invitation/").content.decode()
    assert admin_client.get(f"/en/admin/organisations/invitation/{invitation.pk}/change/").status_code == 200
