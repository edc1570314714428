"""Registering for events: seats and the waiting list, cancelling, check-in, reminders, emails to registrants.

Capacity is kept on the event row (confirmed_count, waitlisted_count), and every change of a
registration's status happens with that row locked: SELECT … FOR UPDATE on PostgreSQL; on
SQLite every write transaction starts with BEGIN IMMEDIATE (settings), which serialises writers
the same way. So 200 people registering at once for 50 seats end with exactly 50 confirmed.
"""

import datetime
import time
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, OperationalError, transaction
from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from renkei.events import ics
from renkei.events.models import Event, Registration, RegistrationQuestion
from renkei.events.versions import event_changed
from renkei.lib import generations
from renkei.lib.dates import format_date
from renkei.lib.japanese import to_hiragana
from renkei.lib.mail import send_templated_mail
from renkei.lib.tasks import run_by_workers
from renkei.lib.urls import absolute_url
from renkei.lib.worklists import work_changed

# SQLite answers "database is locked" when a writer waited longer than busy_timeout; the work is
# then tried again from the start, which is safe because nothing was written.
LOCK_ATTEMPTS = 5
TEXT_ANSWER_MAX_LENGTH = 1000
CONSENT_YES = {"on", "true", "1", "yes", True}
# What deciding a seat reads from the locked event row (_when_problem, _new_registration, _promote).
SEAT_FIELDS = (
    "status",
    "registration_required",
    "registration_opens_at",
    "registration_closes_at",
    "ends_at",
    "capacity",
    "waiting_list",
    "confirmed_count",
    "waitlisted_count",
)


@dataclass
class Registrant:
    """One person to register: typed into the form, the signed-in user, or a colleague chosen from Staff."""

    name: str
    email: str
    name_kana: str = ""
    organisation_name: str = ""
    department: str = ""
    user: Any = None
    organisation: Any = None


def _seats() -> QuerySet[Event]:
    """Events for reading and writing seat counts: a plain QuerySet, as none of SEAT_FIELDS is translated.

    The events' manager rewrites every lookup for the translated fields, which costs more than
    the query itself in a registration's short transaction.
    """
    return QuerySet(Event)


def _retrying(work):
    for attempt in range(1, LOCK_ATTEMPTS + 1):
        try:
            return work()
        except OperationalError as error:
            # Inside an outer transaction a retry could not start afresh: let the caller decide.
            if "locked" not in str(error) or transaction.get_connection().in_atomic_block or attempt == LOCK_ATTEMPTS:
                raise
            time.sleep(0.02 * attempt)
    return None  # not reached


def _moment(value: datetime.datetime) -> str:
    local = timezone.localtime(value)
    return f"{format_date(local.date())} {local:%H:%M}"


# --- Who may register, and when ---------------------------------------------------------------


def _when_problem(event: Event, now: datetime.datetime) -> ValidationError | None:
    if event.status == Event.Status.CANCELLED:
        return ValidationError(_("This event has been cancelled."), code="cancelled")
    if event.status != Event.Status.PUBLISHED:
        return ValidationError(_("Registration is not open for this event."), code="not_open")
    if not event.registration_required:
        return ValidationError(_("This event needs no registration."), code="not_required")
    if event.registration_opens_at and now < event.registration_opens_at:
        return ValidationError(
            _("Registration opens on %(moment)s.") % {"moment": _moment(event.registration_opens_at)}, code="not_yet"
        )
    if (event.registration_closes_at and now >= event.registration_closes_at) or now >= event.ends_at:
        return ValidationError(_("Registration for this event has closed."), code="closed")
    return None


def _who_problem(event: Event, user) -> ValidationError | None:
    if event.registration_open_to == Event.OpenTo.ANYONE:
        return None
    if not user.is_authenticated:
        return ValidationError(_("Sign in to register for this event."), code="sign_in")
    if event.registration_open_to == Event.OpenTo.MEMBERS and not any(event.network.standing_of(user)):
        return ValidationError(
            _("Only members of %(network)s may register for this event.") % {"network": event.network.name},
            code="members_only",
        )
    return None


