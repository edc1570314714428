"""Atom feed of the round anniversaries coming up, with the anniversaries page's filters.

Only partnerships an anonymous visitor may see go in: a feed is read by aggregators that never
sign in, and is easily forwarded.
"""

from django.contrib.auth.models import AnonymousUser
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from renkei.partnerships.selectors import with_parties
from renkei.partnerships.views import AnniversaryListing, _anniversary_label

FEED_SIZE = 100


class AnniversaryFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request):
        # The feed reads the same filters as the page, as an anonymous visitor.
        request.user = AnonymousUser()
        return AnniversaryListing(request)

    def title(self, obj) -> str:
        return _("Partnership anniversaries in the next %(months)s months") % {"months": obj.months}

    def subtitle(self, obj) -> str:
        return _("Round anniversaries (5th, 10th… 30th, 40th…) of sister cities and agreements.")

    def link(self, obj) -> str:
        return reverse("partnerships:anniversaries")

    def feed_url(self, obj) -> str:
        query = obj.request.GET.urlencode()
        return reverse("partnerships:anniversaries_feed") + (f"?{query}" if query else "")

    def items(self, obj):
        partnerships = list(with_parties(obj.queryset())[:FEED_SIZE])
        for partnership in partnerships:
            partnership.number = partnership.due_year - partnership.start_year
        return partnerships

    def item_title(self, item) -> str:
        return _("%(number)sth anniversary: %(parties)s (%(day)s)") % {
            "number": item.number,
            "parties": item.display_label,
            "day": _anniversary_label(item),
        }

    def item_link(self, item) -> str:
        return reverse("partnerships:detail", kwargs={"pk": item.pk}) + f"#anniversary-{item.due_year}"

    def item_guid(self, item) -> str:
        return f"partnership-{item.pk}-anniversary-{item.due_year}"

    item_guid_is_permalink = False

    def item_description(self, item) -> str:
        return _("%(kind)s, established %(day)s.") % {
            "kind": item.get_kind_display(),
            "day": item.established_display,
        }

    def item_pubdate(self, item):
        return item.created_at

    def item_updateddate(self, item):
        return item.updated_at


anniversary_feed = AnniversaryFeed()
