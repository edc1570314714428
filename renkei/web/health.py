"""What the load balancer asks each web node: can you reach the database and the shared cache?"""

import logging
from uuid import uuid4

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

logger = logging.getLogger(__name__)


def _database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _cache() -> None:
    key, value = f"health:{uuid4().hex}", uuid4().hex
    cache.set(key, value, 10)
    if cache.get(key) != value:
        raise RuntimeError("the cache did not give back what was just stored")
    cache.delete(key)


@never_cache
def health(request):
    """200 when the database and the cache answer, 503 naming the part that does not.

    Sets no cookie and reads no session, so a check every few seconds costs nothing else.
    """
    checks = {}
    for name, check in (("database", _database), ("cache", _cache)):
        try:
            check()
            checks[name] = "ok"
        except Exception as error:  # noqa: BLE001 - any failure is an unhealthy node
            logger.warning("health check of the %s failed: %s", name, error)
            checks[name] = "unavailable"
    healthy = all(state == "ok" for state in checks.values())
    return JsonResponse({"status": "ok" if healthy else "unavailable", **checks}, status=200 if healthy else 503)
