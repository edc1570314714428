"""The programmes panel of the secretariat's dashboard: how far each relayed programme has reached."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from renkei.lib.text import labelled
from renkei.lib.worklists import network_work
from renkei.matching.models import Programme, ProgrammeTarget
from renkei.networks.dashboard import Figure, Panel, panel

SHOWN = 5
STATUSES = [status for status, _label in ProgrammeTarget.Status.choices]


@panel(scopes=lambda network: (network_work(network.pk),))
def programme_relay(network) -> Panel:
    today = timezone.localdate()
    counts = {f"n_{status}": Count("targets", filter=Q(targets__status=status)) for status in STATUSES}
    programmes = list(
        Programme.objects.filter(network=network, is_draft=False)
        .filter(Q(deadline__isnull=True) | Q(deadline__gte=today))
        .annotate(**counts)
        .order_by("deadline", "-id")[:SHOWN]
    )
    labels = dict(ProgrammeTarget.Status.choices)
    rows = [(p, [(labels[s], getattr(p, f"n_{s}")) for s in STATUSES]) for p in programmes]
    figures = [
        Figure(labelled(p.title, label), n, reverse("matching:programme_detail", args=[p.pk]))
        for p, cells in rows
        for label, n in cells
    ]
    return Panel(
        40,
        _("Programmes relayed to members"),
        "matching/_dashboard_panel.html",
        {"rows": rows, "labels": [labels[s] for s in STATUSES]},
        figures,
    )
