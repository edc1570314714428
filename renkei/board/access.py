"""Who may do what on a network's board: shared by every board view."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from renkei.board.models import Post
from renkei.networks.models import Membership, Network
from renkei.organisations.models import Organisation


def posting_organisation(user, network: Network) -> Organisation:
    """The organisation ``user`` writes for on this board: an active member, else the secretariat."""
    if not user.is_authenticated:
        raise PermissionDenied
    organisation = (
        Organisation.objects.filter(
            staff__user=user, memberships__network=network, memberships__status=Membership.Status.ACTIVE
        ).first()
        or Organisation.objects.filter(staff__user=user, pk=network.secretariat_id).first()
    )
    if organisation is None:
        raise PermissionDenied
    return organisation


def get_readable_post(request, slug: str, pk: int) -> Post:
    """A post of this network the user may read; 404 otherwise, so hidden posts stay unknown."""
    posts = Post.objects.visible_to(request.user).select_related("network", "category", "author_organisation")
    return get_object_or_404(posts, pk=pk, network__slug=slug)