def registration_problem(*, event: Event, user, now: datetime.datetime | None = None) -> ValidationError | None:
    """Why ``user`` cannot register for ``event`` now (a ValidationError with a code), or None."""
    return _when_problem(event, now or timezone.now()) or _who_problem(event, user)


# --- Answers to the organiser's questions -------------------------------------------------------


def answer_field_name(question: RegistrationQuestion) -> str:
    return f"q_{question.pk}"


def answers_clean(*, questions, raw: dict) -> dict:
    """Check answers by the question's kind; ``raw`` maps question ids (str) to what was typed.

    Returns ``{question id: answer}`` for the questions answered; raises a ValidationError keyed
    by form field name (``q_<id>``) listing every wrong answer.
    """
    cleaned: dict = {}
    errors: dict[str, ValidationError] = {}
    for question in questions:
        key = str(question.pk)
        value = raw.get(key)
        if isinstance(value, str):
            value = value.strip()
        empty = value in (None, "", False)
        if question.kind == RegistrationQuestion.Kind.CONSENT:
            agreed = value in CONSENT_YES
            if question.required and not agreed:
                errors[answer_field_name(question)] = ValidationError(
                    _("Tick the box to agree: registration needs it."), code="consent"
                )
            elif agreed:
                cleaned[key] = True
            continue
        if empty:
            if question.required:
                errors[answer_field_name(question)] = ValidationError(
                    _("This question needs an answer."), code="required"
                )
            continue
        if question.kind == RegistrationQuestion.Kind.CHOICE:
            if str(value) not in question.choice_list:
                errors[answer_field_name(question)] = ValidationError(_("Choose one of the options."), code="choice")
            else:
                cleaned[key] = str(value)
        elif question.kind == RegistrationQuestion.Kind.NUMBER:
            try:
                number = Decimal(str(value))
                if not number.is_finite():
                    raise InvalidOperation
            except InvalidOperation:
                errors[answer_field_name(question)] = ValidationError(_("Enter a number."), code="number")
            else:
                cleaned[key] = int(number) if number == number.to_integral_value() else float(number)
        else:
            text = str(value)
            if len(text) > TEXT_ANSWER_MAX_LENGTH:
                errors[answer_field_name(question)] = ValidationError(
                    _("Keep the answer under %(limit)s characters.") % {"limit": TEXT_ANSWER_MAX_LENGTH},
                    code="too_long",
                )
            else:
                cleaned[key] = text
    if errors:
        raise ValidationError(errors)
    return cleaned


# --- Registering ---------------------------------------------------------------------------------


def registration_create(
    *, event: Event, registrant: Registrant, registered_by=None, answers: dict | None = None, language: str = ""
) -> Registration:
    """Register one person; see registrations_create."""
    return registrations_create(
        event=event, registrants=[registrant], registered_by=registered_by, answers=answers, language=language
    )[0]


