"""Questions to the speakers: asking, voting (one vote each, toggled), ranking and moderation."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone, translation

from renkei.events.models import Event, Registration, SessionQuestion, SessionQuestionVote
from renkei.events.tests.factories import make_event
from renkei.testing import login_with_second_factor

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(world):
    start = timezone.now() + datetime.timedelta(days=3)
    event = make_event(
        world.network, title="首長TOP LIVE", starts_at=start, ends_at=start + datetime.timedelta(hours=1)
    )
    # Charlie (not a member) registered; Alice is a member; Dave (a company) did neither.
    Registration.objects.create(
        event=event, user=world.charlie, name="釜石 チャーリー", email="charlie@example.jp", status="confirmed"
    )
    return event


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_it_lets_a_registrant_ask_and_shows_the_question_on_the_event_page(client, world, event):
    client.force_login(world.charlie)
    response = client.post(reverse("events:qa_ask", args=[event.pk]), {"text": "観光DXの予算は？"}, follow=True)
    assert "観光DXの予算は？" in response.content.decode()
    assert SessionQuestion.objects.get(event=event).author == world.charlie


def test_it_lets_a_member_ask_without_registering(client, world, event):
    client.force_login(world.alice)
    client.post(reverse("events:qa_ask", args=[event.pk]), {"text": "連携の進め方は？"})
    assert SessionQuestion.objects.filter(event=event, author=world.alice).exists()


@pytest.mark.parametrize("who", ["dave", "anonymous"])
def test_it_refuses_questions_from_people_neither_registered_nor_members(client, world, event, who):
    if who != "anonymous":
        client.force_login(getattr(world, who))
    with translation.override("en"):
        response = client.post(reverse("events:qa_ask", args=[event.pk]), {"text": "質問"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 302
    assert not SessionQuestion.objects.exists()


def test_it_rejects_an_empty_question_with_a_translated_error(client, world, event):
    client.force_login(world.alice)
    response = client.post(
        reverse("events:qa_ask", args=[event.pk]).replace("/events/", "/en/events/", 1), {"text": "   "}
    )
    assert "This field is required." in _messages(response)
    assert not SessionQuestion.objects.exists()


def test_it_closes_questions_when_the_session_is_over(client, world):
    past = make_event(world.network, starts_at=timezone.now() - datetime.timedelta(days=2))
    client.force_login(world.alice)
    response = client.post(
        reverse("events:qa_ask", args=[past.pk]).replace("/events/", "/en/events/", 1), {"text": "Q"}
    )
    assert "Questions are closed: the session is over." in _messages(response)
    assert not SessionQuestion.objects.exists()


def test_it_counts_one_vote_per_person_and_takes_it_back_on_a_second_click(client, world, event):
    question = SessionQuestion.objects.create(event=event, author=world.alice, text="質問A")
    client.force_login(world.charlie)
    url = reverse("events:qa_vote", args=[event.pk, question.pk])
    client.post(url)
    question.refresh_from_db()
    assert question.vote_count == 1
    client.post(url)
    question.refresh_from_db()
    assert question.vote_count == 0
    assert not SessionQuestionVote.objects.exists()


def test_it_ranks_questions_by_votes_on_the_event_page(client, world, event):
    SessionQuestion.objects.create(event=event, text="少ない票の質問", vote_count=1)
    SessionQuestion.objects.create(event=event, text="多い票の質問", vote_count=5)
    SessionQuestion.objects.create(event=event, text="隠された質問", vote_count=9, hidden=True)
    page = client.get(reverse("events:detail", args=[event.pk])).content.decode()
    assert page.index("多い票の質問") < page.index("少ない票の質問")
    assert "隠された質問" not in page


def test_voting_answers_htmx_with_the_page_that_holds_the_box(client, world, event):
    question = SessionQuestion.objects.create(event=event, text="質問B")
    client.force_login(world.alice)
    response = client.post(reverse("events:qa_vote", args=[event.pk, question.pk]), HTTP_HX_REQUEST="true", follow=True)
    assert 'id="qa"' in response.content.decode()
    assert 'aria-pressed="true"' in response.content.decode()


def test_the_event_page_costs_the_same_queries_with_more_questions(client, world, event, django_assert_num_queries):
    client.force_login(world.alice)
    SessionQuestion.objects.create(event=event, text="一つ目")
    url = reverse("events:detail", args=[event.pk])
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from renkei.events.versions import event_changed

    event_changed(event.pk)  # the viewer's parts drawn afresh, as after any change
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(20):
        question = SessionQuestion.objects.create(event=event, text=f"質問{n}")
        SessionQuestionVote.objects.create(question=question, user=world.alice)
    with django_assert_num_queries(len(few)):
        page = client.get(url).content.decode()
    assert "質問19" in page  # new questions show at once, though the page's parts are cached


# --- The organisers' page ---------------------------------------------------------------------------


@pytest.mark.parametrize("who, status", [("anonymous", 403), ("alice", 403), ("charlie", 403), ("dave", 403)])
def test_the_manage_page_is_for_the_secretariat_only(client, world, event, who, status):
    if who != "anonymous":
        client.force_login(getattr(world, who))
    response = client.get(reverse("events:manage_qa", args=[event.pk]))
    assert response.status_code == status


def test_the_manage_page_needs_the_second_factor(client, world, event):
    client.force_login(world.secretariat)
    response = client.get(reverse("events:manage_qa", args=[event.pk]))
    assert response.status_code in (302, 403)
    SessionQuestion.objects.create(event=event, text="質問C")
    question = SessionQuestion.objects.get()
    response = client.post(reverse("events:manage_qa_moderate", args=[event.pk, question.pk]), {"action": "hide"})
    question.refresh_from_db()
    assert not question.hidden


def test_the_secretariat_hides_and_marks_answered_from_the_ranked_list(client, world, event):
    question = SessionQuestion.objects.create(event=event, author=world.charlie, text="質問D", vote_count=3)
    login_with_second_factor(client, world.secretariat)
    page = client.get(reverse("events:manage_qa", args=[event.pk]))
    assert "質問D" in page.content.decode() and world.charlie.name in page.content.decode()
    url = reverse("events:manage_qa_moderate", args=[event.pk, question.pk])
    client.post(url, {"action": "answered"})
    client.post(url, {"action": "hide"})
    question.refresh_from_db()
    assert question.hidden and question.answered_at is not None


def test_the_moderation_refuses_an_unknown_action_and_changes_nothing(client, world, event):
    question = SessionQuestion.objects.create(event=event, text="質問E")
    login_with_second_factor(client, world.secretariat)
    url = reverse("events:manage_qa_moderate", args=[event.pk, question.pk]).replace("/events/", "/en/events/", 1)
    response = client.post(url, {"action": "delete"})
    assert "Unknown action." in _messages(response)
    question.refresh_from_db()
    assert not question.hidden and question.answered_at is None


@pytest.mark.parametrize("who", ["alice", "charlie", "dave"])
def test_others_cannot_moderate(client, world, event, who):
    question = SessionQuestion.objects.create(event=event, text="質問F")
    client.force_login(getattr(world, who))
    response = client.post(reverse("events:manage_qa_moderate", args=[event.pk, question.pk]), {"action": "hide"})
    assert response.status_code == 403
    question.refresh_from_db()
    assert not question.hidden


def test_members_only_events_hide_their_questions_from_outsiders(client, world):
    event = make_event(
        world.network, visibility=Event.Visibility.MEMBERS, starts_at=timezone.now() + datetime.timedelta(days=1)
    )
    SessionQuestion.objects.create(event=event, text="会員だけの質問")
    client.force_login(world.dave)
    assert client.get(reverse("events:detail", args=[event.pk])).status_code == 404
    assert client.post(reverse("events:qa_ask", args=[event.pk]), {"text": "x"}).status_code == 404
