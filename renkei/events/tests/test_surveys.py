"""The survey after an event: editing, who may answer (once), results, charts, exports and sending."""

import datetime
import io

import openpyxl
import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from renkei.events.models import Registration, Survey, SurveyQuestion, SurveyResponse
from renkei.events.tests.factories import make_event
from renkei.testing import login_with_second_factor

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(world):
    start = timezone.now() - datetime.timedelta(days=1)
    return make_event(world.network, starts_at=start, ends_at=start + datetime.timedelta(hours=2))


@pytest.fixture
def survey(event):
    survey = Survey.objects.create(event=event, title="アンケート", title_ja="アンケート", anonymous=True)
    SurveyQuestion.objects.create(survey=survey, order=1, kind="rating", label="満足度", required=True)
    SurveyQuestion.objects.create(survey=survey, order=2, kind="single", label="形式", choices="会場\nオンライン")
    SurveyQuestion.objects.create(survey=survey, order=3, kind="text", label="ご意見")
    return survey


def attend(event, user, email, *, checked_in=True, language="ja") -> Registration:
    return Registration.objects.create(
        event=event,
        user=user,
        name=getattr(user, "name", "来場者"),
        email=email,
        status="confirmed",
        language=language,
        checked_in_at=timezone.now() if checked_in else None,
    )


def answers(survey, rating="5", single="会場", text="とても参考になった"):
    rating_q, single_q, text_q = survey.questions.all()
    return {f"q{rating_q.pk}": rating, f"q{single_q.pk}": single, f"q{text_q.pk}": text}


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def en(url: str) -> str:
    return "/en" + url


def test_a_checked_in_attendee_answers_once(client, world, event, survey):
    attend(event, world.alice, "alice@example.jp")
    client.force_login(world.alice)
    url = reverse("events:survey", args=[event.pk])
    client.post(url, answers(survey))
    assert SurveyResponse.objects.filter(survey=survey).count() == 1
    response = client.post(en(url), answers(survey, rating="1"))
    assert SurveyResponse.objects.filter(survey=survey).count() == 1
    assert "You have already answered this survey. Thank you." in response.content.decode()


def test_anonymous_responses_keep_no_name_but_still_stop_a_second_answer_by_ticket(client, world, event, survey):
    registration = attend(event, world.alice, "alice@example.jp")
    client.force_login(world.alice)
    client.post(reverse("events:survey", args=[event.pk]), answers(survey))
    assert SurveyResponse.objects.get().user is None
    client.logout()
    client.post(reverse("events:survey_ticket", args=[registration.ticket_code]), answers(survey))
    assert SurveyResponse.objects.count() == 1


def test_a_registrant_who_did_not_come_cannot_answer(client, world, event, survey):
    attend(event, world.bob, "bob@example.jp", checked_in=False)
    client.force_login(world.bob)
    response = client.get(en(reverse("events:survey", args=[event.pk])))
    assert response.status_code == 403
    assert "Only attendees of this event may answer its survey." in response.content.decode()
    client.post(reverse("events:survey", args=[event.pk]), answers(survey))
    assert not SurveyResponse.objects.exists()


def test_online_events_take_answers_from_every_confirmed_registrant(client, world, event, survey):
    event.format = "online"
    event.save()
    attend(event, world.bob, "bob@example.jp", checked_in=False)
    client.force_login(world.bob)
    client.post(reverse("events:survey", args=[event.pk]), answers(survey))
    assert SurveyResponse.objects.count() == 1


def test_a_missing_required_answer_is_refused_and_nothing_is_written(client, world, event, survey):
    attend(event, world.alice, "alice@example.jp")
    client.force_login(world.alice)
    response = client.post(en(reverse("events:survey", args=[event.pk])), answers(survey, rating=""))
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert not SurveyResponse.objects.exists()


def test_a_closed_survey_takes_no_answers(client, world, event, survey):
    survey.closes_at = timezone.now() - datetime.timedelta(minutes=1)
    survey.save()
    attend(event, world.alice, "alice@example.jp")
    client.force_login(world.alice)
    response = client.post(en(reverse("events:survey", args=[event.pk])), answers(survey))
    assert "The survey is closed." in response.content.decode()
    assert not SurveyResponse.objects.exists()


def _answered(client, world, event, survey):
    for n, (user, rating) in enumerate([(world.alice, "5"), (world.bob, "4"), (world.charlie, "5")]):
        attend(event, user, f"p{n}@example.jp")
        client.force_login(user)
        client.post(reverse("events:survey", args=[event.pk]), answers(survey, rating=rating))
    client.logout()


def test_results_show_charts_figures_average_and_comments_to_the_secretariat(client, world, event, survey):
    _answered(client, world, event, survey)
    login_with_second_factor(client, world.secretariat)
    page = client.get(en(reverse("events:manage_survey_results", args=[event.pk]))).content.decode()
    assert "<svg" in page and "2 (67%)" in page and "1 (33%)" in page
    assert "Average rating: 4.67 out of 5" in page
    assert page.count("とても参考になった") == 3


