"""What a person may do with a network, from their audience: its pages' buttons and its views ask the same."""

from renkei.lib.audience import Audience


def may_manage(audience: Audience, network) -> bool:
    """The network's secretariat (its pages then ask for the second factor, if not yet given)."""
    return audience.runs(network.pk)


def may_read_directory(audience: Audience, network) -> bool:
    """The member directory shows contacts: fellow members and the secretariat only."""
    return network.pk in audience.open_networks


def may_apply(audience: Audience, network) -> bool:
    """Apply to join: an open network, asked by anyone not already in it (a member, its secretariat)."""
    return network.accepts_applications and network.pk not in audience.open_networks
