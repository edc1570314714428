"""Questions to the speakers: asked and voted on the event's page, moderated by the organisers."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from renkei.events import services
from renkei.events.access import get_event_for_organiser, get_visible_event
from renkei.events.qa_forms import ModerateForm, SessionQuestionForm


def _back(event) -> str:
    return reverse("events:detail", args=[event.pk]) + "#qa"


@require_POST
def question_ask(request, pk: int):
    event = get_visible_event(request, pk)
    form = SessionQuestionForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(error) for error in form.errors["text"]))
        return redirect(_back(event))
    try:
        services.session_question_create(event=event, author=request.user, text=form.cleaned_data["text"])
    except ValidationError as error:
        messages.error(request, error.message)
        return redirect(_back(event))
    messages.success(request, _("Your question was sent to the speakers."))
    return redirect(_back(event))


@require_POST
def question_vote(request, pk: int, question_pk: int):
    # Works as a plain form; with htmx the page swaps in the Q&A box from the page it is sent back to.
    event = get_visible_event(request, pk)
    question = get_object_or_404(event.session_questions.filter(hidden=False), pk=question_pk)
    try:
        services.session_question_vote_toggle(question=question, user=request.user)
    except ValidationError as error:
        messages.error(request, error.message)
    return redirect(_back(event))


def questions_manage(request, pk: int):
    event = get_event_for_organiser(request, pk)
    questions = event.session_questions.select_related("author")
    context = {"event": event, "network": event.network, "questions": questions}
    return render(request, "events/qa_manage.html", context)


@require_POST
def question_moderate(request, pk: int, question_pk: int):
    event = get_event_for_organiser(request, pk)
    question = get_object_or_404(event.session_questions, pk=question_pk)
    form = ModerateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Unknown action."))
        return redirect("events:manage_qa", pk=event.pk)
    services.session_question_moderate(question=question, action=form.cleaned_data["action"])
    messages.success(request, _("The question was updated."))
    return redirect("events:manage_qa", pk=event.pk)
