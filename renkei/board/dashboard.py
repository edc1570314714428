"""The board's panel of the secretariat's dashboard: reports waiting for moderation."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.urls import reverse
from django.utils.translation import gettext as _

from renkei.board.models import Post, Report
from renkei.lib.worklists import network_work, work_changed
from renkei.networks.dashboard import Figure, Panel, panel


@panel(scopes=lambda network: (network_work(network.pk),))
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


@receiver([post_save, post_delete], sender=Report)
def report_changed(sender, instance: Report, **kwargs) -> None:
    # Made or resolved: the moderators' count moves.
    network_id = Post.objects.filter(pk=instance.post_id).values_list("network_id", flat=True).first()
    work_changed(networks=[network_id])
