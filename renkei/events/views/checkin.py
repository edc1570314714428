"""Checking people in at the door: search by name, kana or email, or open the QR code's link on a ticket."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from renkei.events.access import get_event_for_organiser
from renkei.events.registration import registration_check_in, registration_figures, registrations_matching
from renkei.events.registration_forms import CheckInSearchForm

RESULTS_MAX = 30


def checkin(request, pk: int):
    event = get_event_for_organiser(request, pk)
    form = CheckInSearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    results = []
    if query:
        matching = registrations_matching(event.registrations.exclude(status="cancelled"), query)
        results = list(matching.order_by("name_kana", "name", "id")[:RESULTS_MAX])
    context = {"event": event, "network": event.network, "form": form, "query": query, "results": results}
    if request.htmx and request.htmx.target == "checkin-results":
        return render(request, "events/manage/_checkin_results.html", context)
    context["figures"] = registration_figures(event)
    return render(request, "events/manage/checkin.html", context)


@require_POST
def checkin_registration(request, pk: int, registration_pk: int):
    event = get_event_for_organiser(request, pk)
    registration = get_object_or_404(event.registrations, pk=registration_pk)
    error, newly = _check_in(registration)
    if request.htmx:
        # The row, and the figures above the list swapped in place (out of band): the counters
        # show the check-in at once.
        figures = registration_figures(event)
        context = {"event": event, "registration": registration, "error": error, "newly": newly, "figures_oob": figures}
        return render(request, "events/manage/_checkin_row.html", context)
    if error:
        messages.error(request, error)
    elif newly:
        messages.success(request, _checked_in_text(registration))
    # Back to the same search, so the next person in the queue is one click away.
    query = request.POST.get("q", "")[:100]
    return redirect(
        reverse("events:manage_checkin", args=[event.pk]) + (f"?{urlencode({'q': query})}" if query else "")
    )


def checkin_ticket(request, pk: int, code: str):
    """The QR code's link: opened by the organiser at the door, it checks the person in (once)."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    event = get_event_for_organiser(request, pk)
    registration = get_object_or_404(event.registrations, ticket_code=code)
    error, newly = _check_in(registration)
    context = {
        "event": event,
        "network": event.network,
        "form": CheckInSearchForm(),
        "scanned": registration,
        "error": error,
        "newly": newly,
        "figures": registration_figures(event),
    }
    return render(request, "events/manage/checkin.html", context, status=400 if error else 200)


def _check_in(registration) -> tuple[str, bool]:
    try:
        return "", registration_check_in(registration=registration)
    except ValidationError as error:
        return " ".join(error.messages), False


def _checked_in_text(registration) -> str:
    return _("%(name)s is checked in.") % {"name": registration.name}