def registrations_create(
    *,
    event: Event,
    registrants: list[Registrant],
    registered_by=None,
    answers: dict | None = None,
    language: str = "",
    questions: list[RegistrationQuestion] | None = None,
) -> list[Registration]:
    """Register people for an event, each confirmed while seats remain, then waitlisted (or refused).

    ``registered_by`` is the signed-in person who filled in the form (None for anonymous visitors):
    who may register is decided by them. ``answers`` (raw, by question id) apply to everyone
    registered at once. All or nothing: one refusal — already registered, full without a waiting
    list, closed — writes nothing. Each person is emailed, after the commit, in ``language``.
    ``questions``: the event's registration questions, when the caller has read them already.
    """
    if not registrants:
        raise ValidationError(_("Choose at least one person to register."), code="nobody")
    if questions is None:
        questions = list(event.registration_questions.all())
    cleaned = answers_clean(questions=questions, raw=answers or {})
    problem = _who_problem(event, registered_by or AnonymousUser())
    if problem:
        raise problem
    emails = [registrant.email.strip().lower() for registrant in registrants]
    if len(set(emails)) != len(emails):
        raise ValidationError(_("The same email address is given twice."), code="duplicate")
    language = language or translation.get_language() or "ja"

    def work() -> list[Registration]:
        # Each registration bumps its event's pages and its person's home, the seats the pages
        # again: one write of the new versions for all of them.
        with transaction.atomic(), generations.bumps_together():
            # Only what the seat needs: the write lock is held until the commit, so it stays short.
            locked = _seats().select_for_update().only(*SEAT_FIELDS).get(pk=event.pk)
            problem = _when_problem(locked, timezone.now())
            if problem:
                raise problem
            created = [
                _new_registration(locked, registrant, email, registered_by, cleaned, language)
                for registrant, email in zip(registrants, emails, strict=True)
            ]
            # Someone registered already is refused by the unique constraint (registration_once),
            # which rolls all of this back: no query to look first, while the lock is held.
            # Each saved as itself, so that what hangs on a registration hears of it (signals.py);
            # the bumps of all of them are written at once (bumps_together).
            for registration in created:
                registration.save()
            # The seats in one UPDATE, which sends no signal: the event's pages are told here, as
            # forget_event tells them of a save of the counts (not the row's version: seats are
            # read again from the locked row).
            _seats().filter(pk=locked.pk).update(
                confirmed_count=locked.confirmed_count, waitlisted_count=locked.waitlisted_count
            )
            event_changed(locked.pk, row=False)
            event.confirmed_count, event.waitlisted_count = locked.confirmed_count, locked.waitlisted_count
            for registration in created:
                registration.event = event
            _emails_later([r.pk for r in created], [])
            return created

    try:
        return _retrying(work)
    except IntegrityError:
        taken = (
            Registration.objects.filter(event_id=event.pk, email__in=emails)
            .exclude(status=Registration.Status.CANCELLED)
            .values_list("email", flat=True)
            .first()
        )
        raise _already_registered(taken or ", ".join(emails)) from None


def _already_registered(email: str) -> ValidationError:
    return ValidationError(
        _("%(email)s is already registered for this event.") % {"email": email}, code="already_registered"
    )


def _new_registration(event: Event, registrant: Registrant, email, registered_by, answers, language) -> Registration:
    # ``event`` is the locked row: its counts are the truth and are saved by the caller.
    if event.capacity is None or event.confirmed_count < event.capacity:
        status = Registration.Status.CONFIRMED
        event.confirmed_count += 1
    elif event.waiting_list:
        status = Registration.Status.WAITLISTED
        event.waitlisted_count += 1
    else:
        raise ValidationError(_("This event is full."), code="full")
    return Registration(
        event_id=event.pk,
        user=registrant.user,
        registered_by=registered_by if registered_by is not None and registered_by.is_authenticated else None,
        organisation=registrant.organisation,
        name=registrant.name.strip(),
        name_kana=registrant.name_kana.strip(),
        email=email,
        organisation_name=registrant.organisation_name.strip(),
        department=registrant.department.strip(),
        status=status,
        answers=answers,
        language=language,
    )


# --- Cancelling and the waiting list ---------------------------------------------------------------


def registration_cancel(*, registration: Registration, by_organiser: bool = False) -> list[Registration]:
    """Cancel a registration and give its seat to the first person waiting (by registration time).

    Cancelling twice changes nothing. A participant cannot cancel once the event has ended or
    once checked in; the organiser can. The cancelled person and anyone promoted are emailed after the commit.
    Returns the registrations promoted from the waiting list.
    """
    if not by_organiser and timezone.now() >= registration.event.ends_at:
        raise ValidationError(_("This event has ended: the registration can no longer be cancelled."), code="ended")

    def work() -> tuple[Registration | None, list[Registration]]:
        with transaction.atomic(), generations.bumps_together():
            event = Event.objects.select_for_update().get(pk=registration.event_id)
            current = Registration.objects.select_for_update().get(pk=registration.pk)
            if current.status == Registration.Status.CANCELLED:
                return None, []
            if current.checked_in_at is not None and not by_organiser:
                raise ValidationError(
                    _("You have already checked in: ask the organiser to cancel this registration."), code="checked_in"
                )
            if current.status == Registration.Status.CONFIRMED:
                event.confirmed_count -= 1
            else:
                event.waitlisted_count -= 1
            current.status = Registration.Status.CANCELLED
            current.cancelled_at = timezone.now()
            current.save(update_fields=["status", "cancelled_at"])
            promoted = _promote(event)
            event.save(update_fields=["confirmed_count", "waitlisted_count"])
            current.event = event
            _emails_later([], [r.pk for r in promoted], cancelled=current.pk)
            return current, promoted

    cancelled, promoted = _retrying(work)
    if cancelled is not None:
        registration.status, registration.cancelled_at = cancelled.status, cancelled.cancelled_at
    return promoted


