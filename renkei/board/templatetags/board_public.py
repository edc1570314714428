"""The board's public face on other pages: the latest public posts of a network."""

from django import template

from renkei.board.feeds import public_posts

register = template.Library()

LATEST = 5


@register.inclusion_tag("board/_public_posts.html")
def latest_public_posts(network):
    """The network's newest posts anyone may read, with links to its board and Atom feed.

    Read on every view of the page, outside its cached fragments: posts are not part of the
    network's version, and a post made members-only or hidden must leave the page at once.
    """
    return {"network": network, "posts": list(public_posts(network)[:LATEST])}
