"""Template filters for how Renkei writes dates: 2025年7月28日（月） / 28 July 2025."""

from django import template

from renkei.lib.dates import fiscal_year_label, format_date

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
