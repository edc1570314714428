"""The board's panel of the secretariat's dashboard: reports waiting for moderation."""

from django.urls import reverse
from django.utils.translation import gettext as _

from renkei.board.models import Report
from renkei.networks.dashboard import Figure, Panel, panel


@panel
def reports_to_moderate(network) -> Panel:
    waiting = Report.objects.filter(post__network=network, resolved_at__isnull=True).count()
    url = reverse("board:reports", args=[network.slug])
    return Panel(
        50,
        _("Bulletin board"),
        "board/_dashboard_panel.html",
        {"waiting": waiting},
        [Figure(_("Reports to moderate"), waiting, url)],
    )
