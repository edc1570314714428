"""Markdown written on the site (posts, replies, news, events): rendered, then sanitised so no author can run script."""

import functools
import threading

import markdown as _markdown  # type: ignore[import-untyped]
import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {
    "p", "br", "hr", "ul", "ol", "li", "a", "em", "strong", "code", "pre",
    "h3", "h4", "h5", "h6", "blockquote",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
# No images at all: an image from another host would tell it who reads the post.
URL_SCHEMES = {"http", "https", "mailto"}

# One converter per thread, reset before each text: building one loads its extensions every time,
# and a converter keeps state while it works, so threads must not share one.
_local = threading.local()


def _converter() -> "_markdown.Markdown":
    converter = getattr(_local, "converter", None)
    if converter is None:
        converter = _local.converter = _markdown.Markdown(extensions=["sane_lists"], output_format="html")
    return converter


def render_markdown(text: str) -> SafeString:
    """``text`` (Markdown) as HTML without script, event handlers, images or unsafe links.

    Markdown passes raw HTML through, so everything it produces is cleaned by nh3; links get
    rel="noopener noreferrer nofollow". The same text gives the same HTML, so the latest texts
    are kept by content: a post page with fifty replies converts only what changed.
    """
    return _render(text or "")


@functools.lru_cache(maxsize=2048)
def _render(text: str) -> SafeString:
    html = _converter().reset().convert(text)
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    )
    return mark_safe(cleaned)  # noqa: S308 - cleaned by nh3 above
