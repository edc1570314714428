"""The REST API at /api/v1/ (django-ninja), with OpenAPI at /api/v1/openapi.json."""

from ninja import NinjaAPI

from renkei.accounts.api_auth import optional_auth
from renkei.networks.api import router as networks_router
from renkei.registry.api import router as registry_router

api = NinjaAPI(
    title="Renkei API",
    version="1",
    description="Japan's local governments, networks and their members.",
    auth=optional_auth,
    urls_namespace="api",
)
api.add_router("/local-governments", registry_router)
api.add_router("/networks", networks_router)
