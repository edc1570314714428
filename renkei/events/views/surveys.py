"""The survey after an event: the organisers' editor, sending and results; attendees' answers."""

import tablib
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext
from django.views.decorators.http import require_POST

from renkei.events import services
from renkei.events.access import get_event_for_organiser, get_visible_event
from renkei.events.charts import survey_results
from renkei.events.models import Registration, Survey, SurveyQuestion
from renkei.events.registration import own_registration
from renkei.events.survey_forms import SurveyAnswerForm, SurveyForm, SurveyQuestionFormSet
from renkei.lib.exports import dataset_response

# --- Organisers ------------------------------------------------------------------------------------


def survey_edit(request, pk: int):
    event = get_event_for_organiser(request, pk)
    survey = Survey.objects.filter(event=event).first() or Survey(event=event)
    form = SurveyForm(request.POST or None, instance=survey, prefix="survey")
    formset = SurveyQuestionFormSet(request.POST or None, instance=survey, prefix="questions")
    if request.method == "POST":
        if form.is_valid() and formset.is_valid():
            services.survey_save(event=event, form=form, formset=formset)
            messages.success(request, _("The survey was saved."))
            return redirect(request.path)
        messages.error(request, _("Nothing was saved. Correct the errors shown below."))
    context = {
        "event": event,
        "network": event.network,
        "survey": survey if survey.pk else None,
        "form": form,
        "formset": formset,
        "attendees": services.survey_attendees(event).count(),
        "unsent": services.survey_attendees(event).filter(survey_sent_at=None).count(),
        "responses": survey.responses.count() if survey.pk else 0,
    }
    return render(request, "events/manage/survey_edit.html", context, status=400 if request.method == "POST" else 200)


@require_POST
def survey_send(request, pk: int):
    event = get_event_for_organiser(request, pk)
    survey = get_object_or_404(Survey, event=event)
    try:
        sent = services.survey_send(survey=survey)
    except ValidationError as error:
        messages.error(request, error.message)
        return redirect("events:manage_survey", pk=event.pk)
    messages.success(
        request,
        ngettext(
            "The survey is being sent to %(count)d attendee.",
            "The survey is being sent to %(count)d attendees.",
            sent,
        )
        % {"count": sent},
    )
    return redirect("events:manage_survey", pk=event.pk)


def survey_results_manage(request, pk: int):
    event = get_event_for_organiser(request, pk)
    survey = get_object_or_404(Survey, event=event)
    return _results_page(request, event, survey, organiser=True)


def survey_export(request, pk: int, fmt: str):
    event = get_event_for_organiser(request, pk)
    survey = get_object_or_404(Survey, event=event)
    questions = list(survey.questions.all())
    headers = [pgettext("date column", "Answered")]
    if not survey.anonymous:
        headers.append(pgettext("person", "Name"))
    headers += [question.label for question in questions]
    dataset = tablib.Dataset(headers=headers, title=_("Survey")[:31])
    responses = survey.responses.select_related("user").prefetch_related("answers").order_by("created_at", "id")
    for survey_response in responses.iterator(chunk_size=1000):
        by_question = {answer.question_id: answer for answer in survey_response.answers.all()}
        row: list[str | int | None] = [timezone.localtime(survey_response.created_at).strftime("%Y-%m-%d %H:%M")]
        if not survey.anonymous:
            row.append(survey_response.user.name if survey_response.user else "")
        for question in questions:
            answer = by_question.get(question.pk)
            if answer is None:
                row.append("")
            elif question.kind == SurveyQuestion.Kind.RATING:
                row.append(answer.rating)
            elif question.kind in (SurveyQuestion.Kind.SINGLE, SurveyQuestion.Kind.MULTIPLE):
                row.append("; ".join(answer.choices))
            else:
                row.append(answer.text)
        dataset.append(row)
    return dataset_response(dataset, fmt=fmt, filename=f"survey-{event.pk}.{fmt}")


# --- Attendees and members -------------------------------------------------------------------------


def _answer_page(request, event, survey, registration):
    problem = services.survey_problem(survey=survey, registration=registration)
    questions = list(survey.questions.all())
    form = None
    if problem is None:
        form = SurveyAnswerForm(request.POST or None, questions=questions)
        if request.method == "POST":
            if form.is_valid():
                try:
                    services.survey_response_create(survey=survey, registration=registration, answers=form.answers())
                except ValidationError as error:
                    messages.error(request, error.message)
                    return redirect(request.path)
                messages.success(request, _("Thank you: your answers were recorded."))
                return redirect(request.path)
            messages.error(request, _("Nothing was saved. Correct the errors shown below."))
    elif request.method == "POST":
        messages.error(request, problem.message)
    context = {"event": event, "network": event.network, "survey": survey, "form": form, "problem": problem}
    status = 400 if request.method == "POST" else (403 if problem and problem.code == "not_attendee" else 200)
    return render(request, "events/survey.html", context, status=status)


def survey_answer(request, pk: int):
    event = get_visible_event(request, pk)
    survey = get_object_or_404(Survey, event=event)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    return _answer_page(request, event, survey, own_registration(event, request.user))


def survey_answer_ticket(request, code: str):
    # The link in the survey email: the ticket code is the attendee's secret, no sign-in needed.
    registration = get_object_or_404(Registration.objects.select_related("event__network"), ticket_code=code)
    survey = get_object_or_404(Survey, event=registration.event)
    return _answer_page(request, registration.event, survey, registration)


def survey_results_public(request, pk: int):
    event = get_visible_event(request, pk)
    survey = get_object_or_404(Survey, event=event)
    if not survey.results_public:
        raise Http404
    if not any(event.network.standing_of(request.user)):
        raise PermissionDenied
    return _results_page(request, event, survey, organiser=False)


def _results_page(request, event, survey, *, organiser: bool):
    with_names = organiser and not survey.anonymous
    responses, results = survey_results(survey, with_names=with_names)
    context = {
        "event": event,
        "network": event.network,
        "survey": survey,
        "responses": responses,
        "results": results,
        "organiser": organiser,
    }
    return render(request, "events/survey_results.html", context)
