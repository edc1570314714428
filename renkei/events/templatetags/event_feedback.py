"""The Q&A box and survey link of an event's page."""

from django import template

from renkei.events.models import SessionQuestionVote, Survey
from renkei.events.qa_forms import SessionQuestionForm
from renkei.events.registration import own_registration
from renkei.events.services import session_question_problem, survey_problem

register = template.Library()

# The page shows the most voted questions; the organisers' page shows them all.
QUESTIONS_SHOWN = 100


@register.simple_tag(takes_context=True)
def qa_box(context, event) -> dict:
    """What events/_qa.html shows: the ranked questions, which the viewer voted for, and the form."""
    user = context["request"].user
    questions = list(event.session_questions.filter(hidden=False)[:QUESTIONS_SHOWN])
    problem = session_question_problem(event=event, user=user)
    voted: set[int] = set()
    if problem is None and questions:
        voted = set(
            SessionQuestionVote.objects.filter(user=user, question__in=[q.pk for q in questions]).values_list(
                "question_id", flat=True
            )
        )
    return {
        "questions": questions,
        "problem": problem,
        "voted": voted,
        "form": None if problem else SessionQuestionForm(),
        "open": not event.is_past and not event.is_cancelled,
    }


@register.simple_tag(takes_context=True)
def survey_box(context, event) -> dict:
    """Whether the viewer can answer the event's survey, or see its results."""
    user = context["request"].user
    survey = Survey.objects.filter(event=event).first()
    if survey is None:
        return {}
    registration = own_registration(event, user)
    problem = survey_problem(survey=survey, registration=registration) if registration else None
    can_answer = registration is not None and problem is None
    answered = problem is not None and problem.code == "answered"
    return {"survey": survey, "can_answer": can_answer, "answered": answered}
