"""Writes for events: creating, changing and cancelling events, their programme, participants and questions."""

import hashlib
import hmac

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from renkei.events.models import (
    Event,
    Registration,
    Series,
    SessionQuestion,
    SessionQuestionVote,
    Survey,
    SurveyAnswer,
    SurveyQuestion,
    SurveyResponse,
    events_changed,
)
from renkei.events.registration import waiting_list_promote
from renkei.events.search import event_reindex
from renkei.lib.dates import fiscal_year
from renkei.lib.mail import send_templated_mail
from renkei.lib.urls import absolute_url
from renkei.lib.worklists import work_changed

# --- Events ---------------------------------------------------------------------------------


def series_next_number(*, series: Series, starts_at=None, exclude_pk: int | None = None) -> int:
    """The number the next episode of ``series`` gets: one more than the highest so far.

    A series numbered within each fiscal year (令和7年度 第1回…) starts again at 1 every 年度,
    counted in the 年度 of ``starts_at`` (today when not given).
    """
    episodes = Event.objects.filter(series=series)
    if series.numbered_by_fiscal_year:
        day = timezone.localdate(starts_at) if starts_at else timezone.localdate()
        episodes = episodes.filter(fiscal_year=fiscal_year(day))
    if exclude_pk is not None:
        episodes = episodes.exclude(pk=exclude_pk)
    return (episodes.aggregate(highest=Max("number"))["highest"] or 0) + 1


def _prepare(event: Event) -> None:
    # The 年度 follows the start in Tokyo: an event on 31 March 2026 belongs to 令和7年度.
    event.fiscal_year = fiscal_year(timezone.localdate(event.starts_at))
    if event.number is None and event.series is not None:
        event.number = series_next_number(series=event.series, starts_at=event.starts_at, exclude_pk=event.pk)
    event.full_clean()


@transaction.atomic
def event_create(*, network, created_by, themes=(), **fields) -> Event:
    """Create an event of ``network`` from model field values (``title_ja``, ``starts_at``…).

    An episode of a series without a number gets the next one. Raises ValidationError, saving
    nothing, when the event breaks a rule of ``Event.clean`` (ends before it starts, an online
    event without a link…).
    """
    event = Event(network=network, created_by=created_by, **fields)
    _prepare(event)
    event.save()
    event.themes.set(themes)
    event_reindex(event)
    return event


@transaction.atomic
def event_update(*, event: Event, themes=None, **fields) -> Event:
    """Change an event's fields (and themes, when given); the same rules as ``event_create``.

    When the change frees seats (a larger capacity, or none), those waiting move up and are emailed;
    when it sets the status to cancelled, everyone registered is told, as by ``event_cancel``.
    """
    # The seat counts belong to the registration service: take them from the locked row, so that
    # saving the organiser's copy does not undo registrations made since it was read.
    locked = Event.objects.select_for_update().only("confirmed_count", "waitlisted_count", "status").get(pk=event.pk)
    event.confirmed_count, event.waitlisted_count = locked.confirmed_count, locked.waitlisted_count
    was_cancelled = locked.status == Event.Status.CANCELLED
    for name, value in fields.items():
        setattr(event, name, value)
    event.updated_at = timezone.now()
    _prepare(event)
    event.save()
    if themes is not None:
        event.themes.set(themes)
    event_reindex(event)
    if event.is_cancelled and not was_cancelled:
        # Cancelled through the status field of the form: the registrants hear of it all the same.
        _announce_cancellation(event, "")
    if event.status == Event.Status.PUBLISHED and event.waitlisted_count:
        waiting_list_promote(event=event)
        event.refresh_from_db(fields=["confirmed_count", "waitlisted_count"])
    return event


@transaction.atomic
def event_cancel(*, event: Event, message: str = "") -> Event:
    """Cancel a whole event: it stays on the calendar and its page, marked Cancelled, and takes no registration.

    Everyone registered or waiting is emailed in their own language, with the organiser's
    ``message`` when given, after the commit and in the background. Cancelling an event that is
    already cancelled changes nothing and emails nobody again. Its feeds and .ics then say
    STATUS:CANCELLED, so calendar apps strike it out.
    """
    locked = Event.objects.select_for_update().only("status").get(pk=event.pk)
    if locked.status == Event.Status.CANCELLED:
        event.status = locked.status
        return event
    event.status = Event.Status.CANCELLED
    event.updated_at = timezone.now()
    event.save(update_fields=["status", "updated_at"])
    event_reindex(event)  # still found, marked cancelled on its page
    _announce_cancellation(event, message)
    return event


