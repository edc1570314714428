"""The event's page and its registrants are kept rendered, yet every change shows at once."""

import pytest

from renkei.events.models import ProgrammePart, SessionQuestion
from renkei.events.registration import Registrant, registration_cancel, registration_create
from renkei.events.services import event_cancel
from renkei.events.tests.registration_helpers import upcoming_event
from renkei.testing import login_with_second_factor

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(world):
    return upcoming_event(world, capacity=2)


@pytest.fixture
def organiser(client, world):
    login_with_second_factor(client, world.secretariat)
    return client


def _page(client, event, lang: str = "") -> str:
    response = client.get(f"{lang}/events/{event.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def _register(world, event, user):
    return registration_create(
        event=event, registrant=Registrant(name=user.name, email=user.email, user=user), registered_by=user
    )


def test_the_registrant_sees_their_own_registration_at_once_and_others_do_not(client, world, event):
    client.force_login(world.alice)
    assert "You are registered." not in _page(client, event, "/en")
    registration = _register(world, event, world.alice)
    page = _page(client, event, "/en")
    assert "You are registered." in page and registration.ticket_code in page
    client.force_login(world.bob)  # the same page, kept per reader: Bob's has no ticket of Alice's
    page = _page(client, event, "/en")
    assert registration.ticket_code not in page and "You are registered." not in page
    client.force_login(world.alice)
    registration_cancel(registration=registration)
    assert "You are registered." not in _page(client, event, "/en")


def test_a_kept_page_carries_the_reader_s_own_csrf_token(client, world, event):
    client.force_login(world.alice)
    _page(client, event)
    client.cookies.pop("csrftoken", None)  # a new browser session of the same person
    page = _page(client, event)
    assert "csrf-placeholder" not in page
    assert 'name="csrfmiddlewaretoken"' in page


def test_the_programme_a_question_and_cancelling_show_at_once(client, world, event):
    client.force_login(world.alice)
    _page(client, event)
    ProgrammePart.objects.create(event=event, title="第1部 講演", title_ja="第1部 講演")
    SessionQuestion.objects.create(event=event, text="質疑の時間は十分にありますか")
    page = _page(client, event)
    assert "第1部 講演" in page and "質疑の時間は十分にありますか" in page
    event_cancel(event=event, message="")
    assert "This event has been cancelled." in _page(client, event, "/en")


def test_a_second_view_reads_nothing_from_the_database(organiser, world, event, django_assert_num_queries):
    for user in (world.alice, world.bob):
        _register(world, event, user)
    _page(organiser, event)
    _page(organiser, event)  # the network, read once into its own cache
    with django_assert_num_queries(0):
        _page(organiser, event)
    registrants = f"/events/{event.pk}/manage/registrants/"
    organiser.get(registrants)
    with django_assert_num_queries(0):  # the second factor is the audience's; figures and rows are kept
        assert world.bob.email in organiser.get(registrants).content.decode()
