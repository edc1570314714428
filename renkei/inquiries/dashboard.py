"""The inquiries panel of the secretariat's dashboard: new and overdue inquiries."""

from django.utils.translation import gettext as _

from renkei.inquiries.selectors import inbox_summary
from renkei.networks.dashboard import Figure, Panel, panel


@panel
def inquiries(network) -> Panel:
    summary = inbox_summary(network)
    figures = [
        Figure(_("New inquiries"), summary["new"], summary["url"]),
        Figure(_("Overdue inquiries"), summary["overdue"], summary["url"]),
    ]
    return Panel(10, _("Inquiries"), "inquiries/_summary.html", {"summary": summary}, figures)
