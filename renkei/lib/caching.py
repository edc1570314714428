"""Pages, fragments and reads kept until what they show changes.

Everything kept is keyed by the generations of what it depends on (``renkei.lib.generations``):
a write bumps its scopes, so a change shows at once and nothing ever has to be found and
deleted. A kept page's key is its address, its language, the reader's audience key (what they
may see and do, never who they are) and those generations, with ``extra`` for what is the
reader's own (their follows, their read marks): two people with different rights never share a
copy. Pages are kept in each process's memory (the "fragments" cache); ``kept`` keeps values in
the shared cache with this process's memory in front.

With ``RENKEI_KEEP_PAGES`` off, every page and value is drawn afresh (``fragmentcache.keeping``).
"""

import hashlib
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

from renkei.lib import generations
from renkei.lib.fragmentcache import keeping

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


def page_key(request: HttpRequest, *, scopes, extra=()) -> str:
    """The key of the page ``request`` asks for, as its reader's audience sees it, under ``scopes``' generations."""
    audience = request.audience  # type: ignore[attr-defined]  # AudienceMiddleware
    state = (request.get_full_path(), get_language(), audience.key, generations.read(*scopes), tuple(extra))
    return "kept-page:" + hashlib.sha256(repr(state).encode()).hexdigest()


def cache_for_visitors(
    scopes: Callable[..., tuple[str, ...] | None], *, extra: Callable[[], tuple] | None = None, timeout: int = 600
):
    """Serve anonymous visitors the page kept under the generations of ``scopes(request, *args, **kwargs)``.

    ``scopes`` names everything the page shows beyond its address and language; when it returns
    None (no such network, say) the view runs as usual. ``extra()`` names what has no generation
    (the day, for pages that count down to it). Only a 200 response that sets no cookie is kept.
    """

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not (keeping() and _is_plain_visit(request)):
                return view(request, *args, **kwargs)
            depends = scopes(request, *args, **kwargs)
            if depends is None:
                return view(request, *args, **kwargs)
            key = page_key(request, scopes=depends, extra=("visitor", *(extra() if extra else ())))
            kept = _kept_page(key, timeout)
            if kept is not None:
                content, headers = kept
                response = HttpResponse(content)
                for name, value in headers:
                    response[name] = value
                return _told(response, "kept")
            response = _told(view(request, *args, **kwargs), "drawn")
            if getattr(response, "render", None) and not getattr(response, "is_rendered", True):
                response.render()
            if (
                response.status_code == 200
                and not response.streaming
                and not response.cookies
                and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
            ):
                headers = [(name, response[name]) for name in KEPT_HEADERS if name in response]
                _keep_page(key, (response.content, headers), timeout)
            return response

        return wrapper

    return decorator


# Values kept by ``kept`` in this process, newest last: read as they are, without a trip to
# the shared cache or unpickling.
_KEPT: OrderedDict[str, Any] = OrderedDict()
_KEPT_LOCK = threading.Lock()
KEPT_ENTRIES = 1000


def kept(key: str, build: Callable[[], Any], timeout: int = 3600, *, scopes=()) -> Any:
    """The value under ``key`` and the generations of ``scopes``: from this process's memory,
    else the shared cache, else ``build()``.

    ``key`` names what the value is, ``scopes`` everything it depends on: a write bumps one of
    them, which makes a new key, and the old entries simply age out. Callers must not modify
    what they get: the same objects answer every later request of this process.
    """
    if not keeping():
        return build()
    if scopes:
        key = f"{key}:{':'.join(generations.read(*scopes))}"
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


def _token_mark() -> str:
    """Drawn in place of the reader's CSRF token in a kept page; letters and digits only, so
    escaping leaves it whole. The same in every process and node that shares the pages (they
    share the secret key), and guessed by no one who writes a page's content."""
    return "csrf" + hashlib.sha256(f"renkei-kept-page-token:{settings.SECRET_KEY}".encode()).hexdigest()[:32]


def fragment(key: str, build: Callable[[], Any], *, scopes=(), timeout: int = 600) -> Any:
    """``build()``, kept in this process's memory under ``key`` and the generations of ``scopes``.

    For parts of pages (a list's cards, a feed, a rendered body) that every reader alike shares.
    """
    if scopes:
        key = f"{key}:{':'.join(generations.read(*scopes))}"
    key = "fragment:" + hashlib.sha256(key.encode()).hexdigest()
    store = caches["fragments"]
    value = store.get(key)
    if value is None:
        value = build()
        store.set(key, value, timeout)
    return value


def kept_page(
    request: HttpRequest,
    template: str,
    context: Callable[[], dict],
    *,
    scopes: tuple[str, ...] | list[str],
    extra: tuple = (),
    timeout: int = 600,
) -> HttpResponse:
    """``template`` drawn with ``context()``, kept in this process under ``page_key``.

    For pages that are read far more than they change. ``scopes`` must name every generation
    of the data the page shows, ``extra`` what is particular to the reader beyond their audience
    (their follows, read marks, their id where the page shows what is theirs); the layout around
    the content depends only on whether they are signed in. The CSRF token is the one thing
    drawn per view, so the page's forms carry the reader's own. A page with a message to show
    once (after posting, say) is drawn for that view only. ``timeout`` bounds how long a page is
    kept when part of it has no generation (a time passing).
    """
    if get_messages(request) or not keeping():
        return render(request, template, context())
    key = page_key(request, scopes=scopes, extra=extra)
    # Kept encoded: bytes are read back from the cache and answered without a copy or encoding.
    page = _kept_page(key, timeout)
    drawn = page is None
    if page is None:
        page = render_to_string(template, {**context(), "csrf_token": _token_mark()}, request=request).encode()
        _keep_page(key, page, timeout)
    mark = _token_mark().encode()
    if mark in page:  # a visitor's page has no form to protect: no token, no cookie
        page = page.replace(mark, get_token(request).encode())
    return _told(HttpResponse(page), "drawn" if drawn else "kept")


def _kept_page(key: str, timeout: int):
    """A kept page from this process's memory, else from the shared cache, where whichever process
    or node drew it first left it: after a change each page is drawn once, not once per process."""
    page = caches["fragments"].get(key)
    if page is None and keeping():
        page = cache.get(key)
        if page is not None:
            caches["fragments"].set(key, page, timeout)
    return page


def _keep_page(key: str, page, timeout: int) -> None:
    caches["fragments"].set(key, page, timeout)
    if keeping():
        cache.set(key, page, timeout)


def _told(response: HttpResponse, how: str) -> HttpResponse:
    """Under benchmark, say whether the page was served as kept or drawn afresh (bench/several_nodes.py counts them)."""
    if settings.RENKEI_BENCH:
        response["X-Renkei-Kept"] = how
    return response
