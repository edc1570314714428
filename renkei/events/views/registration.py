"""Registering for an event, the ticket page, and the organiser's list of registrants (export, email, cancel)."""

import re

import qrcode
import qrcode.image.svg
import tablib
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext
from django.views.decorators.http import require_POST

from renkei.events.access import get_event_for_organiser, get_visible_event
from renkei.events.models import Registration
from renkei.events.registration import (
    online_link_shown,
    own_registration,
    registrants_email,
    registration_cancel,
    registration_figures,
    registration_problem,
    registrations_create,
    registrations_matching,
    waiting_position,
)
from renkei.events.registration_forms import RegistrantsEmailForm, RegistrantsFilterForm, RegistrationForm
from renkei.events.versions import event_scope
from renkei.lib.caching import kept_page
from renkei.lib.exports import dataset_response
from renkei.lib.urls import absolute_url
from renkei.networks.models import network_scope

PAGE_SIZE = 50


# --- Registering --------------------------------------------------------------------------------


def register(request, pk: int):
    event = get_visible_event(request, pk)
    problem = registration_problem(event=event, user=request.user)
    # Sent back, the form needs no lookup of one's registration: registering twice is refused by
    # the service (the form is then drawn again, knowing it).
    mine = own_registration(event, request.user) if request.method != "POST" else None
    form = None
    status = 200
    if problem is None:
        form = RegistrationForm(request.POST or None, event=event, user=request.user, registered=mine is not None)
        if request.method == "POST":
            status = 400
            if form.is_valid():
                try:
                    created = registrations_create(
                        event=event,
                        registrants=form.registrants(),
                        registered_by=request.user if request.user.is_authenticated else None,
                        answers=form.raw_answers(),
                        language=translation.get_language(),
                        questions=form.questions,
                    )
                except ValidationError as error:
                    form.add_error(None, error)
                else:
                    return _registered(request, event, created)
    elif request.method == "POST":
        status = 403 if problem.code in ("sign_in", "members_only") else 400
    if request.method == "POST":
        mine = own_registration(event, request.user)
        # Sent back to be put right: the lists the form left out, and the seats as they are now.
        event.refresh_from_db(fields=["confirmed_count", "waitlisted_count"])
        if form is not None:
            form.offer_choices()
    context = {"event": event, "form": form, "problem": problem, "mine": mine}
    return render(request, "events/register.html", context, status=status)


def _registered(request, event, created: list[Registration]):
    for registration in created:
        if registration.status == Registration.Status.CONFIRMED:
            text = _("%(name)s is registered: confirmed.")
        else:
            text = _("%(name)s is on the waiting list.")
        messages.success(request, text % {"name": registration.name})
    messages.info(request, _("A confirmation email with the ticket link was sent to each person."))
    # One's own ticket when one registered oneself (or as a visitor); else back to the event.
    own = next((r for r in created if r.user_id is None or r.user_id == request.user.pk), None)
    if own is not None:
        return redirect("events:ticket", own.ticket_code)
    return redirect("events:register", event.pk)


# --- The ticket: a secret link, no sign-in needed -------------------------------------------------


def _ticket(code: str) -> Registration:
    return get_object_or_404(Registration.objects.select_related("event__network"), ticket_code=code)


def checkin_url(registration: Registration) -> str:
    """What the ticket's QR code holds; the same in every language (no /en/ prefix)."""
    with translation.override("ja"):
        path = reverse("events:checkin_ticket", args=[registration.event_id, registration.ticket_code])
    return absolute_url(path)


def qr_svg(data: str, label: str) -> str:
    """A QR code as inline SVG, drawn here: no image from another host."""
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=2)
    svg = image.to_string(encoding="unicode")
    # A fixed size on screen, on white: a scanner needs the light margin around the code.
    svg = re.sub(r'\swidth="[^"]*" height="[^"]*"', ' width="220" height="220"', svg, count=1)
    attributes = format_html(' role="img" aria-label="{}" class="qr-code" style="background:#fff"', label)
    return mark_safe(svg.replace("<svg", "<svg" + attributes, 1))  # qrcode's own markup, and an escaped label