def _announce_cancellation(event: Event, message: str) -> None:
    from renkei.events.tasks import event_cancellation_send

    if event.confirmed_count or event.waitlisted_count:
        transaction.on_commit(lambda: event_cancellation_send.enqueue(event_id=event.pk, message=message.strip()))


@transaction.atomic
def event_formset_save(*, event: Event, formset) -> None:
    """Save one of an event's lists (programme parts, speakers, participants, questions): all rows or none."""
    formset.save()
    Event.objects.filter(pk=event.pk).update(updated_at=timezone.now())
    events_changed()  # the feeds carry updated_at


@transaction.atomic
def series_formset_save(*, formset) -> None:
    """Save a network's series (names, numbering within the fiscal year): all rows or none."""
    formset.save()


# --- Questions to the speakers (Q&A) and surveys ---------------------------------------------------
#
# Who may ask and vote: confirmed registrants of the event, staff of the network's members and
# secretariat (Network.standing_of), and, when the event takes no registration, anyone signed
# in who can see it. Questions are taken until the event ends. Everyone who sees the event sees
# the questions that are not hidden, without their authors.
#
# Who may answer a survey: attendees. At an in-person event these are the checked-in
# registrants; at an online or hybrid event nobody checks in, so every confirmed registrant.


def session_question_problem(*, event: Event, user, now=None) -> ValidationError | None:
    """Why ``user`` may not ask or vote on ``event``'s questions now, or None when they may."""
    now = now or timezone.now()
    if not user.is_authenticated:
        return ValidationError(_("Sign in to ask or vote on questions."), code="signed_out")
    if event.is_cancelled:
        return ValidationError(_("This event has been cancelled."), code="cancelled")
    if event.ends_at < now:
        return ValidationError(_("Questions are closed: the session is over."), code="closed")
    if not event.registration_required:
        return None
    if event.registrations.filter(user=user, status=Registration.Status.CONFIRMED).exists():
        return None
    if any(event.network.standing_of(user)):
        return None
    return ValidationError(_("Only registrants of this event may ask and vote on questions."), code="not_registrant")


@transaction.atomic
def session_question_create(*, event: Event, author, text: str) -> SessionQuestion:
    """Ask the speakers a question; raises ValidationError when ``author`` may not."""
    problem = session_question_problem(event=event, user=author)
    if problem:
        raise problem
    text = text.strip()
    if not text:
        raise ValidationError(_("Write your question."), code="empty")
    return SessionQuestion.objects.create(event=event, author=author, text=text)


@transaction.atomic
def session_question_vote_toggle(*, question: SessionQuestion, user) -> bool:
    """Vote for a question, or take the vote back; True when the user now votes for it.

    vote_count moves with an F() update so that simultaneous votes are all counted.
    """
    problem = session_question_problem(event=question.event, user=user)
    if problem:
        raise problem
    deleted, _rows = SessionQuestionVote.objects.filter(question=question, user=user).delete()
    if deleted:
        SessionQuestion.objects.filter(pk=question.pk).update(vote_count=F("vote_count") - 1)
        return False
    try:
        with transaction.atomic():
            SessionQuestionVote.objects.create(question=question, user=user)
    except IntegrityError:
        # A second click that raced the first: the vote is already there.
        return True
    SessionQuestion.objects.filter(pk=question.pk).update(vote_count=F("vote_count") + 1)
    return True


@transaction.atomic
def session_question_moderate(*, question: SessionQuestion, action: str) -> SessionQuestion:
    """Hide or show a question, or mark it answered or not yet answered (the organisers' moderation)."""
    if action == "hide":
        question.hidden = True
    elif action == "show":
        question.hidden = False
    elif action == "answered":
        question.answered_at = question.answered_at or timezone.now()
    elif action == "unanswered":
        question.answered_at = None
    else:
        raise ValidationError(_("Unknown action."), code="action")
    question.save(update_fields=["hidden", "answered_at"])
    return question


