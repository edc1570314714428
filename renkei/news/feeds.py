"""The Atom feed of a network's public news.

Only what an anonymous visitor may read goes in (``Article.objects.public()``):
a feed is fetched by readers and aggregators that never sign in, and is easily forwarded.
"""

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import gettext as _

from renkei.lib.text import plain_excerpt
from renkei.networks.models import Network
from renkei.news.models import Article
from renkei.news.selectors import public_articles

FEED_SIZE = 50


class NewsFeed(Feed):
    # The feed's language is the request's (Feed falls back to get_language()): / or /en/.
    feed_type = Atom1Feed

    def get_object(self, request, slug: str):
        network = Network.objects.get_cached(slug)
        if network is None:
            raise Http404
        return network

    def title(self, obj: Network) -> str:
        return _("%(network)s — news") % {"network": obj.name}

    def subtitle(self, obj: Network) -> str:
        return _("Public news and activity reports of %(network)s.") % {"network": obj.name}

    def link(self, obj: Network) -> str:
        return reverse("news:list", kwargs={"slug": obj.slug})

    def feed_url(self, obj: Network) -> str:
        return reverse("news:feed", kwargs={"slug": obj.slug})

    def author_name(self, obj: Network) -> str:
        return obj.name

    def items(self, obj: Network):
        return public_articles(obj).select_related("network").defer(None)[:FEED_SIZE]

    def item_title(self, item: Article) -> str:
        return item.title

    def item_link(self, item: Article) -> str:
        return reverse("news:detail", kwargs={"slug": item.network.slug, "pk": item.pk})

    def item_description(self, item: Article) -> str:
        # Atom1Feed marks the summary as HTML; escaped, the plain text reads as written.
        return escape(item.summary or plain_excerpt(item.body))

    def item_pubdate(self, item: Article):
        return item.published_at

    def item_updateddate(self, item: Article):
        return max(item.updated_at, item.published_at)

    def item_categories(self, item: Article):
        return [item.get_kind_display()]


news_feed = NewsFeed()
