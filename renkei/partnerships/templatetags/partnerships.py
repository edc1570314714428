from django import template

from renkei.partnerships.models import country_name as _country_name

register = template.Library()


@register.filter
def country_name(code: str) -> str:
    """ドイツ / Germany for DE."""
    return _country_name(code) if code else ""