def waiting_list_promote(*, event: Event) -> list[Registration]:
    """Confirm people from the waiting list while seats are free (after the capacity was raised); emails them."""

    def work() -> list[Registration]:
        with transaction.atomic(), generations.bumps_together():
            locked = Event.objects.select_for_update().get(pk=event.pk)
            promoted = _promote(locked)
            if promoted:
                locked.save(update_fields=["confirmed_count", "waitlisted_count"])
                _emails_later([], [r.pk for r in promoted])
            return promoted

    return _retrying(work)


def _promote(event: Event) -> list[Registration]:
    # ``event`` is locked; its counts are updated here and saved by the caller.
    if event.status == Event.Status.CANCELLED:
        return []  # no seat to give: nobody is told they moved up for an event that will not happen
    free = event.waitlisted_count if event.capacity is None else event.capacity - event.confirmed_count
    if free <= 0 or event.waitlisted_count <= 0:
        return []
    waiting = list(
        Registration.objects.select_for_update()
        .filter(event=event, status=Registration.Status.WAITLISTED)
        .order_by("created_at", "id")[:free]
    )
    Registration.objects.filter(pk__in=[r.pk for r in waiting]).update(status=Registration.Status.CONFIRMED)
    work_changed(users=[r.user_id for r in waiting])
    for registration in waiting:
        registration.status = Registration.Status.CONFIRMED
        registration.event = event
    event.confirmed_count += len(waiting)
    event.waitlisted_count -= len(waiting)
    return waiting


def waiting_position(registration: Registration) -> int:
    """1 for the first person on the waiting list, 2 for the next…"""
    before = Registration.objects.filter(event_id=registration.event_id, status=Registration.Status.WAITLISTED).filter(
        created_at__lte=registration.created_at
    )
    return before.exclude(created_at=registration.created_at, id__gt=registration.pk).count()


# --- At the door ----------------------------------------------------------------------------------


def registration_check_in(*, registration: Registration) -> bool:
    """Record that a confirmed registrant arrived. Returns False when they were already checked in."""
    if registration.status != Registration.Status.CONFIRMED:
        raise ValidationError(
            _("%(name)s is not confirmed (%(status)s) and cannot be checked in.")
            % {"name": registration.name, "status": registration.get_status_display()},
            code="not_confirmed",
        )
    now = timezone.now()
    # One UPDATE that only the first scan wins: scanning twice never moves the time.
    changed = Registration.objects.filter(
        pk=registration.pk, status=Registration.Status.CONFIRMED, checked_in_at__isnull=True
    ).update(checked_in_at=now)
    if changed:
        registration.checked_in_at = now
        # An UPDATE sends no signal; the organiser's figures move, and the survey waits on the home.
        event_changed(registration.event_id, row=False)
        work_changed(users=[registration.user_id])
    else:
        registration.refresh_from_db(fields=["checked_in_at", "status"])
    return bool(changed)


# --- Emails ---------------------------------------------------------------------------------------


def ticket_url(registration: Registration) -> str:
    """The ticket page's full address, in the registrant's language."""
    with translation.override(registration.language):
        return absolute_url(reverse("events:ticket", args=[registration.ticket_code]))


