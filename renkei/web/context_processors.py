from django.conf import settings
from django.utils.translation import get_language_info

# Japanese is served without a prefix, every other language under /<code>/ (i18n_patterns
# with prefix_default_language=False), so a page's address in each language is a matter of
# swapping that prefix; resolving the URL again (translate_url) cost as much as a page query.
_NAMES = {code: get_language_info(code)["name_local"] for code, _name in settings.LANGUAGES}
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


def site(request):
    """What every page's layout needs: the language switch links and the demo banner."""
    query = request.META.get("QUERY_STRING", "")
    suffix = f"?{query}" if query else ""
    return {
        "language_links": [
            (code, language_url(request.path, code) + suffix, _NAMES[code]) for code, _name in settings.LANGUAGES
        ],
        "renkei_demo": settings.RENKEI_DEMO,
    }
