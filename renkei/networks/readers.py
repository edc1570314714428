"""Everyone who may read one row, as a User queryset: ``visible_to`` turned around, for fan-outs.

A post announced to thousands of followers cannot ask ``visible_to`` person by person. The row's
declared reach (``renkei.lib.visibility``) says which people read it; this turns that into who they
are: every signed-in person, a network's member staff, or only its secretariat. Superusers read
everything; deactivated accounts cannot sign in, so they read nothing.
"""

from django.contrib.auth import get_user_model
from django.db.models import Q

from renkei.lib.visibility import MEMBERS, PUBLIC, SIGNED_IN
from renkei.networks.models import Membership, Network
from renkei.organisations.models import Staff


def readers_of(obj, network: Network):
    """The active users who may read ``obj``, a row of ``network`` with a declared visibility."""
    users = get_user_model().objects.filter(is_active=True)
    reach = obj.reach()
    if reach in (PUBLIC, SIGNED_IN):
        return users
    organisations = Q(organisation_id=network.secretariat_id)
    if reach == MEMBERS:
        members = Membership.objects.active().filter(network_id=network.pk).values("organisation_id")
        organisations |= Q(organisation_id__in=members)
    return users.filter(Q(pk__in=Staff.objects.filter(organisations).values("user_id")) | Q(is_superuser=True))