def survey_attendees(event: Event):
    """The registrations whose people may answer ``event``'s survey (see the rule above)."""
    confirmed = event.registrations.filter(status=Registration.Status.CONFIRMED)
    return confirmed if event.is_online else confirmed.exclude(checked_in_at=None)


def survey_respondent_key(survey: Survey, registration: Registration) -> str:
    """A key that stops a second response without naming the person: an HMAC of the survey and the attendee.

    The same person reaches the survey signed in or through their ticket's link, so the key
    comes from the registration: its account when it has one, otherwise its ticket code.
    """
    who = f"user:{registration.user_id}" if registration.user_id else f"ticket:{registration.ticket_code}"
    message = f"survey:{survey.pk}:{who}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def survey_problem(*, survey: Survey, registration: Registration | None, now=None) -> ValidationError | None:
    """Why this attendee may not answer ``survey`` now, or None when they may."""
    now = now or timezone.now()
    if registration is None or not survey_attendees(survey.event).filter(pk=registration.pk).exists():
        return ValidationError(_("Only attendees of this event may answer its survey."), code="not_attendee")
    if survey.opens_at and now < survey.opens_at:
        return ValidationError(_("The survey is not open yet."), code="not_open")
    if survey.closes_at and now >= survey.closes_at:
        return ValidationError(_("The survey is closed."), code="closed")
    key = survey_respondent_key(survey, registration)
    if SurveyResponse.objects.filter(survey=survey, respondent_key=key).exists():
        return ValidationError(_("You have already answered this survey. Thank you."), code="answered")
    return None


@transaction.atomic
def survey_save(*, event: Event, form, formset) -> Survey:
    """Save the event's survey and its questions together: all or nothing."""
    survey = form.save(commit=False)
    survey.event = event
    survey.save()
    formset.instance = survey
    formset.save()
    return survey


@transaction.atomic
def survey_response_create(*, survey: Survey, registration: Registration | None, answers: dict) -> SurveyResponse:
    """Record one attendee's answers (``answers``: question id → rating, list of choices or text).

    Anonymous surveys keep no link to the person, only the respondent key.
    """
    problem = survey_problem(survey=survey, registration=registration)
    if problem:
        raise problem
    assert registration is not None
    try:
        with transaction.atomic():
            response = SurveyResponse.objects.create(
                survey=survey,
                user=None if survey.anonymous else registration.user,
                respondent_key=survey_respondent_key(survey, registration),
            )
    except IntegrityError:
        raise ValidationError(_("You have already answered this survey. Thank you."), code="answered") from None
    work_changed(users=[registration.user_id])  # no longer waiting on their home
    rows = []
    for question in survey.questions.all():
        value = answers.get(question.pk)
        if value is None or value in ("", []):
            continue
        row = SurveyAnswer(response=response, question=question)
        if question.kind == SurveyQuestion.Kind.RATING:
            row.rating = int(value)
        elif question.kind in (SurveyQuestion.Kind.SINGLE, SurveyQuestion.Kind.MULTIPLE):
            row.choices = value if isinstance(value, list) else [value]
        else:
            row.text = value
        rows.append(row)
    SurveyAnswer.objects.bulk_create(rows)
    return response


def survey_url(registration: Registration) -> str:
    """The survey's full address for this attendee, through their ticket code, in their language."""
    with translation.override(registration.language):
        return absolute_url(reverse("events:survey_ticket", args=[registration.ticket_code]))


def survey_send(*, survey: Survey, now=None) -> int:
    """Email the survey's link to each attendee not sent it yet, in their language; returns how many.

    survey_sent_at is claimed with a conditional update first, so two clicks never send twice.
    """
    event = survey.event
    now = now or timezone.now()
    if event.ends_at > now:
        raise ValidationError(_("The survey can be sent once the event is over."), code="not_over")
    sent = 0
    for registration in survey_attendees(event).filter(survey_sent_at=None).iterator(chunk_size=500):
        with transaction.atomic():
            claimed = Registration.objects.filter(pk=registration.pk, survey_sent_at=None).update(survey_sent_at=now)
            if not claimed:
                continue
            send_templated_mail(
                to=[registration.email],
                template="events/email/survey",
                context={
                    "registration": registration,
                    "event": event,
                    "survey": survey,
                    "survey_url": survey_url(registration),
                },
                language=registration.language,
            )
            sent += 1
    return sent