def test_results_stay_hidden_from_members_unless_the_survey_allows(client, world, event, survey):
    _answered(client, world, event, survey)
    client.force_login(world.alice)
    url = reverse("events:survey_results", args=[event.pk])
    assert client.get(url).status_code == 404
    survey.results_public = True
    survey.save()
    assert client.get(url).status_code == 200
    client.force_login(world.dave)  # a company, not a member
    assert client.get(url).status_code == 403
    client.logout()
    assert client.get(url).status_code == 403


def test_exports_hold_every_answer(client, world, event, survey):
    _answered(client, world, event, survey)
    login_with_second_factor(client, world.secretariat)
    csv = client.get(reverse("events:manage_survey_csv", args=[event.pk])).content.decode("utf-8-sig")
    assert csv.count("とても参考になった") == 3
    xlsx = client.get(reverse("events:manage_survey_xlsx", args=[event.pk])).content
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx)).active
    assert sheet.max_row == 4


def test_the_secretariat_creates_a_survey_with_questions(client, world, event):
    login_with_second_factor(client, world.secretariat)
    data = {
        "survey-title_ja": "事後アンケート",
        "survey-anonymous": "on",
        "questions-TOTAL_FORMS": "2",
        "questions-INITIAL_FORMS": "0",
        "questions-0-kind": "rating",
        "questions-0-label_ja": "満足度",
        "questions-1-kind": "multiple",
        "questions-1-label_ja": "関心のあるテーマ",
        "questions-1-choices": "観光\n防災\n",
    }
    response = client.post(reverse("events:manage_survey", args=[event.pk]), data)
    assert response.status_code == 302
    survey = Survey.objects.get(event=event)
    assert [q.label for q in survey.questions.all()] == ["満足度", "関心のあるテーマ"]


def test_a_choice_question_without_choices_saves_nothing(client, world, event):
    login_with_second_factor(client, world.secretariat)
    data = {
        "survey-title_ja": "事後アンケート",
        "questions-TOTAL_FORMS": "1",
        "questions-INITIAL_FORMS": "0",
        "questions-0-kind": "single",
        "questions-0-label_ja": "形式",
        "questions-0-choices": "会場",
    }
    response = client.post(en(reverse("events:manage_survey", args=[event.pk])), data)
    assert response.status_code == 400
    assert "A choice question needs at least two choices, one per line." in response.content.decode()
    assert not Survey.objects.exists()


def test_sending_emails_each_attendee_once_in_their_language(client, world, event, survey):
    attend(event, world.alice, "alice@example.jp")
    attend(event, world.bob, "bob@example.jp", language="en")
    attend(event, world.charlie, "charlie@example.jp", checked_in=False)
    login_with_second_factor(client, world.secretariat)
    url = reverse("events:manage_survey_send", args=[event.pk])
    client.post(url)
    client.post(url)
    assert sorted(m.to[0] for m in mail.outbox) == ["alice@example.jp", "bob@example.jp"]
    english = next(m for m in mail.outbox if m.to == ["bob@example.jp"])
    assert "/en/events/survey/ticket/" in english.body
    assert Registration.objects.exclude(survey_sent_at=None).count() == 2


def test_sending_before_the_event_is_over_is_refused(client, world, survey):
    start = timezone.now() + datetime.timedelta(days=2)
    upcoming = make_event(world.network, starts_at=start)
    survey.event = upcoming
    survey.save()
    attend(upcoming, world.alice, "alice@example.jp")
    login_with_second_factor(client, world.secretariat)
    response = client.post(en(reverse("events:manage_survey_send", args=[upcoming.pk])))
    assert "The survey can be sent once the event is over." in _messages(response)
    assert not mail.outbox


ORGANISER_VIEWS = ["manage_survey", "manage_survey_results", "manage_survey_csv", "manage_survey_xlsx"]


@pytest.mark.parametrize("view", ORGANISER_VIEWS)
@pytest.mark.parametrize("who", ["anonymous", "alice", "charlie", "dave", "secretariat_one_factor"])
def test_organiser_views_refuse_everyone_but_the_secretariat_with_two_factors(client, world, survey, view, who):
    if who == "secretariat_one_factor":
        client.force_login(world.secretariat)
    elif who != "anonymous":
        client.force_login(getattr(world, who))
    response = client.get(reverse(f"events:{view}", args=[survey.event.pk]))
    assert response.status_code in (302, 403)
    assert response.status_code == 403 or "/accounts/" in response["Location"]


@pytest.mark.parametrize("view", ORGANISER_VIEWS)
def test_organiser_views_open_for_the_secretariat(client, world, survey, view):
    login_with_second_factor(client, world.secretariat)
    assert client.get(reverse(f"events:{view}", args=[survey.event.pk])).status_code == 200


def test_send_is_refused_to_others(client, world, event, survey):
    attend(event, world.alice, "alice@example.jp")
    client.force_login(world.alice)
    assert client.post(reverse("events:manage_survey_send", args=[event.pk])).status_code == 403
    assert not mail.outbox


def test_results_page_costs_the_same_queries_with_more_responses(client, world, event, survey):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _answered(client, world, event, survey)
    login_with_second_factor(client, world.secretariat)
    url = reverse("events:manage_survey_results", args=[event.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    from renkei.events.services import survey_response_create

    for n in range(10):
        registration = attend(event, None, f"guest{n}@example.jp")
        survey_response_create(survey=survey, registration=registration, answers={})
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)