def _ics_attachment(registration: Registration) -> dict:
    with translation.override(registration.language):
        note = _("Your ticket: %(url)s") % {"url": ticket_url(registration)}
        content = ics.event_ics(registration.event, language=registration.language, extra_description=note)
    return {"filename": "event.ics", "content": content.decode(), "mimetype": "text/calendar"}


def _mail(registration: Registration, template: str, *, attach: bool = False, **context) -> None:
    send_templated_mail(
        to=[registration.email],
        template=f"events/email/{template}",
        context={
            "registration": registration,
            "event": registration.event,
            "ticket_url": ticket_url(registration),
            "position": waiting_position(registration)
            if registration.status == Registration.Status.WAITLISTED
            else None,
            **context,
        },
        language=registration.language,
        attachments=[_ics_attachment(registration)] if attach else None,
    )


def _emails_later(registered: list[int], promoted: list[int], cancelled: int | None = None) -> None:
    # Rendering emails (and the .ics) is left to a task, so that a registration under contention
    # holds its worker only for the seat itself.
    from renkei.events.tasks import registration_emails_send

    def enqueue() -> None:
        registration_emails_send.enqueue(registered=registered, promoted=promoted, cancelled=cancelled)

    if run_by_workers(registration_emails_send):
        # A task kept in this database is written in the registration's own transaction: the
        # worker sees it once committed, and the database's write lock is taken once, not twice.
        enqueue()
    else:
        # Other backends may run it at once: not before the registration is committed.
        transaction.on_commit(enqueue)


def registration_emails_deliver(*, registered: list[int], promoted: list[int], cancelled: int | None) -> None:
    """Email those just registered, the person who cancelled and those who moved up (run by a task)."""
    ids = [*registered, *promoted, *([cancelled] if cancelled else [])]
    by_id = Registration.objects.select_related("event").in_bulk(ids)
    # Every email's task queued at once or none: run again after its worker died, this queues none twice.
    with transaction.atomic():
        _send_registered([by_id[pk] for pk in registered if pk in by_id])
        _send_cancelled(by_id.get(cancelled) if cancelled else None, [by_id[pk] for pk in promoted if pk in by_id])


def _send_registered(registrations: list[Registration]) -> None:
    for registration in registrations:
        confirmed = registration.status == Registration.Status.CONFIRMED
        _mail(registration, "registration_received", attach=confirmed)


def _send_cancelled(cancelled: Registration | None, promoted: list[Registration]) -> None:
    if cancelled is not None:
        _mail(cancelled, "registration_cancelled")
    for registration in promoted:
        _mail(registration, "registration_promoted", attach=True)


def registrants_email(*, event: Event, subject: str, body: str, only_confirmed: bool) -> int:
    """Email the event's registrants (not cancelled ones; only confirmed ones when asked) in the background.

    Each person gets their own email with their ticket link. Returns how many will be written to.
    """
    from renkei.events.tasks import registrants_email_send

    statuses = [Registration.Status.CONFIRMED]
    if not only_confirmed:
        statuses.append(Registration.Status.WAITLISTED)
    count = event.registrations.filter(status__in=statuses).count()
    if count:
        transaction.on_commit(
            lambda: registrants_email_send.enqueue(
                event_id=event.pk, subject=subject, body=body, statuses=[str(s) for s in statuses]
            )
        )
    return count


def registrants_email_deliver(*, event_id: int, subject: str, body: str, statuses: list[str]) -> int:
    """Write the organiser's message to each registrant with one of ``statuses`` (run by a task)."""
    sent = 0
    registrations = Registration.objects.filter(event_id=event_id, status__in=statuses).select_related("event")
    # Every email's task queued at once or none: run again after its worker died, this queues none twice.
    with transaction.atomic():
        for registration in registrations.order_by("id").iterator(chunk_size=500):
            _mail(registration, "message", subject=subject, body=body)
            sent += 1
    return sent


