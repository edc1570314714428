"""Access helpers: one per resource, each returns the object or raises PermissionDenied.

Views call these first; what a person may *see* in lists is decided by the models'
``visible_to`` QuerySet methods instead.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from renkei.networks.models import Network
from renkei.organisations.models import Organisation, Staff


class SecondFactorRequired(PermissionDenied):
    """The secretariat must sign in with a second factor; raised until they have one."""


def user_has_second_factor(request) -> bool:
    """True when this session was signed in with a second factor (allauth.mfa), as the request's audience has it."""
    return request.audience.second_factor


def get_network_for_secretariat(request, slug: str) -> Network:
    """The network whose secretariat the signed-in user belongs to, signed in with two factors
    (as the request's audience has it: no further query)."""
    network = Network.objects.get_cached(slug)
    if network is None:
        raise Http404
    audience = request.audience
    if not audience.runs(network.pk):
        raise PermissionDenied
    if not audience.second_factor:
        raise SecondFactorRequired
    return network


def get_organisation_for_staff(request, pk: int, *, admin: bool = False) -> Organisation:
    """An organisation the signed-in user is staff of (its admin, when ``admin``)."""
    organisation = get_object_or_404(Organisation, pk=pk)
    roles = Staff.objects.filter(user=request.user, organisation=organisation) if request.user.is_authenticated else []
    if not roles or (admin and not any(r.role == Staff.Role.ADMIN for r in roles)):
        raise PermissionDenied
    return organisation
