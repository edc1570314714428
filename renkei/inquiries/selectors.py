"""Reads for other pages: the inbox's figures on the secretariat's dashboard."""

from renkei.inquiries.links import desk_url
from renkei.inquiries.models import Inquiry
from renkei.networks.models import Network


def inbox_summary(network: Network | None) -> dict:
    """New and overdue inquiries of a desk, with the inbox's address, for a dashboard card.

    For pages the secretariat (or site staff, for the platform) already passed the access check
    of; include "inquiries/_summary.html" with ``summary`` set to this.
    """
    figures = Inquiry.objects.for_desk(network).figures()
    return {"new": figures["new"], "overdue": figures["overdue"], "url": desk_url("inbox", network)}
