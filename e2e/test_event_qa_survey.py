"""Questions to the speakers and the survey after the event, in a real browser.

A member asks a question and votes for another's; the secretariat marks it answered and the
event page says so. After the event, an attendee answers the survey and sees its chart.
"""

import datetime

import pytest
from django.utils import timezone, translation
from playwright.sync_api import expect

from e2e.browser import login
from e2e.steps import activate_authenticator, check_page, sign_in_with_authenticator, text_in
from renkei.events.models import Event, Registration, SessionQuestion, Survey, SurveyQuestion
from renkei.events.services import session_question_create
from renkei.events.tests.factories import make_event
from renkei.testing import PASSWORD, build_world

pytestmark = pytest.mark.e2e

BOB_QUESTION = "移住相談窓口の体制づくりについて伺いたいです。"
ALICE_QUESTION = "関係人口を増やした事例を教えてください。"


@pytest.fixture
def world(registry):
    world = build_world()
    world.totp_secret = activate_authenticator(world.secretariat)
    return world


@pytest.fixture
def upcoming(world):
    start = timezone.localtime().replace(hour=14, minute=0, second=0, microsecond=0) + datetime.timedelta(days=3)
    event = make_event(
        world.network,
        title="首長TOP LIVE 第4回",
        title_en="Mayors' TOP LIVE No. 4",
        kind=Event.Kind.TALK_SESSION,
        format=Event.Format.ONLINE,
        online_url="https://live.example.jp/room",
        venue_ja="",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=1),
        registration_open_to=Event.OpenTo.MEMBERS,
    )
    for user in (world.alice, world.bob):
        Registration.objects.create(event=event, user=user, name=user.name, email=user.email, status="confirmed")
    session_question_create(event=event, author=world.bob, text=BOB_QUESTION)
    return event


def _votes(screen, count: int) -> str:
    with translation.override(screen.lang):
        return translation.ngettext("%(counter)s vote", "%(counter)s votes", count) % {"counter": count}


def test_a_member_asks_and_votes_and_the_secretariat_marks_the_question_answered(
    page, page_at, screen, world, upcoming
):
    login(page, world.alice.email, PASSWORD, lang=screen.lang)
    page.goto(screen.path(f"/events/{upcoming.pk}/"))
    qa = page.locator("#qa")
    expect(qa.get_by_role("heading", name=text_in(screen, "Questions to the speakers"))).to_be_visible()
    expect(qa).to_contain_text(BOB_QUESTION)
    check_page(page)

    # Alice asks her own question.
    qa.get_by_label(text_in(screen, "Your question to the speakers")).fill(ALICE_QUESTION)
    with page.expect_navigation():
        qa.get_by_role("button", name=text_in(screen, "Send the question")).click()
    expect(page.locator(".message-success")).to_contain_text(text_in(screen, "Your question was sent to the speakers."))
    expect(page.locator("#qa")).to_contain_text(ALICE_QUESTION)
    check_page(page)

    # And votes for Bob's, which moves it up with one vote; the button now takes the vote back.
    bobs = page.locator("#qa li").filter(has_text=BOB_QUESTION)
    bobs.get_by_role("button", name=text_in(screen, "Vote for this question")).click()
    bobs = page.locator("#qa li").filter(has_text=BOB_QUESTION)
    expect(bobs.get_by_role("button", name=text_in(screen, "Take back my vote"))).to_be_visible()
    expect(bobs).to_contain_text(_votes(screen, 1))
    expect(page.locator("#qa li").first).to_contain_text(BOB_QUESTION)
    check_page(page)

    # The secretariat sees the ranked list and marks Bob's question answered.
    secretariat = page_at(screen)
    sign_in_with_authenticator(secretariat, screen, world.secretariat, world.totp_secret)
    secretariat.goto(screen.path(f"/events/{upcoming.pk}/manage/qa/"))
    expect(secretariat.get_by_role("heading", level=1)).to_have_text(text_in(screen, "Questions to the speakers"))
    rows = secretariat.locator("main table tbody tr")
    expect(rows.first).to_contain_text(BOB_QUESTION)
    expect(rows.first).to_contain_text("1")
    check_page(secretariat)
    with secretariat.expect_navigation():
        rows.first.get_by_role("button", name=text_in(screen, "Mark answered")).click()
    expect(secretariat.locator(".message-success")).to_contain_text(text_in(screen, "The question was updated."))
    expect(secretariat.locator("main table tbody tr").first).to_contain_text(
        text_in(screen, "Answered", context="question status")
    )
    check_page(secretariat)

    # The event page shows it answered to everyone who sees the questions.
    secretariat.goto(screen.path(f"/events/{upcoming.pk}/"))
    answered = secretariat.locator("#qa li").filter(has_text=BOB_QUESTION)
    expect(answered.locator(".badge")).to_have_text(text_in(screen, "Answered", context="question status"))
    check_page(secretariat)
    question = SessionQuestion.objects.get(text=BOB_QUESTION)
    assert question.vote_count == 1 and question.answered_at is not None


