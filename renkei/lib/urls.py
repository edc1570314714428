"""Addresses of the site's pages: in another language, and absolute for what is read off the site.

An email, a calendar file or an API response is read away from the page it came from, so its
links carry the site's configured address (the SITE_URL setting), never a request's host.
"""

from django.conf import settings
from django.utils.http import url_has_allowed_host_and_scheme

# Japanese is served without a prefix, every other language under /<code>/ (i18n_patterns
# with prefix_default_language=False), so a page's address in each language is a matter of
# swapping that prefix; resolving the URL again (translate_url) cost as much as a page query.
_PREFIXES = tuple(f"/{code}/" for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE)


def _unprefixed(path: str) -> str:
    for prefix in _PREFIXES:
        if path.startswith(prefix):
            return path[len(prefix) - 1 :]
    return path


def language_url(path: str, code: str) -> str:
    """The address of the page at ``path`` in language ``code``."""
    base = _unprefixed(path)
    return base if code == settings.LANGUAGE_CODE else f"/{code}{base}"


def site_url() -> str:
    """The site's address as configured (SITE_URL), without a trailing slash: ``https://renkei.example``."""
    return settings.SITE_URL.rstrip("/")


def absolute_url(path: str, language: str | None = None) -> str:
    """``path`` (as ``reverse`` gives it) at the site's configured address.

    With ``language``, the page in that language whatever language ``path`` was made in: a
    notification keeps the path it was created with, and each reader gets their own.
    """
    if language is not None:
        path = language_url(path, language)
    return site_url() + path


def safe_url(request, url: str) -> str:
    """``url`` when it leads to one of this site's own pages (never elsewhere), else ""."""
    allowed = url_has_allowed_host_and_scheme(url, {request.get_host()}, require_https=request.is_secure())
    return url if url and allowed else ""


def safe_next(request) -> str:
    """The request's ``next`` address (posted or in the query) when it is one of this site's pages, else ""."""
    return safe_url(request, request.POST.get("next") or request.GET.get("next") or "")
