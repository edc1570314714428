"""The REST API at /api/v1/ (django-ninja), with OpenAPI at /api/v1/openapi.json."""

from ninja import NinjaAPI, Swagger

from renkei.accounts.api_auth import optional_auth
from renkei.board.api import router as posts_router
from renkei.events.api import router as events_router
from renkei.events.api_registration import router as event_registrations_router
from renkei.matching.api import needs_router, offers_router, programmes_router
from renkei.networks.api import router as networks_router
from renkei.news.api import router as news_router
from renkei.partnerships.api import router as partnerships_router
from renkei.registry.api import router as registry_router
from renkei.search.api import router as search_router

api = NinjaAPI(
    title="Renkei API",
    version="1",
    description=(
        "Japan's local governments, networks and their members. Every `url` is a page's full address on the site."
    ),
    auth=optional_auth,
    urls_namespace="api",
    # Swagger UI's files come from django-ninja's static files ("ninja" in INSTALLED_APPS), not a
    # CDN; no validator badge, which would fetch from validator.swagger.io.
    docs=Swagger(settings={"validatorUrl": None}),
)
api.add_router("/local-governments", registry_router)
api.add_router("/networks", networks_router)
api.add_router("/posts", posts_router)
api.add_router("/events", events_router)
api.add_router("/search", search_router)
api.add_router("/events", event_registrations_router)
api.add_router("/partnerships", partnerships_router)
api.add_router("/needs", needs_router)
api.add_router("/offers", offers_router)
api.add_router("/programmes", programmes_router)
api.add_router("/news", news_router)
