"""What anyone sees: the calendar (month and list) and an event's page, through Event.objects.visible_to."""

import datetime
import re

from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from renkei.board.markdown import render_markdown
from renkei.events import selectors
from renkei.events.access import get_visible_event
from renkei.events.forms import EventFilterForm

MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def _filters(request) -> tuple[EventFilterForm, dict, str]:
    """The filter form, its valid filters, and the query string of the filters alone (for links)."""
    params = request.GET.copy()
    for name in ("month", "page", "past", "from"):
        params.pop(name, None)
    form = EventFilterForm(params or None)
    return form, form.filters(), params.urlencode()


def _month(value: str | None) -> tuple[int, int] | None:
    match = MONTH.match(value or "")
    if not match:
        return None
    year, month = int(match[1]), int(match[2])
    if not (1 <= month <= 12 and 1900 <= year <= 2999):
        return None
    return year, month


def calendar_month(request):
    form, filters, query = _filters(request)
    today = timezone.localdate()
    chosen = _month(request.GET.get("month"))
    error = ""
    if chosen is None:
        if request.GET.get("month"):
            error = _("Enter a month as year and month, e.g. 2025-08. This month is shown instead.")
        chosen = (today.year, today.month)
    context = selectors.calendar_month(user=request.user, year=chosen[0], month=chosen[1], filters=filters)
    keep = [("month", f"{chosen[0]:04d}-{chosen[1]:02d}")]
    context.update({"form": form, "query": query, "keep": keep, "month_error": error, "today": today})
    return render(request, "events/calendar_month.html", context, status=400 if error else 200)


def calendar_list(request):
    form, filters, query = _filters(request)
    past = request.GET.get("past") == "1"
    start, error = None, ""
    if request.GET.get("from") and not past:
        try:
            start = datetime.date.fromisoformat(request.GET["from"])
        except ValueError:
            error = _("Enter the first day as a date, e.g. 2025-08-12. Upcoming events are shown instead.")
    try:
        page = max(int(request.GET.get("page", "1")), 1)
    except ValueError:
        page = 1
    context = selectors.event_list(user=request.user, filters=filters, past=past, start=start, page=page)
    # The filters form keeps the view it was sent from: past events, or those from a day.
    keep = [("past", "1")] if past else [("from", start.isoformat())] if start else []
    context.update({"form": form, "query": query, "keep": keep, "past": past, "start": start, "from_error": error})
    return render(request, "events/calendar_list.html", context, status=400 if error else 200)


def event_detail(request, pk: int):
    event = get_visible_event(request, pk)
    context = {
        "event": event,
        "network": event.network,
        "summary": render_markdown(event.summary),
        "can_manage": event.network.standing_of(request.user)[1],
    }
    context.update(selectors.event_page(event))
    return render(request, "events/detail.html", context)
