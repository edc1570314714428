"""An API write made with the session cookie carries the CSRF token; only a valid API token stands in for it.

The API used to skip its CSRF check whenever an `Authorization: Bearer …` header was present, so
another site could make a signed-in browser register its user with `Bearer junk`.
"""

import pytest
from django.test import Client
from django.utils import translation

from renkei.accounts.services import api_token_create
from renkei.events.models import Registration
from renkei.events.tests.registration_helpers import upcoming_event
from renkei.testing import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    with translation.override("ja"):
        return build_world()


@pytest.fixture
def browser(world):
    """Alice's browser: signed in with the session cookie, checked for CSRF as a real browser is."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.alice)
    return client


def _register(client, event, **headers):
    return client.post(f"/api/v1/events/{event.pk}/registrations", {}, content_type="application/json", headers=headers)


def test_a_session_registers_only_with_its_csrf_token_whatever_authorization_says(world, browser):
    event = upcoming_event(world)
    assert _register(browser, event, Authorization="Bearer junk").status_code == 403
    assert _register(browser, event).status_code == 403
    assert not Registration.objects.exists()
    browser.get(f"/events/{event.pk}/")  # the page sets the CSRF cookie, as a browser would get it
    token = browser.cookies["csrftoken"].value
    response = _register(browser, event, Authorization="Bearer junk", **{"X-CSRFToken": token})
    assert response.status_code == 201
    assert Registration.objects.get().user == world.alice


def test_only_a_valid_api_token_stands_in_for_the_csrf_token(world, browser):
    event = upcoming_event(world)
    assert _register(browser, event, Authorization="Bearer rk_not-a-real-token").status_code == 403
    _token, raw = api_token_create(user=world.bob, name="script")
    response = _register(Client(enforce_csrf_checks=True), event, Authorization=f"Bearer {raw}")
    assert response.status_code == 201
    assert Registration.objects.get().user == world.bob
