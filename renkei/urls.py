from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path

from renkei.accounts.second_factor import activate_totp
from renkei.api import api
from renkei.web.health import health
from renkei.web.queue import queue
from renkei.web.sitemaps import robots_txt, sitemaps

handler500 = "renkei.web.errors.server_error"

# Japanese at /, English at /en/.
urlpatterns = [
    path("api/v1/", api.urls),
    path("healthz", health, name="health"),
    path("robots.txt", robots_txt, name="robots_txt"),
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": sitemaps, "sitemap_url_name": "sitemap_section"},
        name="sitemap",
    ),
    path("sitemap-<section>.xml", sitemap_views.sitemap, {"sitemaps": sitemaps}, name="sitemap_section"),
    *i18n_patterns(
        path("", include("renkei.web.urls")),
        path("local-governments/", include("renkei.registry.urls")),
        path("networks/<slug:slug>/board/", include("renkei.board.urls")),
        path("networks/<slug:slug>/news/", include("renkei.news.urls")),
        path("networks/", include("renkei.networks.urls")),
        path("events/", include("renkei.events.urls")),
        path("partnerships/", include("renkei.partnerships.urls")),
        path("matching/", include("renkei.matching.urls")),
        path("contact/", include("renkei.inquiries.urls")),
        path("organisations/", include("renkei.organisations.urls")),
        path("search/", include("renkei.search.urls")),
        path("accounts/", include("renkei.accounts.urls")),
        path("notifications/", include("renkei.notifications.urls")),
        # Before allauth's own: activation returns to the page that asked for the second factor.
        path("accounts/2fa/totp/activate/", activate_totp, name="mfa_activate_totp"),
        path("accounts/", include("allauth.urls")),
        path("admin/queue/", queue, name="admin_queue"),
        path("admin/", admin.site.urls),
        prefix_default_language=False,
    ),
]

if settings.RENKEI_BENCH:
    from bench.floor import floor

    urlpatterns += [path("bench/floor/", floor)]

# Nothing under MEDIA_ROOT is served by its address, not even by `make run`: every uploaded
# file (board attachments, news and exchange photos) has its own view, which checks that the
# reader may see the row it belongs to.
