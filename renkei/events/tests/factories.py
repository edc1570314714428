"""Events for tests: ``make_event(world, …)`` with sensible defaults, in Tokyo time."""

import datetime

from django.utils import timezone

from renkei.events.models import Event


def tokyo(year, month, day, hour=0, minute=0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(year, month, day, hour, minute))


def make_event(network, *, title="全国連携講演会", starts_at=None, ends_at=None, **fields) -> Event:
    """A published, public, in-person event of ``network`` (12 August 2025, 14:00–16:30 unless told)."""
    starts_at = starts_at or tokyo(2025, 8, 12, 14)
    ends_at = ends_at or starts_at + datetime.timedelta(hours=2, minutes=30)
    fields.setdefault("kind", Event.Kind.LECTURE)
    fields.setdefault("venue_ja", "ベルサール神保町")
    fields.setdefault("title_en", "")
    return Event.objects.create(
        network=network, title=title, title_ja=title, starts_at=starts_at, ends_at=ends_at, **fields
    )
