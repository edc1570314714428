"""The inquiries panel of the secretariat's dashboard: new and overdue inquiries."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils.translation import gettext as _

from renkei.inquiries.models import Inquiry
from renkei.inquiries.selectors import inbox_summary
from renkei.lib.worklists import network_work, work_changed
from renkei.networks.dashboard import Figure, Panel, panel


@panel(scopes=lambda network: (network_work(network.pk),))
def inquiries(network) -> Panel:
    summary = inbox_summary(network)
    figures = [
        Figure(_("New inquiries"), summary["new"], summary["url"]),
        Figure(_("Overdue inquiries"), summary["overdue"], summary["url"]),
    ]
    return Panel(10, _("Inquiries"), "inquiries/_summary.html", {"summary": summary}, figures)


@receiver([post_save, post_delete], sender=Inquiry)
def inquiry_changed(sender, instance: Inquiry, **kwargs) -> None:
    # New, answered or closed: the desk's figures move.
    work_changed(networks=[instance.network_id])
