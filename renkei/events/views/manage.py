"""The organiser's pages: a network's events, and each event's details, programme, speakers,
participants and registration questions. Only the network's secretariat, signed in with two factors."""

import copy

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from renkei.events import services
from renkei.events.access import get_event_for_organiser
from renkei.events.forms import (
    EventCancelForm,
    EventForm,
    ParticipantFormSet,
    ProgrammePartFormSet,
    RegistrationQuestionFormSet,
    SeriesFormSet,
    SpeakerFormSet,
)
from renkei.events.models import Event, Series
from renkei.networks.access import get_network_for_secretariat

PAGE_SIZE = 50


def event_list(request, slug: str):
    network = get_network_for_secretariat(request, slug)
    events = Event.objects.filter(network=network).select_related("series").order_by("-starts_at", "-id")
    status = request.GET.get("status", "")
    if status in Event.Status.values:
        events = events.filter(status=status)
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "network": network,
        "page": page,
        "status": status,
        "statuses": Event.Status.choices,
        "query": f"status={status}" if status else "",
        "series_count": Series.objects.filter(network=network).count(),
    }
    return render(request, "events/manage/list.html", context)


def event_new(request, slug: str):
    network = get_network_for_secretariat(request, slug)
    initial = {}
    series_pk = request.GET.get("series")
    series = Series.objects.filter(network=network, pk=series_pk).first() if series_pk else None
    if series is not None:
        # A new episode: its number is suggested, and can be changed.
        initial = {"series": series, "number": services.series_next_number(series=series)}
    form = EventForm(request.POST or None, network=network, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            event = services.event_create(
                network=network, created_by=request.user, themes=form.cleaned_data["themes"], **form.event_fields()
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The event is saved. Add its programme next, if it has one."))
            return redirect("events:manage_programme", pk=event.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "events/manage/event_form.html", {"network": network, "form": form}, status=status)


def event_edit(request, pk: int):
    event = get_event_for_organiser(request, pk)
    # The form fills in its own copy, so the page's headings keep the saved title on bad input.
    form = EventForm(request.POST or None, network=event.network, instance=copy.copy(event))
    if request.method == "POST" and form.is_valid():
        try:
            services.event_update(event=event, themes=form.cleaned_data["themes"], **form.event_fields())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your changes are saved."))
            return redirect("events:manage_edit", pk=event.pk)
    context = {"network": event.network, "event": event, "form": form, "cancel_form": EventCancelForm()}
    return render(request, "events/manage/event_form.html", context, status=400 if request.method == "POST" else 200)


@require_POST
def event_cancel(request, pk: int):
    event = get_event_for_organiser(request, pk)
    form = EventCancelForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(error) for error in form.errors["message"]))
        return redirect("events:manage_edit", pk=event.pk)
    if event.is_cancelled:
        messages.info(request, _("This event is cancelled."))
        return redirect("events:manage_edit", pk=event.pk)
    services.event_cancel(event=event, message=form.cleaned_data["message"])
    told = event.confirmed_count + event.waitlisted_count
    messages.success(
        request,
        ngettext(
            "The event is cancelled and stays on the calendar, marked so; %(count)s registrant is being emailed.",
            "The event is cancelled and stays on the calendar, marked so; %(count)s registrants are being emailed.",
            told,
        )
        % {"count": told},
    )
    return redirect("events:manage_edit", pk=event.pk)


def _formset_page(request, event, formset, template: str, saved: str, **context):
    """A page with one of the event's lists, saved all rows or none."""
    if request.method == "POST":
        if formset.is_valid():
            services.event_formset_save(event=event, formset=formset)
            messages.success(request, saved)
            return redirect(request.path)
        messages.error(request, _("Nothing was saved. Correct the errors shown below."))
    context.update({"network": event.network, "event": event, "formset": formset})
    return render(request, template, context, status=400 if request.method == "POST" else 200)


def programme_edit(request, pk: int):
    event = get_event_for_organiser(request, pk)
    parts = event.parts.annotate(speaker_count=Count("speakers"))
    formset = ProgrammePartFormSet(request.POST or None, instance=event, prefix="parts", queryset=parts)
    return _formset_page(request, event, formset, "events/manage/programme.html", _("The programme was saved."))


def speakers_edit(request, pk: int, part_id: int):
    event = get_event_for_organiser(request, pk)
    part = get_object_or_404(event.parts, pk=part_id)
    formset = SpeakerFormSet(
        request.POST or None,
        instance=part,
        prefix="speakers",
        queryset=part.speakers.select_related("local_government__prefecture"),
    )
    return _formset_page(
        request, event, formset, "events/manage/speakers.html", _("The speakers were saved."), part=part
    )


def participants_edit(request, pk: int):
    event = get_event_for_organiser(request, pk)
    formset = ParticipantFormSet(request.POST or None, instance=event, prefix="participants")
    return _formset_page(request, event, formset, "events/manage/participants.html", _("The participants were saved."))


def questions_edit(request, pk: int):
    event = get_event_for_organiser(request, pk)
    formset = RegistrationQuestionFormSet(request.POST or None, instance=event, prefix="questions")
    return _formset_page(
        request, event, formset, "events/manage/questions.html", _("The registration questions were saved.")
    )


def series_edit(request, slug: str):
    network = get_network_for_secretariat(request, slug)
    formset = SeriesFormSet(request.POST or None, instance=network, prefix="series")
    if request.method == "POST":
        if formset.is_valid():
            services.series_formset_save(formset=formset)
            messages.success(request, _("The series were saved."))
            return redirect(request.path)
        messages.error(request, _("Nothing was saved. Correct the errors shown below."))
    context = {"network": network, "formset": formset}
    return render(request, "events/manage/series.html", context, status=400 if request.method == "POST" else 200)
