"""Server errors, and the clean 503 a request gets while the database or the shared cache is down."""

import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)


def _outage_errors() -> tuple[type[BaseException], ...]:
    errors: list[type[BaseException]] = [InterfaceError]
    try:
        from redis.exceptions import ConnectionError as RedisConnectionError
        from redis.exceptions import TimeoutError as RedisTimeoutError
    except ImportError:  # no Redis client: the cache is files or memory
        pass
    else:
        errors += [RedisConnectionError, RedisTimeoutError]
    return tuple(errors)


OUTAGE_ERRORS = _outage_errors()
# An OperationalError is also a lock timeout or a bad query; only a lost or refused connection counts.
CONNECTION_PHRASES = ("connection", "could not connect", "server closed", "terminating", "shutting down")


def is_outage(error: BaseException | None) -> bool:
    if isinstance(error, OUTAGE_ERRORS):
        return True
    return isinstance(error, OperationalError) and any(phrase in str(error).lower() for phrase in CONNECTION_PHRASES)


def server_error(request):
    """handler500: 503 with Retry-After while a backing service is out of reach, else the error page.

    Django calls it while handling the exception, whichever middleware or view raised it. By then
    the request's transaction was rolled back, so nothing half-written stays: the page says that
    nothing was saved, and a load balancer may retry elsewhere. Both pages are drawn without the
    request, the database or the cache.
    """
    error = sys.exc_info()[1]
    if is_outage(error):
        logger.error("backing service unavailable: %s", error)
        response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = "30"
        return response
    return HttpResponseServerError(render_to_string("500.html"))
