"""Registering for an event: who may, when, with which answers; the waiting list; the ticket; the API; reminders."""

import datetime

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from renkei.accounts.models import ApiToken
from renkei.events.models import Event, Registration, RegistrationQuestion
from renkei.events.registration import Registrant, registration_create
from renkei.events.tests.registration_helpers import colleague_of_alice, register_directly, upcoming_event
from renkei.events.versions import event_row_version, event_version
from renkei.lib.worklists import person_work
from renkei.testing import UserFactory, staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run what services do after the commit (emails), as a real request would."""

    def run():
        return django_capture_on_commit_callbacks(execute=True)

    return run


def _register_url(event, lang="ja"):
    with translation.override(lang):
        return reverse("events:register", args=[event.pk])


def _visitor(**overrides):
    return {
        "name": "山田 太郎",
        "name_kana": "ヤマダ タロウ",
        "email": "taro@example.jp",
        "organisation_name": "株式会社山田",
        "department": "営業部",
        **overrides,
    }


def _refresh(event) -> Event:
    event.refresh_from_db()
    return event


# --- Registering as a visitor --------------------------------------------------------------------


def test_a_visitor_registers_from_the_event_page_and_gets_a_ticket_and_an_email(client, world, commit):
    event = upcoming_event(world, capacity=10)
    page = client.get(reverse("events:detail", args=[event.pk])).content.decode()
    assert f'action="{_register_url(event)}"' in page
    assert 'for="id_email"' in page

    with commit():
        response = client.post(_register_url(event), _visitor())

    registration = Registration.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("events:ticket", args=[registration.ticket_code])
    assert (registration.status, registration.name, registration.organisation_name) == (
        "confirmed",
        "山田 太郎",
        "株式会社山田",
    )
    assert registration.language == "ja"
    assert _refresh(event).confirmed_count == 1
    [message] = mail.outbox
    assert message.to == ["taro@example.jp"]
    assert "防災セミナー" in message.subject
    assert registration.ticket_code in message.body
    [(filename, content, mimetype)] = message.attachments
    assert (filename, mimetype) == ("event.ics", "text/calendar")
    assert "BEGIN:VEVENT" in content


def test_an_english_visitor_gets_the_email_in_english(client, world, commit):
    event = upcoming_event(world)
    with commit():
        client.post(_register_url(event, "en"), _visitor())
    [message] = mail.outbox
    assert message.subject == "You are registered: Disaster prevention seminar"
    assert "/en/events/ticket/" in message.body
    assert Registration.objects.get().language == "en"


@pytest.mark.parametrize(
    "overrides, field",
    [({"email": "taro@example"}, "email"), ({"name": ""}, "name"), ({"email": ""}, "email")],
)
def test_bad_input_is_refused_with_an_error_and_nothing_is_written(client, world, commit, overrides, field):
    event = upcoming_event(world)
    with commit():
        response = client.post(_register_url(event, "en"), _visitor(**overrides))
    assert response.status_code == 400
    page = response.content.decode()
    assert 'class="errorlist"' in page
    assert f'id="id_{field}"' in page and 'aria-invalid="true"' in page
    assert not Registration.objects.exists()
    assert _refresh(event).confirmed_count == 0
    assert mail.outbox == []


def test_the_same_email_cannot_register_twice(client, world, commit):
    event = upcoming_event(world)
    with commit():
        client.post(_register_url(event), _visitor())
        response = client.post(_register_url(event, "en"), _visitor(email="Taro@Example.jp"))
    assert response.status_code == 400
    assert "taro@example.jp is already registered for this event." in response.content.decode()
    assert Registration.objects.count() == 1
    assert _refresh(event).confirmed_count == 1
    assert len(mail.outbox) == 1


def test_a_cancelled_person_may_register_again(client, world, commit):
    event = upcoming_event(world)
    register_directly(event, "山田 太郎", "taro@example.jp", status=Registration.Status.CANCELLED)
    with commit():
        response = client.post(_register_url(event), _visitor())
    assert response.status_code == 302
    assert Registration.objects.filter(status="confirmed").count() == 1


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"registration_closes_at_delta": -1}, "Registration for this event has closed."),
        ({"registration_opens_at_delta": 2}, "Registration opens on"),
        ({"status": Event.Status.CANCELLED}, "This event has been cancelled."),
        ({"registration_required": False}, None),
    ],
)
def test_registration_outside_its_time_is_refused_on_the_server(client, world, fields, message):
    fields = dict(fields)
    now = timezone.now()
    if "registration_closes_at_delta" in fields:
        fields["registration_closes_at"] = now + datetime.timedelta(hours=fields.pop("registration_closes_at_delta"))
    if "registration_opens_at_delta" in fields:
        fields["registration_opens_at"] = now + datetime.timedelta(days=fields.pop("registration_opens_at_delta"))
    event = upcoming_event(world, **fields)
    page = client.get(
        reverse("events:detail", args=[event.pk]) if event.status != "cancelled" else _register_url(event)
    )
    response = client.post(_register_url(event, "en"), _visitor())
    assert response.status_code == 400
    if message:
        assert message in response.content.decode()
    assert 'name="email"' not in response.content.decode()
    assert not Registration.objects.exists()
    assert page.status_code == 200


def test_an_event_that_has_ended_takes_no_registration(world):
    event = upcoming_event(world, days=-3)
    with pytest.raises(ValidationError, match="締め切りました"):
        registration_create(event=event, registrant=Registrant(name="山田", email="taro@example.jp"))
    assert not Registration.objects.exists()


def test_a_registration_writes_the_new_versions_once_before_the_commit_and_once_after(world, commit, monkeypatch):
    event = upcoming_event(world)
    before = event_version(event.pk)
    writes: list[set[str]] = []
    set_many = cache.set_many
    monkeypatch.setattr(cache, "set_many", lambda data, *a, **k: writes.append(set(data)) or set_many(data, *a, **k))
    with commit():
        registration_create(
            event=event,
            registrant=Registrant(name=world.alice.name, email=world.alice.email, user=world.alice),
            registered_by=world.alice,
        )
    # The event's pages and alice's home, written together before the commit and again after it.
    scopes = {f"generation:event:{event.pk}", f"generation:{person_work(world.alice.pk)}"}
    assert writes == [scopes, scopes]
    assert event_version(event.pk) != before


# --- Who may register -----------------------------------------------------------------------------


def test_a_signed_in_only_event_asks_visitors_to_sign_in(client, world):
    event = upcoming_event(world, registration_open_to=Event.OpenTo.SIGNED_IN)
    with translation.override("en"):
        page = client.get(reverse("events:detail", args=[event.pk])).content.decode()
    assert "Sign in to register for this event." in page
    assert 'name="email"' not in page
    assert client.post(_register_url(event), _visitor()).status_code == 403
    assert not Registration.objects.exists()


def test_a_signed_in_person_is_registered_under_their_account(client, world, commit):
    event = upcoming_event(world, registration_open_to=Event.OpenTo.SIGNED_IN)
    client.force_login(world.dave)
    form = client.get(_register_url(event)).content.decode()
    assert 'value="企画 デイブ"' in form  # their name, filled in
    with commit():
        response = client.post(
            _register_url(event), {"myself": "on", "name": "企画 デイブ", "organisation": world.company_org.pk}
        )
    registration = Registration.objects.get()
    assert response["Location"] == reverse("events:ticket", args=[registration.ticket_code])
    assert (registration.user, registration.email, registration.organisation) == (
        world.dave,
        "dave@example.jp",
        world.company_org,
    )
    assert registration.organisation_name == "株式会社地域企画"
    assert registration.registered_by == world.dave
    # The event page now shows their registration instead of the form.
    page = client.get(reverse("events:detail", args=[event.pk])).content.decode()
    assert reverse("events:ticket", args=[registration.ticket_code]) in page


@pytest.mark.parametrize(
    "persona, allowed", [("alice", True), ("bob", True), ("secretariat", True), ("charlie", False), ("dave", False)]
)
def test_a_members_event_takes_only_staff_of_members_or_the_secretariat(client, world, commit, persona, allowed):
    event = upcoming_event(world, registration_open_to=Event.OpenTo.MEMBERS)
    user = getattr(world, persona)
    client.force_login(user)
    with translation.override("en"):
        page = client.get(reverse("events:detail", args=[event.pk])).content.decode()
    assert ("Only members of" in page) is not allowed
    with commit():
        response = client.post(_register_url(event, "en"), {"myself": "on", "name": user.name})
    assert response.status_code == (302 if allowed else 403)
    assert Registration.objects.filter(user=user).exists() is allowed


def test_a_member_registers_colleagues_of_their_organisation(client, world, commit):
    event = upcoming_event(world, registration_open_to=Event.OpenTo.MEMBERS)
    hanako = colleague_of_alice(world)
    client.force_login(world.alice)
    form = client.get(_register_url(event)).content.decode()
    assert "hanako@matsubara.example.jp" in form
    assert "bob@example.jp" not in form  # another municipality's staff are not colleagues
    with commit():
        client.post(
            _register_url(event),
            {"myself": "on", "name": world.alice.name, "organisation": world.alice_org.pk, "colleagues": [hanako.pk]},
        )
    registrations = {r.email: r for r in Registration.objects.all()}
    assert set(registrations) == {"alice@example.jp", "hanako@matsubara.example.jp"}
    assert registrations["hanako@matsubara.example.jp"].registered_by == world.alice
    assert registrations["hanako@matsubara.example.jp"].organisation == world.alice_org
    assert registrations["hanako@matsubara.example.jp"].user == hanako
    assert sorted(m.to[0] for m in mail.outbox) == ["alice@example.jp", "hanako@matsubara.example.jp"]
    assert _refresh(event).confirmed_count == 2


def test_someone_else_s_staff_cannot_be_registered_as_a_colleague(client, world, commit):
    event = upcoming_event(world)
    client.force_login(world.alice)
    with commit():
        response = client.post(_register_url(event), {"myself": "on", "name": "松原", "colleagues": [world.bob.pk]})
    assert response.status_code == 400
    assert not Registration.objects.exists()
    assert mail.outbox == []


def test_registering_a_colleague_already_registered_writes_nobody(client, world, commit):
    event = upcoming_event(world)
    hanako = colleague_of_alice(world)
    register_directly(event, "松原 花子", "hanako@matsubara.example.jp")
    client.force_login(world.alice)
    with commit():
        response = client.post(_register_url(event, "en"), {"myself": "on", "name": "松原", "colleagues": [hanako.pk]})
    assert response.status_code == 400
    assert "hanako@matsubara.example.jp is already registered for this event." in response.content.decode()
    assert Registration.objects.count() == 1
    assert _refresh(event).confirmed_count == 1


# --- Questions ------------------------------------------------------------------------------------


@pytest.fixture
def questions(world):
    event = upcoming_event(world)
    q = {
        "choice": RegistrationQuestion.objects.create(
            event=event,
            order=1,
            kind="choice",
            label_ja="参加方法",
            label="参加方法",
            choices="会場\nオンライン",
            required=True,
        ),
        "number": RegistrationQuestion.objects.create(event=event, order=2, kind="number", label="参加人数"),
        "consent": RegistrationQuestion.objects.create(
            event=event, order=3, kind="consent", label="個人情報の取扱いに同意します", required=True
        ),
        "text": RegistrationQuestion.objects.create(event=event, order=4, kind="text", label="質問"),
    }
    return event, q


def test_answers_are_checked_by_the_kind_of_question(client, world, questions):
    event, q = questions
    response = client.post(
        _register_url(event, "en"),
        _visitor(**{f"q_{q['choice'].pk}": "電話", f"q_{q['number'].pk}": "二人"}),
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Choose one of the options." in page
    assert "Enter a number." in page
    assert "Tick the box to agree: registration needs it." in page
    assert not Registration.objects.exists()


def test_valid_answers_are_kept_with_the_registration(client, world, questions, commit):
    event, q = questions
    with commit():
        client.post(
            _register_url(event),
            _visitor(
                **{
                    f"q_{q['choice'].pk}": "オンライン",
                    f"q_{q['number'].pk}": "2",
                    f"q_{q['consent'].pk}": "on",
                    f"q_{q['text'].pk}": "資料はありますか",
                }
            ),
        )
    answers = Registration.objects.get().answers
    assert answers == {
        str(q["choice"].pk): "オンライン",
        str(q["number"].pk): 2,
        str(q["consent"].pk): True,
        str(q["text"].pk): "資料はありますか",
    }


# --- Capacity, waiting list, ticket, cancelling ----------------------------------------------------------


def test_a_full_event_without_a_waiting_list_refuses(client, world):
    event = upcoming_event(world, capacity=1, waiting_list=False)
    register_directly(event, "先着", "first@example.jp")
    response = client.post(_register_url(event, "en"), _visitor())
    assert response.status_code == 400
    assert "This event is full." in response.content.decode()
    assert Registration.objects.count() == 1


def test_a_full_event_puts_people_on_the_waiting_list_in_order(client, world, commit):
    event = upcoming_event(world, capacity=1)
    register_directly(event, "先着", "first@example.jp")
    with commit():
        client.post(_register_url(event), _visitor(email="second@example.jp"))
        client.post(_register_url(event, "en"), _visitor(email="third@example.jp"))
    second = Registration.objects.get(email="second@example.jp")
    third = Registration.objects.get(email="third@example.jp")
    assert (second.status, third.status) == ("waitlisted", "waitlisted")
    assert (_refresh(event).confirmed_count, event.waitlisted_count) == (1, 2)
    with translation.override("en"):
        page = client.get(reverse("events:ticket", args=[third.ticket_code])).content.decode()
    assert "You are number 2 on the waiting list." in page
    assert "<svg" not in page  # no QR code until the seat is confirmed
    assert mail.outbox[-1].subject == "You are on the waiting list: Disaster prevention seminar"
    assert mail.outbox[-1].attachments == []


def test_cancelling_from_the_ticket_promotes_the_first_on_the_waiting_list(client, world, commit):
    event = upcoming_event(world, capacity=1)
    first = register_directly(event, "先着", "first@example.jp")
    second = register_directly(event, "二番", "second@example.jp", status="waitlisted")
    third = register_directly(event, "三番", "third@example.jp", status="waitlisted")
    with translation.override("en"):
        ticket = reverse("events:ticket", args=[first.ticket_code])
        page = client.get(ticket).content.decode()
        assert "Your seat is confirmed." in page
        assert 'role="img"' in page and "<svg" in page  # the QR code, drawn on the page
        with commit():
            response = client.post(reverse("events:ticket_cancel", args=[first.ticket_code]))
        assert response["Location"] == ticket
        assert "This registration was cancelled" in client.get(ticket).content.decode()
        assert "Cancel my registration" not in client.get(ticket).content.decode()
    first.refresh_from_db()
    second.refresh_from_db()
    third.refresh_from_db()
    assert (first.status, second.status, third.status) == ("cancelled", "confirmed", "waitlisted")
    assert first.cancelled_at is not None
    assert (_refresh(event).confirmed_count, event.waitlisted_count) == (1, 1)
    promoted = [m for m in mail.outbox if m.to == ["second@example.jp"]]
    assert len(promoted) == 1 and promoted[0].attachments[0][2] == "text/calendar"
    assert [m.to for m in mail.outbox if m.to == ["third@example.jp"]] == []
    # Cancelling again changes nothing.
    with commit():
        client.post(reverse("events:ticket_cancel", args=[first.ticket_code]))
    assert Registration.objects.filter(status="confirmed").count() == 1


def test_cancelling_after_the_event_is_refused(client, world):
    event = upcoming_event(world, days=-2)
    registration = register_directly(event, "先着", "first@example.jp")
    client.post(reverse("events:ticket_cancel", args=[registration.ticket_code]))
    registration.refresh_from_db()
    assert registration.status == "confirmed"


def test_an_unknown_ticket_is_not_found(client, world):
    assert client.get(reverse("events:ticket", args=["no-such-code"])).status_code == 404
    assert client.post(reverse("events:ticket_cancel", args=["no-such-code"])).status_code == 404


def test_the_online_link_shows_only_to_the_confirmed_shortly_before_the_start(client, world):
    url = "https://meet.example.jp/top-live"
    soon = timezone.now() + datetime.timedelta(minutes=30)
    event = upcoming_event(world, format=Event.Format.ONLINE, online_url=url, venue_ja="", capacity=1)
    event.starts_at, event.ends_at = soon, soon + datetime.timedelta(hours=1)
    event.save()
    confirmed = register_directly(event, "先着", "first@example.jp")
    waiting = register_directly(event, "二番", "second@example.jp", status="waitlisted")
    assert url in client.get(reverse("events:ticket", args=[confirmed.ticket_code])).content.decode()
    assert url not in client.get(reverse("events:ticket", args=[waiting.ticket_code])).content.decode()
    assert url not in client.get(reverse("events:detail", args=[event.pk])).content.decode()
    # Two hours before the start it is not shown yet (60 minutes by default).
    event.starts_at = timezone.now() + datetime.timedelta(hours=2)
    event.ends_at = event.starts_at + datetime.timedelta(hours=1)
    event.save()
    with translation.override("en"):
        page = client.get(reverse("events:ticket", args=[confirmed.ticket_code])).content.decode()
    assert url not in page
    assert "The online link appears here 60 minutes before the start." in page


def test_the_ticket_page_costs_the_same_queries_however_many_registrations(client, world, django_assert_num_queries):
    event = upcoming_event(world, capacity=1)
    register_directly(event, "先着", "first@example.jp")
    waiting = register_directly(event, "二番", "second@example.jp", status="waitlisted")
    url = reverse("events:ticket", args=[waiting.ticket_code])
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    for n in range(20):
        register_directly(event, f"人{n}", f"p{n}@example.jp", status="waitlisted")
    with django_assert_num_queries(len(small.captured_queries)):
        client.get(url)


# --- The API ----------------------------------------------------------------------------------------


def _ja(message: str) -> str:
    with translation.override("ja"):
        return translation.gettext(message)


def _api(event):
    return f"/api/v1/events/{event.pk}/registrations"


def test_the_api_registers_the_signed_in_person(client, world, commit):
    event = upcoming_event(world, capacity=1)
    client.force_login(world.alice)
    with commit():
        response = client.post(_api(event), {"department": "企画課"}, content_type="application/json")
    assert response.status_code == 201
    body = response.json()
    registration = Registration.objects.get()
    assert body == {
        "id": registration.pk,
        "status": "confirmed",
        "ticket_url": f"http://127.0.0.1:8000/events/ticket/{registration.ticket_code}/",
    }
    assert (registration.user, registration.department, registration.organisation) == (
        world.alice,
        "企画課",
        world.alice_org,
    )
    assert len(mail.outbox) == 1


def test_the_api_takes_a_bearer_token_and_waitlists_when_full(client, world):
    event = upcoming_event(world, capacity=1)
    register_directly(event, "先着", "first@example.jp")
    raw = ApiToken.generate()
    ApiToken.objects.create(user=world.bob, name="test", prefix=raw[:8], digest=ApiToken.hash(raw))
    response = client.post(_api(event), {}, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 201
    assert response.json()["status"] == "waitlisted"
    assert Registration.objects.get(email="bob@example.jp").status == "waitlisted"


def test_the_api_refuses_with_the_right_status(client, world):
    open_event = upcoming_event(world)
    members_only = upcoming_event(world, visibility=Event.Visibility.MEMBERS)
    closed = upcoming_event(world, registration_closes_at=timezone.now() - datetime.timedelta(hours=1))
    full = upcoming_event(world, capacity=1, waiting_list=False)
    register_directly(full, "先着", "first@example.jp")

    assert client.post(_api(open_event), {}, content_type="application/json").status_code == 401
    client.force_login(world.charlie)
    assert client.post(_api(members_only), {}, content_type="application/json").status_code == 404
    assert client.post(_api(open_event), {}, content_type="application/json").status_code == 201
    duplicate = client.post(_api(open_event), {}, content_type="application/json")
    assert duplicate.status_code == 409
    # The API answers in Japanese, the site's default language.
    assert duplicate.json()["detail"] == _ja("%(email)s is already registered for this event.") % {
        "email": "charlie@example.jp"
    }
    response = client.post(_api(closed), {}, content_type="application/json")
    assert (response.status_code, response.json()["detail"]) == (422, _ja("Registration for this event has closed."))
    response = client.post(_api(full), {}, content_type="application/json")
    assert (response.status_code, response.json()["detail"]) == (422, _ja("This event is full."))
    assert Registration.objects.filter(user=world.charlie).count() == 1


def test_the_api_checks_answers(client, world):
    event = upcoming_event(world)
    question = RegistrationQuestion.objects.create(event=event, kind="number", label="参加人数", required=True)
    client.force_login(world.alice)
    response = client.post(
        _api(event), {"answers": {str(question.pk): "many"}}, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 422
    assert response.json()["detail"] == {f"q_{question.pk}": [_ja("Enter a number.")]}
    assert not Registration.objects.exists()


# --- Reminders --------------------------------------------------------------------------------------


def test_reminders_go_once_to_the_confirmed_of_tomorrow_s_events(world):
    tomorrow = upcoming_event(world, days=1, capacity=1)
    later = upcoming_event(world, days=2, title="後日のセミナー")
    confirmed = register_directly(tomorrow, "先着", "first@example.jp", language="en")
    register_directly(tomorrow, "二番", "second@example.jp", status="waitlisted")
    register_directly(tomorrow, "取消", "gone@example.jp", status="cancelled")
    register_directly(later, "後日", "later@example.jp")

    call_command("send_event_reminders", stdout=open("/dev/null", "w"))  # noqa: SIM115
    [message] = mail.outbox
    assert message.to == ["first@example.jp"]
    assert message.subject == "Tomorrow: Disaster prevention seminar"
    assert message.attachments[0][2] == "text/calendar"
    confirmed.refresh_from_db()
    assert confirmed.reminded_at is not None

    call_command("send_event_reminders", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert len(mail.outbox) == 1


def test_a_colleague_user_without_a_name_is_registered_by_email(world, commit):
    event = upcoming_event(world)
    nameless = UserFactory(email="nameless@matsubara.example.jp", name="")
    staff(nameless, world.alice_org)
    with commit():
        registration = registration_create(
            event=event,
            registrant=Registrant(name=nameless.email, email=nameless.email, user=nameless),
            registered_by=world.alice,
        )
    assert registration.name == "nameless@matsubara.example.jp"


def test_the_api_refuses_a_session_request_without_the_csrf_token(world):
    from django.test import Client

    event = upcoming_event(world)
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(world.alice)
    response = browser.post(_api(event), {}, content_type="application/json")
    assert response.status_code == 403
    assert not Registration.objects.exists()


def test_raising_the_capacity_confirms_those_waiting_in_order(world, commit):
    from renkei.events.registration import waiting_list_promote

    event = upcoming_event(world, capacity=1)
    register_directly(event, "先着", "first@example.jp")
    second = register_directly(event, "二番", "second@example.jp", status="waitlisted")
    third = register_directly(event, "三番", "third@example.jp", status="waitlisted")
    register_directly(event, "四番", "fourth@example.jp", status="waitlisted")
    event.capacity = 3
    event.save(update_fields=["capacity"])
    with commit():
        promoted = waiting_list_promote(event=event)
    assert [r.pk for r in promoted] == [second.pk, third.pk]
    assert (_refresh(event).confirmed_count, event.waitlisted_count) == (3, 1)
    assert sorted(m.to[0] for m in mail.outbox) == ["second@example.jp", "third@example.jp"]


# --- What registering reads, kept ------------------------------------------------------------------


def test_registering_keeps_the_row_it_read_but_moves_the_event_s_pages(client, world, commit):
    event = upcoming_event(world, capacity=10)
    client.post(_register_url(event), _visitor())
    row, pages = event_row_version(event.pk), event_version(event.pk)
    with commit():
        response = client.post(_register_url(event), _visitor(email="jiro@example.jp"))
    assert response.status_code == 302
    # The next person reads the event from memory, while its pages show the new registrant.
    assert event_row_version(event.pk) == row
    assert event_version(event.pk) != pages


def test_a_question_added_after_people_registered_is_asked_of_the_next(client, world, commit):
    event = upcoming_event(world, capacity=10)
    with commit():
        assert client.post(_register_url(event, "en"), _visitor()).status_code == 302
    question = RegistrationQuestion.objects.create(
        event=event, order=1, kind="consent", label="個人情報の取扱いに同意します", required=True
    )
    response = client.post(_register_url(event, "en"), _visitor(email="jiro@example.jp"))
    assert response.status_code == 400
    assert "Tick the box to agree: registration needs it." in response.content.decode()
    with commit():
        response = client.post(
            _register_url(event, "en"), _visitor(email="jiro@example.jp", **{f"q_{question.pk}": "on"})
        )
    assert response.status_code == 302
    assert Registration.objects.get(email="jiro@example.jp").answers == {str(question.pk): True}


def test_closing_registration_refuses_the_next_person_at_once(client, world, commit):
    event = upcoming_event(world, capacity=10)
    with commit():
        assert client.post(_register_url(event, "en"), _visitor()).status_code == 302
    event.registration_closes_at = timezone.now() - datetime.timedelta(minutes=1)
    event.save()
    response = client.post(_register_url(event, "en"), _visitor(email="jiro@example.jp"))
    assert response.status_code == 400
    assert "Registration for this event has closed." in response.content.decode()
    assert Registration.objects.count() == 1


def test_a_form_sent_back_to_be_put_right_still_offers_organisations_and_colleagues(client, world, questions):
    event, _questions = questions
    colleague_of_alice(world)
    client.force_login(world.alice)
    # Only herself, no organisation chosen, and the required answers missing.
    response = client.post(_register_url(event, "en"), {"myself": "on", "name": world.alice.name})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Tick the box to agree: registration needs it." in page
    assert f'<option value="{world.alice_org.pk}"' in page
    assert "hanako@matsubara.example.jp" in page
    assert not Registration.objects.exists()
