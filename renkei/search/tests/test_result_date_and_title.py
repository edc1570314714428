"""A result shows the day it is about and its title in the reader's language only."""

import datetime

import pytest
from django.utils import timezone

from renkei.events.search import event_reindex
from renkei.events.tests.factories import make_event, tokyo
from renkei.search.models import SearchEntry
from renkei.testing import build_world

pytestmark = pytest.mark.django_db


def test_an_event_is_found_with_its_own_date_and_one_title(client):
    world = build_world()
    title_en = "Disaster prevention seminar"
    event = make_event(world.network, title="防災セミナー", title_en=title_en, starts_at=tokyo(2027, 1, 31, 14))
    event_reindex(event)
    entry = SearchEntry.objects.get(title="防災セミナー")
    assert entry.happens_on == datetime.date(2027, 1, 31)
    assert timezone.localdate(entry.updated_at) == timezone.localdate()  # indexed today; the page shows the event's day

    japanese = client.get("/search/", {"q": "防災"}).content.decode()
    assert "2027年1月31日（日）" in japanese
    assert "防災セミナー</a>" in japanese and "Disaster prevention seminar" not in japanese

    english = client.get("/en/search/", {"q": "Disaster"}).content.decode()
    assert "31 January 2027" in english
    assert "Disaster prevention seminar</a>" in english and "防災セミナー</a>" not in english
