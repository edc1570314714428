from django import template
from django.utils import timezone
from django.utils.translation import gettext as _

from renkei.inquiries.links import desk_url as _desk_url
from renkei.lib.dates import format_date

register = template.Library()


@register.simple_tag
def desk_url(name: str, network, *args) -> str:
    return _desk_url(name, network, *args)


@register.filter
def desk_name(network) -> str:
    """The name an inquirer wrote to: the network's, or Renkei's own."""
    return network.name if network is not None else _("Renkei")


@register.filter
def received(value) -> str:
    """A moment in Tokyo time: 2025年8月1日（金） 10:00 / 1 August 2025 10:00."""
    if value is None:
        return ""
    local = timezone.localtime(value)
    return f"{format_date(local.date())} {local:%H:%M}"