def ticket(request, code: str):
    registration = _ticket(code)
    event = registration.event
    waitlisted = registration.status == Registration.Status.WAITLISTED
    context = {
        "registration": registration,
        "event": event,
        "position": waiting_position(registration) if waitlisted else None,
        "online_link": online_link_shown(registration),
        # Nothing to give back at a cancelled event, and no seat to pass on to those waiting.
        "can_cancel": registration.status != Registration.Status.CANCELLED
        and not event.is_cancelled
        and timezone.now() < event.ends_at,
        "qr": qr_svg(checkin_url(registration), _("QR code to show at the door"))
        if registration.status == Registration.Status.CONFIRMED
        else "",
    }
    return render(request, "events/ticket.html", context)


@require_POST
def ticket_cancel(request, code: str):
    registration = _ticket(code)
    try:
        registration_cancel(registration=registration)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Your registration is cancelled."))
    return redirect("events:ticket", code)


# --- The organiser's list of registrants ----------------------------------------------------------


def _filtered(event, form: RegistrantsFilterForm):
    registrations = event.registrations.all()
    if form.is_valid():
        registrations = registrations_matching(registrations, form.cleaned_data["q"])
        if form.cleaned_data["status"]:
            registrations = registrations.filter(status=form.cleaned_data["status"])
    return registrations.order_by("created_at", "id")


def registrants(request, pk: int):
    event = get_event_for_organiser(request, pk)

    def context() -> dict:
        form = RegistrantsFilterForm(request.GET or None)
        page = Paginator(_filtered(event, form), PAGE_SIZE).get_page(request.GET.get("page"))
        query = request.GET.copy()
        query.pop("page", None)
        return {
            "event": event,
            "network": event.network,
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "figures": registration_figures(event),
        }

    # A thousand registrants are counted, paged and drawn once per version of the event, not per view;
    # every organiser of the network sees the same page.
    return kept_page(
        request,
        "events/manage/registrants.html",
        context,
        scopes=(event_scope(pk), network_scope(event.network_id)),
        timeout=3600,
    )


def registrants_export(request, pk: int, fmt: str):
    event = get_event_for_organiser(request, pk)
    questions = list(event.registration_questions.all())
    headers = [
        _("Registered"),
        _("Status"),
        pgettext("person", "Name"),
        _("Name in kana"),
        _("Email"),
        _("Organisation"),
        _("Department"),
        pgettext("date column", "Checked in"),
        pgettext("date column", "Cancelled"),
        *[question.label for question in questions],
    ]
    dataset = tablib.Dataset(headers=headers, title=_("Registrants")[:31])
    form = RegistrantsFilterForm(request.GET or None)
    for registration in _filtered(event, form).iterator(chunk_size=1000):
        answers = registration.answers or {}
        dataset.append(
            [
                _local(registration.created_at),
                registration.get_status_display(),
                registration.name,
                registration.name_kana,
                registration.email,
                registration.organisation_name,
                registration.department,
                _local(registration.checked_in_at),
                _local(registration.cancelled_at),
                *[_answer(answers.get(str(question.pk))) for question in questions],
            ]
        )
    filename = f"event-{event.pk}-registrants-{timezone.localdate():%Y%m%d}.{fmt}"
    return dataset_response(dataset, fmt=fmt, filename=filename)


def _local(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def _answer(value) -> str:
    if value is True:
        return _("Yes")
    return "" if value is None else str(value)


def registrants_email_form(request, pk: int):
    event = get_event_for_organiser(request, pk)
    form = RegistrantsEmailForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        count = registrants_email(
            event=event,
            subject=form.cleaned_data["subject"],
            body=form.cleaned_data["body"],
            only_confirmed=form.cleaned_data["recipients"] == "confirmed",
        )
        if count:
            messages.success(
                request,
                ngettext(
                    "The email is being sent to %(count)s person.",
                    "The email is being sent to %(count)s people.",
                    count,
                )
                % {"count": count},
            )
        else:
            messages.error(request, _("Nobody is registered to receive this email: nothing was sent."))
        return redirect("events:manage_registrants", event.pk)
    status = 400 if request.method == "POST" else 200
    context = {"event": event, "network": event.network, "form": form, "figures": registration_figures(event)}
    return render(request, "events/manage/email.html", context, status=status)


@require_POST
def registrant_cancel(request, pk: int, registration_pk: int):
    event = get_event_for_organiser(request, pk)
    registration = get_object_or_404(event.registrations.select_related("event"), pk=registration_pk)
    promoted = registration_cancel(registration=registration, by_organiser=True)
    messages.success(request, _("The registration of %(name)s is cancelled.") % {"name": registration.name})
    for person in promoted:
        messages.success(request, _("%(name)s moved up from the waiting list and was emailed.") % {"name": person.name})
    return redirect("events:manage_registrants", event.pk)
