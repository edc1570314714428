"""What a person may do with a network's news, from their audience: its pages and its views ask the same."""

from renkei.lib.audience import Audience


def may_manage(audience: Audience, network) -> bool:
    """Write articles and newsletter issues: the network's secretariat (asked then for the second factor)."""
    return audience.runs(network.pk)
