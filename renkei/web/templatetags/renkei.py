"""Template filters for how Renkei writes dates and money: 2025年7月28日（月）, 30,000円 (docs/glossary.md)."""

from django import template
from django.utils.translation import get_language, gettext

from renkei.lib.dates import fiscal_year_label, format_date, format_datetime, format_range
from renkei.lib.money import format_yen
from renkei.lib.text import listed
from renkei.lib.urls import safe_next

register = template.Library()


@register.filter
def longdate(value):
    """2025年7月28日（月） in Japanese, 28 July 2025 in English."""
    return format_date(value)


@register.filter
def wareki(value):
    """令和7年7月28日（月） in Japanese (as officials write it), 28 July 2025 in English."""
    return format_date(value, wareki=True)


@register.filter
def fiscal_year(value):
    """令和7年度 in Japanese, FY2025 in English."""
    return fiscal_year_label(value) if value is not None else ""


@register.filter
def longdatetime(value):
    """2025年7月28日（月）14:30 in Japanese, 28 July 2025, 14:30 in English, in Japan's time."""
    return format_datetime(value)


@register.filter
def daterange(start, end):
    """``{{ start|daterange:end }}``: 2025年8月12日（火）〜15日（金）, 12 August 2025 – 15 August 2025."""
    return format_range(start, end)


@register.filter
def yen(value):
    """30,000円 in Japanese, ¥30,000 in English."""
    return format_yen(value)


@register.simple_tag
def colon():
    """The colon after a label: full-width 「：」 in Japanese, ": " in English."""
    return "：" if (get_language() or "ja").startswith("ja") else ": "


@register.filter
def named_errors(field):
    """A field's errors, with Django's bare "This field is required." naming the field and what to do."""
    required = gettext("This field is required.")
    if field.widget_type == "checkbox":
        named = gettext("Tick “%(label)s” to go on.")
    elif field.widget_type in ("select", "radioselect", "checkboxselectmultiple"):
        named = gettext("Choose “%(label)s”.")
    else:
        named = gettext("Fill in “%(label)s”.")
    errors = field.errors.copy()
    errors.field_id = getattr(field.errors, "field_id", None)
    errors.data = [named % {"label": field.label} if message == required else message for message in field.errors]
    return errors


@register.simple_tag(takes_context=True)
def next_page(context):
    """The request's ``next`` address when it is one of Renkei's own pages, else empty."""
    return safe_next(context["request"])


@register.filter
def words(values):
    """Names in a run: 「フランス、ドイツ」 in Japanese, "France, Germany" in English."""
    return listed(values)
