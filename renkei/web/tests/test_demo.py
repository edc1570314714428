"""The demo data lets a visitor try the event screens today."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from renkei.events.models import Event
from renkei.web.demo import load_demo

pytestmark = pytest.mark.django_db


def test_the_demo_has_upcoming_events_to_register_for():
    load_demo()
    upcoming = list(Event.objects.visible_to(AnonymousUser()).filter(starts_at__gt=timezone.now()))
    # A small event for the waiting list, a large one, and the coming 地域共創セミナー.
    assert {2, 100} <= {event.capacity for event in upcoming}
    assert len(upcoming) > 2
    assert all(event.title_ja.startswith("【デモ】") for event in upcoming)
