"""Atom feeds of a network's public board posts: the whole board, and one category.

Only what an anonymous visitor may read goes in (``Post.objects.visible_to(AnonymousUser())``):
a feed is fetched by readers and aggregators that never sign in, and is easily forwarded.
"""

from django.contrib.auth.models import AnonymousUser
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import gettext as _

from renkei.board.models import Category, Post
from renkei.board.selectors import board_scope
from renkei.lib.caching import kept
from renkei.lib.text import plain_excerpt
from renkei.networks.models import Network, network_scope

FEED_SIZE = 50


def public_posts(network: Network, category: Category | None = None):
    """The network's posts anyone may read, newest first, with what a listing shows of each."""
    posts = Post.objects.visible_to(AnonymousUser()).filter(network=network)
    if category is not None:
        posts = posts.filter(category=category)
    return posts.select_related("network", "category", "author_organisation").order_by("-created_at", "-id")


LATEST = 5


def latest_public_posts(network: Network) -> list[Post]:
    """The network's newest public posts, as its public page shows them.

    Kept until the board changes (a post, category or theme: signals.py) or the network does
    (an organisation's new name bumps its generation): the query would otherwise run on
    every view of the network's page.
    """

    def build() -> list[Post]:
        # The card shows no body, and the network is the one given.
        posts = public_posts(network).select_related(None).select_related("category", "author_organisation")
        return list(posts.defer("body")[:LATEST])

    scopes = (board_scope(network.pk), network_scope(network.pk))
    return kept(f"board-latest-public-posts:{network.pk}", build, 600, scopes=scopes)


class BoardFeed(Feed):
    # The feed's language is the request's (Feed falls back to get_language()): / or /en/.
    feed_type = Atom1Feed

    def get_object(self, request, slug: str, category_id: int | None = None):
        network = get_object_or_404(Network, slug=slug)
        category = None
        if category_id is not None:
            category = get_object_or_404(Category, network=network, pk=category_id)
        return network, category

    def title(self, obj) -> str:
        network, category = obj
        if category is not None:
            return _("%(network)s: %(category)s — public posts") % {"network": network.name, "category": category.name}
        return _("%(network)s — public posts") % {"network": network.name}

    def subtitle(self, obj) -> str:
        return _("Posts on the bulletin board of %(network)s that anyone may read.") % {"network": obj[0].name}

    def link(self, obj) -> str:
        network, category = obj
        url = reverse("board:list", kwargs={"slug": network.slug})
        return f"{url}?category={category.pk}" if category is not None else url

    def feed_url(self, obj) -> str:
        network, category = obj
        if category is not None:
            return reverse("board:category_feed", kwargs={"slug": network.slug, "category_id": category.pk})
        return reverse("board:feed", kwargs={"slug": network.slug})

    def items(self, obj):
        return public_posts(*obj)[:FEED_SIZE]

    def item_title(self, item: Post) -> str:
        return item.title

    def item_link(self, item: Post) -> str:
        return reverse("board:post_detail", kwargs={"slug": item.network.slug, "pk": item.pk})

    def item_description(self, item: Post) -> str:
        # Atom1Feed marks the summary as HTML; escaped, the plain text reads as written.
        return escape(plain_excerpt(item.body))

    def item_author_name(self, item: Post) -> str:
        return item.author_organisation.name

    def item_pubdate(self, item: Post):
        return item.created_at

    def item_updateddate(self, item: Post):
        return item.updated_at

    def item_categories(self, item: Post):
        return [item.category.name]


board_feed = BoardFeed()
