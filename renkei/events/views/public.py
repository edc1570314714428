"""What anyone sees: the calendar (month and list) and an event's page, through Event.objects.visible_to."""

import datetime
import hashlib
import re

from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from renkei.events import rules, selectors
from renkei.events.access import get_visible_event
from renkei.events.forms import EventFilterForm
from renkei.events.versions import EVENTS, event_scope, event_version
from renkei.lib.caching import cache_for_visitors, fragment, kept_page
from renkei.lib.markdown import render_markdown
from renkei.networks.models import network_scope
from renkei.news.versions import news_scope

MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def _filters(request) -> tuple[EventFilterForm, dict, str]:
    """The filter form, its valid filters, and the query string of the filters alone (for links)."""
    params = request.GET.copy()
    for name in ("month", "page", "past", "from"):
        params.pop(name, None)
    form = EventFilterForm(params or None)
    # The rendered form is cached by what was asked (see _filters.html).
    form.cache_key = hashlib.md5(request.get_full_path().encode()).hexdigest()
    return form, form.filters(), params.urlencode()


def _month(value: str | None) -> tuple[int, int] | None:
    match = MONTH.match(value or "")
    if not match:
        return None
    year, month = int(match[1]), int(match[2])
    if not (1 <= month <= 12 and 1900 <= year <= 2999):
        return None
    return year, month


# A visitor's calendar depends only on the events, the address, the language and the day.
@cache_for_visitors(lambda request: (EVENTS,), extra=lambda: (timezone.localdate(),), timeout=3600)
def calendar_month(request):
    form, filters, query = _filters(request)
    today = timezone.localdate()
    chosen = _month(request.GET.get("month"))
    error = ""
    if chosen is None:
        if request.GET.get("month"):
            error = _("Enter a month as year and month, e.g. 2025-08. This month is shown instead.")
        chosen = (today.year, today.month)

    def context() -> dict:
        return {
            **selectors.month_bounds(*chosen),
            "form": form,
            "query": query,
            "keep": [("month", f"{chosen[0]:04d}-{chosen[1]:02d}")],
            "month_error": error,
            "today": today,
            "feed_network": form.chosen_network(),
            "month_table": _month_table(request, chosen, filters, query),
        }

    if error:
        return render(request, "events/calendar_month.html", context(), status=400)
    # A signed-in reader's calendar: kept for everyone with the same rights, as a visitor's is.
    return kept_page(
        request, "events/calendar_month.html", context, scopes=(EVENTS,), extra=(today.isoformat(),), timeout=3600
    )


def _month_table(request, chosen: tuple[int, int], filters: dict, query: str) -> str:
    """The month's table of days and events, drawn once per generation of the events.

    Kept under the events' generation, the day (for the Today mark), the language, the filters and
    the viewer's scope (who sees which events), so everyone who sees the same events shares it.
    """

    def draw() -> str:
        context = selectors.calendar_month(user=request.user, year=chosen[0], month=chosen[1], filters=filters)
        return render_to_string("events/_month_table.html", {**context, "query": query}, request=request)

    key = ":".join(
        [
            "events-month",
            get_language() or "",
            f"{chosen[0]}-{chosen[1]}",
            timezone.localdate().isoformat(),
            query,
            selectors.viewer_scope(request.audience),
        ]
    )
    table = fragment(key, draw, scopes=(EVENTS,), timeout=3600)
    return mark_safe(table)  # rendered from the template above, escaped there


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
    context.update(
        {
            "form": form,
            "query": query,
            "keep": keep,
            "past": past,
            "start": start,
            "from_error": error,
            "feed_network": form.chosen_network(),
        }
    )
    return render(request, "events/calendar_list.html", context, status=400 if error else 200)


# What the page depends on besides the event's generation (which any change of the event, its
# programme, registrations, questions or survey moves): who reads it and where they stand in the
# network (its generation), which of the event's moments have passed (registration opens or
# closes, the session starts or ends), and the network's news (reports). What has no version of
# its own (a survey opening at its time) is drawn again after at most this long.
DETAIL_SECONDS = 60


def event_detail(request, pk: int):
    """The event as the viewer sees it: kept whole, so a thousand registrants cost nothing per view."""
    event = get_visible_event(request, pk)
    now = timezone.now()
    moments = (event.registration_opens_at, event.registration_closes_at, event.starts_at, event.ends_at)
    version = event_version(event.pk)
    passed = "".join("1" if moment is not None and now >= moment else "0" for moment in moments)

    def context() -> dict:
        # The details, programme and participants are also kept apart, for every reader, under the
        # event's version (see the template): read (lazily) only when those are drawn afresh.
        page = SimpleLazyObject(lambda: selectors.event_page(event))
        return {
            "event": event,
            "network": event.network,
            "event_version": version,
            "summary": SimpleLazyObject(lambda: render_markdown(event.summary)),
            "can_manage": rules.may_manage(request.audience, event),
            "parts": SimpleLazyObject(lambda: page["parts"]),
            "participant_groups": SimpleLazyObject(lambda: page["participant_groups"]),
            "themes": SimpleLazyObject(lambda: page["themes"]),
        }

    return kept_page(
        request,
        "events/detail.html",
        context,
        scopes=(event_scope(event.pk), network_scope(event.network_id), news_scope(event.network)),
        extra=(request.user.pk, passed),
        timeout=DETAIL_SECONDS,
    )
