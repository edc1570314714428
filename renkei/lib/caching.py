"""Whole pages kept for anonymous visitors, under the version of what they show.

Public pages are read far more by visitors than they change, and a visitor's page depends only
on its address, its language and the data behind it. Such a page is kept in each process's
memory (the "fragments" cache) under a key holding the version of that data, so a change shows
at once and nothing ever has to be deleted.

Signed-in users never get a visitor's kept page: theirs carries their name, their menu and a
CSRF token. Nor does a visitor with a session or a pending message (after applying to a network,
say): their page may show something meant for them alone.

For signed-in readers, ``kept_page`` keeps a page under a state the view names (versions and
what is particular to the reader), with the CSRF token put in on each view; ``kept`` keeps any
value that never changes under its key in the process's memory, in front of the shared cache.
"""

import hashlib
import secrets
import threading
from collections import OrderedDict
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib.messages import get_messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache, caches
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template.loader import render_to_string
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
            address = f"{get_language()}:{token}:{request.get_full_path()}"
            key = "visitor-page:" + hashlib.md5(address.encode(), usedforsecurity=False).hexdigest()
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


# Values kept by ``kept`` in this process, newest last: read as they are, without a trip to
# the shared cache or unpickling.
_KEPT: OrderedDict[str, Any] = OrderedDict()
_KEPT_LOCK = threading.Lock()
KEPT_ENTRIES = 1000


def kept(key: str, build: Callable[[], Any], timeout: int = 3600) -> Any:
    """The value under ``key``: from this process's memory, else the shared cache, else ``build()``.

    Only for values that never change under their key, because the key holds the version of
    everything they depend on (a board's version token, a network's ``changed_at``): a change
    makes a new key, and the old entries simply age out. Callers must not modify what they get:
    the same objects answer every later request of this process.
    """
    with _KEPT_LOCK:
        if key in _KEPT:
            _KEPT.move_to_end(key)
            return _KEPT[key]
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, timeout)
    with _KEPT_LOCK:
        _KEPT[key] = value
        while len(_KEPT) > KEPT_ENTRIES:
            _KEPT.popitem(last=False)
    return value


def forget_kept() -> None:
    """Empty this process's kept values (tests start each with an empty cache)."""
    with _KEPT_LOCK:
        _KEPT.clear()


# Drawn in place of the reader's CSRF token in a kept page; letters and digits only, so
# escaping leaves it whole. Per process, as the pages kept with it.
_TOKEN_MARK = "csrf" + secrets.token_hex(16)


def kept_page(
    request: HttpRequest, template: str, state: tuple, context: Callable[[], dict], timeout: int = 600
) -> HttpResponse:
    """``template`` drawn with ``context()``, kept in this process under ``state``, the language and the address.

    For signed-in pages that are read far more than they change. ``state`` must name everything
    the page depends on besides those: the versions of the data it shows and what is particular
    to the reader (their standing, follows, read marks, their id where the page shows what is
    theirs); the layout around the content depends only on whether they are signed in. The
    CSRF token is the one thing drawn per view, so the page's forms carry the reader's own. A
    page with a message to show once (after posting, say) is drawn for that view only.
    ``timeout`` bounds how long a page is kept when part of it has no version (a time passing).
    """
    if get_messages(request):
        return render(request, template, context())
    key = "kept-page:" + hashlib.sha256(repr((state, get_language(), request.get_full_path())).encode()).hexdigest()
    fragments = caches["fragments"]
    # Kept encoded: bytes are read back from the cache and answered without a copy or encoding.
    page = fragments.get(key)
    if page is None:
        page = render_to_string(template, {**context(), "csrf_token": _TOKEN_MARK}, request=request).encode()
        fragments.set(key, page, timeout)
    mark = _TOKEN_MARK.encode()
    if mark in page:  # a visitor's page has no form to protect: no token, no cookie
        page = page.replace(mark, get_token(request).encode())
    return HttpResponse(page)
