from django.conf import settings
from django.utils.translation import get_language_info

from renkei.lib.urls import language_url

_NAMES = {code: get_language_info(code)["name_local"] for code, _name in settings.LANGUAGES}


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
