"""Who may do what on a network's board: shared by every board view."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from renkei.board import rules
from renkei.board.models import Post
from renkei.lib.visibility import as_audience
from renkei.networks.models import Membership, Network
from renkei.organisations.models import Organisation


def posting_organisation(user, network: Network) -> Organisation:
    """The organisation ``user`` writes for on this board: an active member, else the secretariat."""
    if not rules.may_post(as_audience(user), network):
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
    network = Network.objects.get_cached(slug)
    if network is None:
        raise Http404
    posts = Post.objects.visible_to(request.audience, network_id=network.pk).select_related(
        "category", "author_organisation"
    )
    post = get_object_or_404(posts, pk=pk)
    post.network = network  # the cached row: saves a join, and its standing is cached with it
    return post


def can_edit_post(user, post: Post) -> bool:
    """Staff of the post's organisation, or of the network's secretariat, may edit and close it."""
    return rules.may_edit(as_audience(user), post)


def get_editable_post(request, slug: str, pk: int) -> Post:
    """A post the user may read and edit; 404 when they may not read it, 403 when only read."""
    post = get_readable_post(request, slug, pk)
    if not can_edit_post(request.user, post):
        raise PermissionDenied
    return post
