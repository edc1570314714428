"""How an event's dates read: 2025年8月12日（火） 14:00–16:30, or 2025年7月8日（火） – 2025年8月28日（木）."""

from django import template
from django.utils import timezone

from renkei.lib.dates import format_date, range_dash

register = template.Library()


@register.filter
def event_when(event) -> str:
    """The event's days and times in Tokyo time; whole-day events without times."""
    start, end = timezone.localtime(event.starts_at), timezone.localtime(event.ends_at)
    first, last = format_date(start.date()), format_date(end.date())
    if event.all_day:
        return first if start.date() == end.date() else f"{first}{range_dash(spaced=True)}{last}"
    if start.date() == end.date():
        return f"{first} {start:%H:%M}{range_dash()}{end:%H:%M}"
    return f"{first} {start:%H:%M}{range_dash(spaced=True)}{last} {end:%H:%M}"


@register.filter
def part_when(part, with_day=False) -> str:
    """A programme part's times: 14:00–15:00; with the day first when the event runs over several days."""
    if part.starts_at is None:
        return ""
    start = timezone.localtime(part.starts_at)
    text = f"{format_date(start.date())} {start:%H:%M}" if with_day else f"{start:%H:%M}"
    if part.ends_at is not None:
        end = timezone.localtime(part.ends_at)
        dash = range_dash(spaced=end.date() != start.date())
        text += f"{dash}{end:%H:%M}" if end.date() == start.date() else f"{dash}{format_date(end.date())} {end:%H:%M}"
    return text


@register.filter
def local_datetime(value) -> str:
    """A moment in Tokyo time: 2025年8月1日（金） 10:00 / 1 August 2025 10:00."""
    if value is None:
        return ""
    local = timezone.localtime(value)
    return f"{format_date(local.date())} {local:%H:%M}"
