"""The demo data lets a visitor try the event screens today."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from renkei.events.models import Event
from renkei.web.demo import load_demo

pytestmark = pytest.mark.django_db


def test_the_demo_has_upcoming_events_to_register_for():
    load_demo()
    upcoming = Event.objects.visible_to(AnonymousUser()).filter(starts_at__gt=timezone.now())
    assert sorted(event.capacity for event in upcoming) == [2, 100]
    assert all(event.title_ja.startswith("【デモ】") for event in upcoming)
