"""Registering for an event in a real browser: the last seat, the waiting list, cancelling and moving up."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from e2e.browser import login
from e2e.steps import activate_authenticator, check_page, text_in
from renkei.events.models import Event, Registration
from renkei.events.tests.factories import make_event
from renkei.testing import PASSWORD, build_world

pytestmark = pytest.mark.e2e


@pytest.fixture
def world(registry):
    return build_world()


@pytest.fixture
def event(world):
    start = timezone.localtime().replace(hour=14, minute=0, second=0, microsecond=0) + datetime.timedelta(days=10)
    return make_event(
        world.network,
        title="防災まちづくりセミナー",
        title_en="Disaster-resilient towns seminar",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
        capacity=1,
        registration_open_to=Event.OpenTo.MEMBERS,
    )


def _register(page, screen, event):
    page.goto(screen.path(f"/events/{event.pk}/"))
    section = page.locator("#registration")
    expect(section.get_by_role("heading", name=text_in(screen, "Registration"))).to_be_visible()
    check_page(page)
    form = section.locator("form")
    expect(form.get_by_label(text_in(screen, "Name", context="person"), exact=True)).not_to_have_value("")
    with page.expect_navigation():
        form.locator("button[type='submit']").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(text_in(screen, "Your ticket"))


def test_a_member_takes_the_last_seat_another_waits_and_moves_up_when_the_first_cancels(
    page, page_at, screen, world, event
):
    # Alice takes the only seat; her ticket has the QR code to show at the door.
    login(page, world.alice.email, PASSWORD, lang=screen.lang)
    _register(page, screen, event)
    expect(page.locator(".ticket-status")).to_contain_text(text_in(screen, "Your seat is confirmed."))
    expect(page.get_by_role("img", name=text_in(screen, "QR code to show at the door"))).to_be_visible()
    check_page(page)

    # Bob finds the event full and joins the waiting list.
    bob = page_at(screen)
    login(bob, world.bob.email, PASSWORD, lang=screen.lang)
    bob.goto(screen.path(f"/events/{event.pk}/"))
    expect(
        bob.locator("#registration").get_by_role("button", name=text_in(screen, "Join the waiting list"))
    ).to_be_visible()
    _register(bob, screen, event)
    expect(bob.locator(".ticket-status")).to_contain_text(text_in(screen, "Waitlisted"))
    expect(bob.locator(".ticket-status")).to_contain_text(screen.text("1", "number 1"))
    check_page(bob)
    bob_ticket = bob.url

    # Alice cannot come after all and cancels from her ticket, once she has confirmed.
    with page.expect_navigation():
        page.get_by_role("link", name=text_in(screen, "Cancel my registration")).click()
    check_page(page)
    with page.expect_navigation():
        page.get_by_role("link", name=text_in(screen, "Keep my registration")).click()
    cancelled = text_in(screen, "Cancelled", context="registration status")
    expect(page.locator(".ticket-status")).not_to_contain_text(cancelled)
    with page.expect_navigation():
        page.get_by_role("link", name=text_in(screen, "Cancel my registration")).click()
    with page.expect_navigation():
        page.get_by_role("button", name=text_in(screen, "Yes, cancel my registration")).click()
    expect(page.locator(".ticket-status")).to_contain_text(cancelled)
    expect(page.get_by_role("link", name=text_in(screen, "Cancel my registration"))).to_have_count(0)
    check_page(page)

    # Bob moved up at once: his ticket now says Confirmed, and an email told him.
    bob.goto(bob_ticket)
    expect(bob.locator(".ticket-status")).to_contain_text(text_in(screen, "Confirmed"))
    expect(bob.get_by_role("img", name=text_in(screen, "QR code to show at the door"))).to_be_visible()
    check_page(bob)
    statuses = dict(Registration.objects.values_list("email", "status"))
    assert statuses == {world.alice.email: "cancelled", world.bob.email: "confirmed"}
    promoted = [m for m in mail.outbox if m.to == [world.bob.email]]
    assert len(promoted) == 2  # on the waiting list, then moved up
    assert promoted[-1].attachments[0][2] == "text/calendar"


@pytest.fixture
def organiser_world(world):
    world.totp_secret = activate_authenticator(world.secretariat)
    return world


def test_the_secretariat_sees_registrants_and_checks_people_in_at_the_door(page, screen, organiser_world, event):
    from e2e.steps import sign_in_with_authenticator
    from renkei.events.registration import Registrant, registration_create

    world = organiser_world
    alice = registration_create(
        event=event,
        registrant=Registrant(
            name="松原 アリス", name_kana="マツバラ アリス", email=world.alice.email, user=world.alice
        ),
        registered_by=world.alice,
    )
    sign_in_with_authenticator(page, screen, world.secretariat, world.totp_secret)

    page.goto(screen.path(f"/events/{event.pk}/manage/registrants/"))
    expect(page.get_by_role("heading", level=1)).to_have_text(text_in(screen, "Registrants"))
    expect(page.locator("main table")).to_contain_text("松原 アリス")
    check_page(page)

    with page.expect_navigation():
        page.locator("main .actions").get_by_role("link", name=text_in(screen, "Check-in at the door")).click()
    page.get_by_label(text_in(screen, "Name, kana or email")).fill("まつばら")
    row = page.locator(f"#checkin-{alice.pk}")
    expect(row).to_contain_text("松原 アリス")
    check_page(page)
    checked_in = page.locator("#registration-figures li").nth(3)
    expect(checked_in.locator("strong")).to_have_text("0")
    row.get_by_role("button").click()
    expect(page.locator(f"#checkin-{alice.pk}")).to_contain_text(
        text_in(screen, "Checked in", context="registration status")
    )
    # The counter follows at once, without reloading the page.
    expect(checked_in.locator("strong")).to_have_text("1")
    check_page(page)

    # Scanning her QR code again says when she came, and checks nobody in twice.
    page.goto(screen.path(f"/events/{event.pk}/checkin/{alice.ticket_code}/"))
    expect(page.locator(".checkin-result")).to_contain_text(
        # The sentence up to the time it gives: "松原 アリスさんは" / "松原 アリス was already checked in at".
        text_in(screen, "%(name)s was already checked in at %(moment)s.", name="松原 アリス", moment="\x00")
        .split("\x00")[0]
        .strip()
    )
    check_page(page)
