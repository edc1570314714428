"""The board's public face on other pages: the latest public posts of a network."""

from django import template

from renkei.board.feeds import latest_public_posts as latest

register = template.Library()


@register.inclusion_tag("board/_public_posts.html")
def latest_public_posts(network):
    """The network's newest posts anyone may read, with links to its board and Atom feed.

    Read on every view of the page, outside its cached fragments (posts are not part of the
    network's version); feeds.latest_public_posts keeps them in the cache until one changes.
    """
    return {"network": network, "posts": latest(network)}
