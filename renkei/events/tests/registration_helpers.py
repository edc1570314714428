"""What the registration tests share: an upcoming event, a colleague of Alice, registrations written directly."""

import datetime

from django.utils import timezone

from renkei.events.models import Event, Registration
from renkei.events.tests.factories import make_event
from renkei.testing import UserFactory, staff


def upcoming_event(world, *, days=7, **fields) -> Event:
    """A published public event of the world's network in ``days`` days, 14:00–16:00 Tokyo time."""
    start = timezone.localtime().replace(hour=14, minute=0, second=0, microsecond=0) + datetime.timedelta(days=days)
    fields.setdefault("title_en", "Disaster prevention seminar")
    return make_event(
        world.network,
        title=fields.pop("title", "防災セミナー"),
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
        **fields,
    )


def colleague_of_alice(world, email="hanako@matsubara.example.jp", name="松原 花子"):
    user = UserFactory(email=email, name=name)
    staff(user, world.alice_org)
    return user


def register_directly(event, name, email, *, status=Registration.Status.CONFIRMED, user=None, **fields) -> Registration:
    """A registration written straight to the database (counts kept in step), for tests that start from one."""
    registration = Registration.objects.create(event=event, name=name, email=email, status=status, user=user, **fields)
    if status == Registration.Status.CONFIRMED:
        event.confirmed_count += 1
    elif status == Registration.Status.WAITLISTED:
        event.waitlisted_count += 1
    event.save(update_fields=["confirmed_count", "waitlisted_count"])
    return registration
