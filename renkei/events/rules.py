"""What a person may do with an event, from their audience: its pages and its views ask the same."""

from renkei.lib.audience import Audience


def may_manage(audience: Audience, event) -> bool:
    """Edit, check in and read registrants: the secretariat of the event's network."""
    return audience.runs(event.network_id)
