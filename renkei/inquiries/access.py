"""Who may handle a desk's inquiries: its secretariat, or site staff for the platform, with two factors."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from renkei.inquiries.models import Inquiry
from renkei.networks.access import SecondFactorRequired, get_network_for_secretariat, user_has_second_factor
from renkei.networks.models import Network


def get_desk(request, slug: str | None) -> Network | None:
    """The network whose inbox this is (None: the platform's), after checking who asks."""
    if slug is not None:
        return get_network_for_secretariat(request, slug)
    if not (request.user.is_authenticated and request.user.is_staff):
        raise PermissionDenied
    if not user_has_second_factor(request):
        raise SecondFactorRequired
    return None


def get_inquiry(request, slug: str | None, pk: int) -> tuple[Network | None, Inquiry]:
    """The desk and one of its inquiries; 404 for another desk's, so their numbers tell nothing."""
    desk = get_desk(request, slug)
    inquiries = Inquiry.objects.visible_to(request.user).for_desk(desk).select_related("assignee", "policy")
    return desk, get_object_or_404(inquiries, pk=pk)


def get_public_desk(slug: str | None) -> Network | None:
    """The network whose public form this is (None: the platform's); 404 for an unknown slug."""
    if slug is None:
        return None
    network = Network.objects.get_cached(slug)
    if network is None:
        raise Http404
    return network
