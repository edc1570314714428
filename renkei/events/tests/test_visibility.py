"""An event's page opens exactly for those the calendar shows it to (the rule itself: web/tests/test_visibility.py)."""

import itertools

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client

from renkei.events.models import Event
from renkei.events.tests.factories import make_event
from renkei.networks.models import Membership

pytestmark = pytest.mark.django_db

PERSONAS = ["anonymous", "alice", "bob", "charlie", "dave", "secretariat"]


@pytest.fixture
def events(world):
    return [
        make_event(world.network, title=f"{status}-{visibility}", status=status, visibility=visibility)
        for status, visibility in itertools.product(Event.Status.values, Event.Visibility.values)
    ]


def _user(world, who):
    return AnonymousUser() if who == "anonymous" else getattr(world, who)


@pytest.mark.parametrize("who", PERSONAS)
def test_an_event_page_opens_exactly_for_those_the_calendar_shows_it_to(world, events, who):
    client = Client()
    if who != "anonymous":
        client.force_login(getattr(world, who))
    listed = set(Event.objects.visible_to(_user(world, who)).values_list("pk", flat=True))
    for event in events:
        status = client.get(f"/events/{event.pk}/").status_code
        assert status == (200 if event.pk in listed else 404), (event.title, status)


def test_leaving_the_network_closes_its_members_events_at_once(client, world, events):
    members_only = next(e for e in events if e.title == "published-members")
    client.force_login(world.alice)
    assert client.get(f"/events/{members_only.pk}/").status_code == 200
    membership = Membership.objects.get(network=world.network, organisation=world.alice_org)
    membership.status = Membership.Status.WITHDRAWN
    membership.save()
    assert client.get(f"/events/{members_only.pk}/").status_code == 404
