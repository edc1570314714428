"""Whole pages kept for anonymous visitors, under the version of what they show.

Public pages are read far more by visitors than they change, and a visitor's page depends only
on its address, its language and the data behind it. Such a page is kept in each process's
memory (the "fragments" cache) under a key holding the version of that data, so a change shows
at once and nothing ever has to be deleted.

Signed-in users never get a kept page: theirs carries their name, their menu and a CSRF token.
Nor does a visitor with a session or a pending message (after applying to a network, say):
their page may show something meant for them alone.
"""

from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.utils.translation import get_language

# Headers a kept page is served again with; the middleware adds the rest on the way out.
KEPT_HEADERS = ("Content-Type", "Content-Language", "Last-Modified", "Link")


def _is_plain_visit(request: HttpRequest) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and not request.user.is_authenticated
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and CookieStorage.cookie_name not in request.COOKIES
        and not getattr(request, "htmx", False)
    )


def cache_for_visitors(version: Callable[..., str | None], timeout: int = 600):
    """Serve anonymous visitors the page kept for ``version(request, *args, **kwargs)``.

    ``version`` names everything the page shows beyond its address and language; when it
    returns None (no such network, say) the view runs as usual. Only a 200 response that sets
    no cookie is kept.
    """

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not _is_plain_visit(request):
                return view(request, *args, **kwargs)
            token = version(request, *args, **kwargs)
            if token is None:
                return view(request, *args, **kwargs)
            store = caches["fragments"]
            key = f"visitor-page:{get_language()}:{token}:{request.get_full_path()}"
            kept = store.get(key)
            if kept is not None:
                content, headers = kept
                response = HttpResponse(content)
                for name, value in headers:
                    response[name] = value
                return response
            response = view(request, *args, **kwargs)
            if getattr(response, "render", None) and not getattr(response, "is_rendered", True):
                response.render()
            if (
                response.status_code == 200
                and not response.streaming
                and not response.cookies
                and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
            ):
                headers = [(name, response[name]) for name in KEPT_HEADERS if name in response]
                store.set(key, (response.content, headers), timeout)
            return response

        return wrapper

    return decorator
