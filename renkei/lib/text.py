"""Plain text made from what people write: excerpts for feeds, listings and emails."""

import html
import re

from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import get_language

from renkei.lib.markdown import render_markdown

EXCERPT_LENGTH = 200


def plain_excerpt(markdown_text: str, length: int = EXCERPT_LENGTH) -> str:
    """The first ``length`` characters of a Markdown body as plain text: no markup, entities decoded."""
    text = html.unescape(strip_tags(render_markdown(markdown_text)))
    return Truncator(re.sub(r"\s+", " ", text).strip()).chars(length)


def labelled(label, value) -> str:
    """A label and its value: 「会員区分：正会員」 in Japanese (full-width colon), "Tier: Full" in English."""
    if (get_language() or "ja").startswith("ja"):
        return f"{label}：{value}"
    return f"{label}: {value}"
