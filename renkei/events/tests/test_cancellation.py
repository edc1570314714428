"""The organiser cancels a whole event: marked everywhere, registration closed, everyone told in their language."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation
from icalendar import Calendar

from renkei.events.models import Event, Registration
from renkei.events.registration import Registrant, registration_cancel, registration_create
from renkei.events.services import event_update
from renkei.events.tests.registration_helpers import register_directly, upcoming_event
from renkei.testing import login_with_second_factor

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(world):
    event = upcoming_event(world, capacity=1)
    register_directly(event, "松原 アリス", "alice@example.jp", language="ja")
    register_directly(event, "Bob Smith", "bob@example.jp", status=Registration.Status.WAITLISTED, language="en")
    register_directly(event, "取消 太郎", "gone@example.jp", status=Registration.Status.CANCELLED)
    return event


@pytest.fixture
def organiser(client, world):
    login_with_second_factor(client, world.secretariat)
    return client


def _cancel(organiser, event, commit, message="会場の都合により中止します。"):
    with commit(execute=True):
        return organiser.post(reverse("events:manage_cancel", args=[event.pk]), {"message": message})


def test_cancelling_emails_every_registrant_and_waitlisted_person_in_their_language(
    organiser, event, django_capture_on_commit_callbacks
):
    response = _cancel(organiser, event, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.status == Event.Status.CANCELLED
    by_person = {message.to[0]: message for message in mail.outbox}
    assert set(by_person) == {"alice@example.jp", "bob@example.jp"}  # not the one who had cancelled
    japanese, english = by_person["alice@example.jp"], by_person["bob@example.jp"]
    assert "防災セミナー" in japanese.subject and "会場の都合により中止します。" in japanese.body
    assert "Disaster prevention seminar" not in japanese.subject + japanese.body
    assert english.subject == "Cancelled: Disaster prevention seminar"
    assert "has been cancelled" in english.body and "/en/events/" in english.body
    assert "会場の都合により中止します。" in english.body  # the organiser's own words, as written
    # The message was written when the (Japanese) form was sent, in that page's language.
    with translation.override("ja"):
        told = translation.ngettext(
            "The event is cancelled and stays on the calendar, marked so; %(count)s registrant is being emailed.",
            "The event is cancelled and stays on the calendar, marked so; %(count)s registrants are being emailed.",
            2,
        ) % {"count": 2}
    with translation.override("en"):
        page = organiser.get(f"/en/events/{event.pk}/manage/").content.decode()
    assert told in page and "2" in told
    assert "Cancel this event" not in page  # nothing left to cancel


def test_cancelling_twice_emails_nobody_again(organiser, event, django_capture_on_commit_callbacks):
    _cancel(organiser, event, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    _cancel(organiser, event, django_capture_on_commit_callbacks)
    assert mail.outbox == []


def test_a_too_long_message_is_refused_and_nothing_changes(organiser, event, django_capture_on_commit_callbacks):
    response = _cancel(organiser, event, django_capture_on_commit_callbacks, message="あ" * 2001)
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.status == Event.Status.PUBLISHED
    assert mail.outbox == []
    page = organiser.get(response.url).content.decode()
    assert "2000" in page  # the translated limit, shown as an error


def test_cancelling_through_the_status_field_tells_registrants_too(event, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        event_update(event=event, status=Event.Status.CANCELLED)
    assert sorted(message.to[0] for message in mail.outbox) == ["alice@example.jp", "bob@example.jp"]


def test_a_cancelled_event_is_marked_on_its_page_the_calendar_and_the_list(client, event):
    event.status = Event.Status.CANCELLED
    event.save()
    page = client.get(reverse("events:detail", args=[event.pk])).content.decode()
    assert "このイベントは中止になりました。" in page
    assert 'name="email"' not in page  # no registration form
    month = client.get(reverse("events:calendar"), {"month": event.local_starts_at.strftime("%Y-%m")})
    assert '防災セミナー</a> <span class="badge">中止</span>' in month.content.decode()
    listed = client.get(reverse("events:list")).content.decode()
    assert '防災セミナー</a> <span class="badge">中止</span>' in listed


def test_registration_is_closed_on_the_server_page_and_api(client, world, event):
    event.status = Event.Status.CANCELLED
    event.save()
    with pytest.raises(ValidationError) as refused:
        registration_create(event=event, registrant=Registrant(name="新規 花子", email="new@example.jp"))
    assert refused.value.code == "cancelled"
    response = client.post(reverse("events:register", args=[event.pk]), {"name": "新規 花子", "email": "n@example.jp"})
    assert response.status_code == 400
    client.force_login(world.bob)
    api = client.post(f"/api/v1/events/{event.pk}/registrations", content_type="application/json")
    assert api.status_code in (403, 422)
    assert Registration.objects.filter(event=event).count() == 3


def test_cancelling_one_s_own_registration_at_a_cancelled_event_promotes_nobody(event, world):
    event.status = Event.Status.CANCELLED
    event.save()
    alice = Registration.objects.get(email="alice@example.jp")
    promoted = registration_cancel(registration=alice, by_organiser=True)
    assert promoted == []
    assert Registration.objects.get(email="bob@example.jp").status == Registration.Status.WAITLISTED


def test_the_ticket_says_cancelled_and_offers_no_cancel_button(client, event):
    event.status = Event.Status.CANCELLED
    event.save()
    ticket = Registration.objects.get(email="alice@example.jp").ticket_code
    page = client.get(reverse("events:ticket", args=[ticket])).content.decode()
    assert "このイベントは中止になりました。" in page
    assert reverse("events:ticket_cancel", args=[ticket]) not in page


def test_feeds_and_the_event_ics_mark_it_cancelled(client, world, event):
    event.status = Event.Status.CANCELLED
    event.save()
    for url in (
        reverse("events:event_ics", args=[event.pk]),
        reverse("events:calendar_ics"),
        reverse("events:network_ics", args=[world.network.slug]),
    ):
        [item] = Calendar.from_ical(client.get(url).content).walk("VEVENT")
        assert item["status"] == "CANCELLED"


@pytest.mark.parametrize("persona", ["anonymous", "alice", "charlie", "dave"])
def test_only_the_secretariat_with_two_factors_may_cancel(client, world, event, persona):
    if persona != "anonymous":
        client.force_login(getattr(world, persona))
    response = client.post(reverse("events:manage_cancel", args=[event.pk]))
    assert response.status_code in (302, 403, 404)
    if response.status_code == 302:
        assert "/accounts/" in response.url
    event.refresh_from_db()
    assert event.status == Event.Status.PUBLISHED
    assert mail.outbox == []


def test_the_secretariat_without_the_second_factor_cannot_cancel(client, world, event):
    client.force_login(world.secretariat)
    client.post(reverse("events:manage_cancel", args=[event.pk]))
    event.refresh_from_db()
    assert event.status == Event.Status.PUBLISHED


# --- Links to calendars --------------------------------------------------------------------------


def test_the_event_page_links_its_ics(client, world):
    event = upcoming_event(world, registration_required=False)
    page = client.get(reverse("events:detail", args=[event.pk])).content.decode()
    ics = reverse("events:event_ics", args=[event.pk])
    assert f'<link rel="alternate" type="text/calendar" href="{ics}"' in page
    assert f'href="{ics}" class="ics-link"' in page


@pytest.mark.parametrize("view", ["events:calendar", "events:list"])
def test_calendar_pages_link_the_feeds_of_all_events_and_of_the_chosen_network(client, world, view):
    everything = reverse("events:calendar_ics")
    network = reverse("events:network_ics", args=[world.network.slug])
    page = client.get(reverse(view)).content.decode()
    assert f'<link rel="alternate" type="text/calendar" href="{everything}"' in page
    assert f'<a href="{everything}"' in page
    assert network not in page
    page = client.get(reverse(view), {"network": world.network.slug}).content.decode()
    assert f'<link rel="alternate" type="text/calendar" href="{network}"' in page
    assert f'<a href="{network}"' in page


def test_the_holder_confirms_before_cancelling(client, event):
    registration = Registration.objects.get(email="alice@example.jp")
    url = reverse("events:ticket_cancel", args=[registration.ticket_code])
    ticket = client.get(reverse("events:ticket", args=[registration.ticket_code])).content.decode()
    assert f'href="{url}"' in ticket and f'action="{url}"' not in ticket  # a link to confirm, not a one-click form
    page = client.get(url).content.decode()
    assert "の参加登録をキャンセルしますか？" in page and f'action="{url}"' in page
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED  # asking changes nothing
    client.post(url)
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CANCELLED


def test_once_checked_in_the_holder_cannot_cancel_but_the_organiser_can(client, event):
    registration = Registration.objects.get(email="alice@example.jp")
    Registration.objects.filter(pk=registration.pk).update(checked_in_at=timezone.now())
    url = reverse("events:ticket_cancel", args=[registration.ticket_code])
    assert url not in client.get(reverse("events:ticket", args=[registration.ticket_code])).content.decode()
    page = client.post(url, follow=True).content.decode()
    assert "受付済みのため、ご自身ではキャンセルできません。" in page
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED
    registration_cancel(registration=registration, by_organiser=True)
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CANCELLED
