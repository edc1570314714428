"""Public subscription: double opt-in through the emailed link, and one-click unsubscribe."""

import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from renkei.news.emails import UNSUBSCRIBE_SALT, address_token
from renkei.news.models import Subscriber, Unsubscribe

pytestmark = pytest.mark.django_db


def subscribe_url(slug="alliance"):
    return reverse("news:subscribe", kwargs={"slug": slug})


def confirm_link(message) -> str:
    return re.search(r"https?://[^/\s]+(/\S+/subscribe/confirm/\S+/)", message.body)[1]


def test_a_visitor_subscribes_and_confirms_by_the_emailed_link(client, world):
    response = client.post(subscribe_url(), {"email": "Reader@Example.com"})
    assert "open the link" in response.content.decode() or "リンク" in response.content.decode()
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING
    [message] = mail.outbox
    assert message.to == ["reader@example.com"]
    link = confirm_link(message)
    # Following the link (as a mail scanner would) asks first; the button confirms.
    assert client.get(link).status_code == 200
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING
    assert client.post(link).status_code == 200
    subscriber = Subscriber.objects.get()
    assert subscriber.status == Subscriber.Status.CONFIRMED and subscriber.language == "ja"


def test_an_english_visitor_gets_english_emails(client, world):
    with translation.override("en"):
        url = subscribe_url()
    client.post(url, {"email": "reader@example.com"})
    assert "confirm" in mail.outbox[0].subject.lower()
    assert "/en/networks/alliance/news/subscribe/confirm/" in mail.outbox[0].body
    assert Subscriber.objects.get().language == "en"


def test_bad_addresses_and_links_change_nothing(client, world, other_network):
    response = client.post(subscribe_url(), {"email": "not an address"})
    assert response.status_code == 400 and 'aria-invalid="true"' in response.content.decode()
    assert not Subscriber.objects.exists() and not mail.outbox
    client.post(subscribe_url(), {"email": "reader@example.com"})
    link = confirm_link(mail.outbox[0])
    token = link.rstrip("/").rsplit("/", 1)[1]
    assert client.post(link.replace(token, token[:-3] + "abc")).status_code == 400
    # A confirmation for one network does not subscribe to another.
    other = reverse("news:subscribe_confirm", kwargs={"slug": "project", "token": token})
    assert client.post(other).status_code == 400
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING


def test_an_expired_link_is_refused(client, world, settings, monkeypatch):
    client.post(subscribe_url(), {"email": "reader@example.com"})
    link = confirm_link(mail.outbox[0])
    monkeypatch.setattr("renkei.news.subscriptions.CONFIRM_MAX_AGE", -1)
    response = client.post(link)
    assert response.status_code == 400 and Subscriber.objects.get().status == Subscriber.Status.PENDING


def test_subscribing_again_sends_nothing_and_says_the_same(client, world):
    Subscriber.objects.create(network=world.network, email="reader@example.com", status=Subscriber.Status.CONFIRMED)
    response = client.post(subscribe_url(), {"email": "reader@example.com"})
    assert response.status_code == 200 and not mail.outbox


def test_one_click_unsubscribe_works_without_a_session_or_csrf(world):
    from django.test import Client

    Subscriber.objects.create(network=world.network, email="reader@example.com", status=Subscriber.Status.CONFIRMED)
    token = address_token(world.network.pk, "reader@example.com", salt=UNSUBSCRIBE_SALT)
    url = reverse("news:unsubscribe", kwargs={"slug": "alliance", "token": token})
    client = Client(enforce_csrf_checks=True)
    assert client.get(url).status_code == 200
    assert Subscriber.objects.get().status == Subscriber.Status.CONFIRMED  # GET only asks
    assert client.post(url, {"List-Unsubscribe": "One-Click"}).status_code == 200
    assert Subscriber.objects.get().status == Subscriber.Status.UNSUBSCRIBED
    assert Unsubscribe.objects.filter(network=world.network, email="reader@example.com").exists()


def test_a_forged_unsubscribe_link_changes_nothing(client, world):
    Subscriber.objects.create(network=world.network, email="reader@example.com", status=Subscriber.Status.CONFIRMED)
    token = address_token(world.network.pk, "reader@example.com", salt="something else")
    response = client.post(reverse("news:unsubscribe", kwargs={"slug": "alliance", "token": token}))
    assert response.status_code == 400
    assert Subscriber.objects.get().status == Subscriber.Status.CONFIRMED and not Unsubscribe.objects.exists()


def test_confirming_again_after_unsubscribing_lifts_the_unsubscribe(client, world):
    client.post(subscribe_url(), {"email": "reader@example.com"})
    link = confirm_link(mail.outbox[0])
    client.post(link)
    token = address_token(world.network.pk, "reader@example.com", salt=UNSUBSCRIBE_SALT)
    client.post(reverse("news:unsubscribe", kwargs={"slug": "alliance", "token": token}))
    client.post(subscribe_url(), {"email": "reader@example.com"})
    client.post(confirm_link(mail.outbox[-1]))
    assert Subscriber.objects.get().status == Subscriber.Status.CONFIRMED
    assert not Unsubscribe.objects.exists()
