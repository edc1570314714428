from django import template

from renkei.lib.dates import format_date
from renkei.news.selectors import event_reports as _event_reports

register = template.Library()


@register.simple_tag
def event_reports(event, user):
    """The report articles of an event this user may read (news/_event_reports.html)."""
    return _event_reports(event, user)


@register.filter
def news_date(value) -> str:
    """A published time as its date: 2025年7月28日（月） or 28 July 2025."""
    from django.utils import timezone

    return format_date(timezone.localdate(value)) if value else ""
