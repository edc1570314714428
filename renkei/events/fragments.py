"""Parts of events' pages rendered once and kept in each process's memory (the "fragments" cache).

A part that holds a form keeps a placeholder where the CSRF token goes and gets the viewer's
token when served, so a kept part never carries a token that a new sign-in has made stale.
"""

import hashlib
import secrets
from collections.abc import Callable

from django.core.cache import caches
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

# Per process, like the cache it marks: it cannot occur in what a page shows.
CSRF_PLACEHOLDER = f"csrf-placeholder-{secrets.token_hex(8)}"


def fragment_key(name: str, *parts: object) -> str:
    digest = hashlib.md5(":".join(map(str, parts)).encode()).hexdigest()
    return f"events-fragment:{name}:{digest}"


def cached_fragment(request, key: str, template: str, context: Callable[[], dict], timeout: int = 3600) -> SafeString:
    """``template`` rendered with ``context()`` (called only when rendered afresh), kept under ``key``."""
    fragments = caches["fragments"]
    html = fragments.get(key)
    if html is None:
        html = render_to_string(template, {**context(), "csrf_token": CSRF_PLACEHOLDER}, request=request)
        fragments.set(key, html, timeout)
    if CSRF_PLACEHOLDER in html:
        html = html.replace(CSRF_PLACEHOLDER, csrf_token(request))
    return mark_safe(html)  # rendered from a template, escaped there


def csrf_token(request) -> str:
    """The request's CSRF token, masked once: every form of the page may carry the same one."""
    if not hasattr(request, "_events_csrf_token"):
        request._events_csrf_token = get_token(request)
    return request._events_csrf_token
