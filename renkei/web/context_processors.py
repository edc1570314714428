from django.conf import settings
from django.urls import translate_url


def site(request):
    """What every page's layout needs: the language switch links and the demo banner."""
    return {
        "language_links": [(code, translate_url(request.path, code)) for code, _name in settings.LANGUAGES],
        "renkei_demo": settings.RENKEI_DEMO,
    }
