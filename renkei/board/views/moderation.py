"""The secretariat's hand on the board."""


def detail_context(request, post) -> dict:
    """What the post page offers the network's secretariat."""
    return {}
