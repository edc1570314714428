"""What a person may do on a network's board, from their audience: its pages and its views ask the same."""

from renkei.lib.audience import Audience


def may_post(audience: Audience, network) -> bool:
    """Staff of an active member, or of the secretariat, write for their organisation."""
    return network.pk in audience.open_networks


def may_edit(audience: Audience, post) -> bool:
    """Staff of the post's organisation, or of the network's secretariat, edit and close it."""
    return post.author_organisation_id in audience.organisations or audience.runs(post.network_id)


def may_report(audience: Audience, post) -> bool:
    """Members tell the secretariat what is wrong with a post they read (the secretariat moderates it)."""
    return audience.is_member(post.network_id) and not audience.runs(post.network_id)


def may_moderate(audience: Audience, network) -> bool:
    """Pin, lock, hide and move: the secretariat, signed in with two factors."""
    return audience.manages(network.pk)