@pytest.fixture
def past_with_survey(world):
    start = timezone.localtime().replace(minute=0, second=0, microsecond=0) - datetime.timedelta(days=1)
    event = make_event(
        world.network,
        title="全国連携講演会（報告）",
        title_en="National collaboration lecture (report)",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
    )
    Registration.objects.create(
        event=event,
        user=world.alice,
        name=world.alice.name,
        email=world.alice.email,
        status="confirmed",
        checked_in_at=start,
    )
    survey = Survey.objects.create(
        event=event,
        title="講演会アンケート",
        title_ja="講演会アンケート",
        title_en="Lecture survey",
        anonymous=True,
        results_public=True,
    )
    SurveyQuestion.objects.create(
        survey=survey, order=1, kind="rating", label_ja="満足度", label_en="Satisfaction", required=True
    )
    SurveyQuestion.objects.create(
        survey=survey,
        order=2,
        kind="single",
        label_ja="参加の形",
        label_en="How you took part",
        choices="会場\nオンライン",
    )
    SurveyQuestion.objects.create(survey=survey, order=3, kind="text", label_ja="ご意見", label_en="Comments")
    return event


def test_an_attendee_answers_the_survey_after_the_event_and_sees_the_chart(page, screen, world, past_with_survey):
    event = past_with_survey
    login(page, world.alice.email, PASSWORD, lang=screen.lang)
    page.goto(screen.path(f"/events/{event.pk}/"))
    survey_title = screen.text("講演会アンケート", "Lecture survey")
    answer_link = page.get_by_role("link", name=text_in(screen, "Answer the survey: %(title)s", title=survey_title))
    expect(answer_link).to_be_visible()
    check_page(page)

    with page.expect_navigation():
        answer_link.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(survey_title)
    check_page(page)
    form = page.locator("main form")
    # Sending without the required rating is refused, with the error by the question.
    with page.expect_navigation():
        form.get_by_role("button", name=text_in(screen, "Send my answers")).click()
    expect(page.locator(".errorlist").first).to_be_visible()
    check_page(page)
    form = page.locator("main form")
    form.locator("fieldset").filter(has_text=screen.text("満足度", "Satisfaction")).get_by_label("4").check()
    form.get_by_label("会場").check()
    form.get_by_label(screen.text("ご意見", "Comments")).fill("質疑応答の時間をもっと長くしてほしい。")
    with page.expect_navigation():
        form.get_by_role("button", name=text_in(screen, "Send my answers")).click()
    expect(page.locator(".message-success")).to_contain_text(text_in(screen, "Thank you: your answers were recorded."))
    check_page(page)

    # The event page thanks her, and members see the results: a chart with its figures beside it.
    page.goto(screen.path(f"/events/{event.pk}/"))
    expect(page.locator("main")).to_contain_text(text_in(screen, "You have already answered this survey. Thank you."))
    with page.expect_navigation():
        page.get_by_role("link", name=text_in(screen, "Survey results (members)")).click()
    main = page.locator("main")
    expect(main.locator("svg.chart").first).to_be_visible()
    rating = main.locator("section.survey-result").filter(has_text=screen.text("満足度", "Satisfaction"))
    expect(rating.locator("table")).to_contain_text("4")
    expect(rating).to_contain_text(text_in(screen, "Average rating: %(average)s out of 5", average="4.0"))
    expect(main).to_contain_text("質疑応答の時間をもっと長くしてほしい。")
    check_page(page)
