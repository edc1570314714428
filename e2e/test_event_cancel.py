"""Cancelling a whole event in a real browser: the organiser cancels, the page says so and registration closes."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from e2e.steps import activate_authenticator, check_page, sign_in_with_authenticator, text_in
from renkei.events.models import Event
from renkei.events.registration import Registrant, registration_create
from renkei.events.tests.factories import make_event
from renkei.testing import build_world

pytestmark = pytest.mark.e2e


@pytest.fixture
def world(registry):
    world = build_world()
    world.totp_secret = activate_authenticator(world.secretariat)
    return world


@pytest.fixture
def event(world):
    start = timezone.localtime().replace(hour=14, minute=0, second=0, microsecond=0) + datetime.timedelta(days=12)
    event = make_event(
        world.network,
        title="観光連携フォーラム",
        title_en="Tourism collaboration forum",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
        capacity=30,
    )
    registration_create(
        event=event,
        registrant=Registrant(name="松原 アリス", email=world.alice.email, user=world.alice),
        registered_by=world.alice,
    )
    return event


def test_the_organiser_cancels_the_event_and_its_page_shows_it_cancelled_with_registration_closed(
    page, screen, world, event
):
    sign_in_with_authenticator(page, screen, world.secretariat, world.totp_secret)
    page.goto(screen.path(f"/events/{event.pk}/manage/"))
    cancel_form = page.locator("form.cancel-form")
    expect(cancel_form.get_by_role("heading", name=text_in(screen, "Cancel the event"))).to_be_visible()
    check_page(page)

    cancel_form.get_by_label(text_in(screen, "Message to registrants (optional)")).fill(
        screen.text("台風の接近により中止します。", "Called off: a typhoon is coming.")
    )
    with page.expect_navigation():
        cancel_form.get_by_role("button", name=text_in(screen, "Cancel this event")).click()
    expect(page.locator(".messages")).to_be_visible()  # how many registrants are being told
    expect(page.get_by_text(text_in(screen, "This event is cancelled."))).to_be_visible()
    expect(page.locator("form.cancel-form")).to_have_count(0)  # nothing left to cancel
    check_page(page)

    # The event's page: marked cancelled, and the registration box says registration is closed.
    page.goto(screen.path(f"/events/{event.pk}/"))
    expect(page.get_by_role("note")).to_contain_text(text_in(screen, "This event has been cancelled."))
    registration = page.locator("#registration")
    expect(registration).to_contain_text(text_in(screen, "This event has been cancelled."))
    expect(registration.locator("button[type='submit']")).to_have_count(0)
    check_page(page)

    assert Event.objects.get(pk=event.pk).status == Event.Status.CANCELLED
    told = [message for message in mail.outbox if message.to == [world.alice.email]]
    assert told and any("台風" in m.body or "typhoon" in m.body for m in told)
