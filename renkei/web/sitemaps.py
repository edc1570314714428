"""sitemap.xml and robots.txt: the public pages search engines may list, in Japanese and English.

Board posts appear only when anyone may read them (``Post.objects.public()``);
members' and signed-in posts, and hidden ones, never do.
"""

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.http import HttpResponse
from django.urls import reverse
from django.utils import translation
from django.views.decorators.cache import cache_page
from django.views.decorators.http import require_GET

from renkei.board.models import Post
from renkei.networks.models import Network
from renkei.registry.models import LocalGovernment


class _Bilingual(Sitemap):
    # Each page in every language (/ and /en/), each listing its other-language versions.
    i18n = True
    alternates = True
    x_default = True


class PagesSitemap(_Bilingual):
    changefreq = "daily"

    def items(self):
        return ["web:home", "registry:list", "networks:list"]

    def location(self, item):
        return reverse(item)


class LocalGovernmentSitemap(_Bilingual):
    changefreq = "monthly"

    def items(self):
        return LocalGovernment.objects.order_by("code").only("code")

    def location(self, item):
        return reverse("registry:detail", kwargs={"code": item.code})


class NetworkSitemap(_Bilingual):
    changefreq = "weekly"

    def items(self):
        return Network.objects.order_by("id").only("slug", "changed_at")

    def location(self, item):
        return reverse("networks:detail", kwargs={"slug": item.slug})

    def lastmod(self, item):
        return item.changed_at


class PublicPostSitemap(Sitemap):
    # Posts are written in one language and may be many: Django's i18n sitemaps list every item
    # in memory, so posts are listed once, at the default language's address.
    changefreq = "weekly"

    def items(self):
        return Post.objects.public().select_related("network").only("pk", "updated_at", "network__slug").order_by("id")

    def location(self, item):
        with translation.override(settings.LANGUAGE_CODE):
            return reverse("board:post_detail", kwargs={"slug": item.network.slug, "pk": item.pk})

    def lastmod(self, item):
        return item.updated_at


sitemaps = {
    "pages": PagesSitemap,
    "local-governments": LocalGovernmentSitemap,
    "networks": NetworkSitemap,
    "posts": PublicPostSitemap,
}

ROBOTS = """User-agent: *
Disallow: /accounts/
Disallow: /en/accounts/
Disallow: /admin/
Disallow: /en/admin/
Disallow: /api/

Sitemap: {sitemap}
"""


@require_GET
@cache_page(3600)
def robots_txt(request):
    return HttpResponse(
        ROBOTS.format(sitemap=request.build_absolute_uri(reverse("sitemap"))), content_type="text/plain"
    )
