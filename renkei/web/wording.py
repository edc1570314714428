"""The test suite's reader of Japanese pages: every fault of a rendered page is recorded.

Installed by ``renkei.settings_test`` only; the root conftest fails a test whose pages or
emails break docs/glossary.md.
"""

from django.utils.translation import get_language

from renkei.lib.wording import faults, page_text

FOUND: list[str] = []


class WordingRecorder:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            response.status_code == 200
            and not response.streaming
            and response.get("Content-Type", "").startswith("text/html")
            and (get_language() or "ja").startswith("ja")
        ):
            text = page_text(response.content.decode(response.charset or "utf-8", "replace"))
            FOUND.extend(f"{request.path}: {fault}" for fault in faults(text))
        return response
