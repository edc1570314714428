"""Per-kind delivery settings."""

import pytest

from renkei.notifications.models import Delivery, Kind, Preference

pytestmark = pytest.mark.django_db

SETTINGS = "/en/notifications/settings/"


def _form(**changes):
    data = {
        Kind.REPLY: Delivery.IMMEDIATE,
        Kind.INTEREST: Delivery.IMMEDIATE,
        Kind.PAMPHLET_ANSWER: Delivery.IMMEDIATE,
        Kind.MESSAGE: Delivery.IMMEDIATE,
        Kind.FOLLOWED_POST: Delivery.DIGEST,
    }
    data.update(changes)
    return {str(k): str(v) for k, v in data.items()}


def test_it_shows_the_defaults_and_saves_a_choice(client, world):
    client.force_login(world.bob)
    page = client.get(SETTINGS).content.decode()
    assert '<option value="digest" selected>In the daily digest</option>' in page
    response = client.post(SETTINGS, _form(followed_post=Delivery.IMMEDIATE, reply=Delivery.IN_APP), follow=True)
    assert "Your notification settings are saved." in response.content.decode()
    saved = dict(Preference.objects.filter(user=world.bob).values_list("kind", "delivery"))
    assert saved[Kind.FOLLOWED_POST] == Delivery.IMMEDIATE
    assert saved[Kind.REPLY] == Delivery.IN_APP
    assert '<option value="in_app" selected>Only here, under the bell</option>' in response.content.decode()


def test_a_bad_choice_is_refused_and_changes_nothing(client, world):
    client.force_login(world.bob)
    response = client.post(SETTINGS, _form(reply="pigeon"))
    assert response.status_code == 400
    assert "Select a valid choice." in response.content.decode()
    assert 'aria-invalid="true"' in response.content.decode()
    assert not Preference.objects.exists()


def test_settings_are_personal(client, world):
    Preference.objects.create(user=world.alice, kind=Kind.REPLY, delivery=Delivery.IN_APP)
    client.force_login(world.bob)
    assert '<option value="in_app" selected>' not in client.get(SETTINGS).content.decode()
    client.logout()
    assert client.get(SETTINGS)["Location"].startswith("/en/accounts/login/")
    assert client.post(SETTINGS, _form())["Location"].startswith("/en/accounts/login/")
    assert Preference.objects.count() == 1