def event_cancellation_deliver(*, event_id: int, message: str) -> int:
    """Tell everyone registered or waiting for a cancelled event, each in their language (run by a task)."""
    statuses = [Registration.Status.CONFIRMED, Registration.Status.WAITLISTED]
    registrations = Registration.objects.filter(event_id=event_id, status__in=statuses).select_related("event")
    sent = 0
    with transaction.atomic():  # as registrants_email_deliver: all queued at once or none
        for registration in registrations.order_by("id").iterator(chunk_size=500):
            _mail(registration, "event_cancelled", message=message)
            sent += 1
    return sent


def reminders_send(*, now: datetime.datetime | None = None) -> int:
    """Remind confirmed registrants of events starting tomorrow (Asia/Tokyo); each person once.

    Safe to run again, or twice at once: each registration is claimed by setting reminded_at first.
    """
    now = now or timezone.now()
    tomorrow = timezone.localdate(now) + datetime.timedelta(days=1)
    start = timezone.make_aware(datetime.datetime.combine(tomorrow, datetime.time.min))
    end = start + datetime.timedelta(days=1)
    due = Registration.objects.filter(
        status=Registration.Status.CONFIRMED,
        reminded_at__isnull=True,
        event__status=Event.Status.PUBLISHED,
        event__starts_at__gte=start,
        event__starts_at__lt=end,
    ).select_related("event")
    sent = 0
    for registration in due.order_by("id").iterator(chunk_size=500):
        # The claim and the email's task are committed together: a worker dying between the two
        # would leave the person marked reminded and never reminded.
        with transaction.atomic():
            if Registration.objects.filter(pk=registration.pk, reminded_at__isnull=True).update(reminded_at=now):
                _mail(registration, "reminder", attach=True)
                sent += 1
    return sent


# --- Reads for the organiser ------------------------------------------------------------------------


def registration_figures(event: Event) -> dict:
    """How many registrations are confirmed, waitlisted, cancelled, and how many people came: one query."""
    statuses = Registration.Status
    figures = event.registrations.aggregate(
        confirmed=Count("id", filter=Q(status=statuses.CONFIRMED)),
        waitlisted=Count("id", filter=Q(status=statuses.WAITLISTED)),
        cancelled=Count("id", filter=Q(status=statuses.CANCELLED)),
        checked_in=Count("id", filter=Q(status=statuses.CONFIRMED, checked_in_at__isnull=False)),
    )
    confirmed = figures["confirmed"]
    figures["attendance_percent"] = round(100 * figures["checked_in"] / confirmed) if confirmed else None
    return figures


def registrations_matching(registrations, query: str):
    """Registrations whose name, kana (in hiragana or katakana) or email contains ``query``."""
    query = " ".join(query.split())
    if not query:
        return registrations
    hiragana = to_hiragana(query)
    katakana = hiragana.translate(_HIRAGANA_TO_KATAKANA)
    return registrations.filter(
        Q(name__icontains=query)
        | Q(name__icontains=query.replace(" ", "　"))
        | Q(name_kana__icontains=hiragana)
        | Q(name_kana__icontains=katakana)
        | Q(email__icontains=query)
        | Q(organisation_name__icontains=query)
    )


_HIRAGANA_TO_KATAKANA = {code: code + 0x60 for code in range(ord("ぁ"), ord("ゖ") + 1)}


def online_link_shown(registration: Registration, now: datetime.datetime | None = None) -> bool:
    """Whether the ticket shows the online link: confirmed, online or hybrid, shortly before the start until the end."""
    event = registration.event
    now = now or timezone.now()
    return (
        registration.status == Registration.Status.CONFIRMED
        and event.format in (Event.Format.ONLINE, Event.Format.HYBRID)
        and bool(event.online_url)
        and event.starts_at - datetime.timedelta(minutes=event.online_url_shown_minutes_before) <= now < event.ends_at
    )


def own_registration(event: Event, user) -> Registration | None:
    """The signed-in person's own registration for ``event`` that is not cancelled, if any."""
    if not user.is_authenticated:
        return None
    return (
        event.registrations.filter(user=user)
        .exclude(status=Registration.Status.CANCELLED)
        .order_by("-created_at")
        .first()
    )
