"""Faults in Japanese text that docs/glossary.md forbids: ISO dates, half-width colons and banned terms.

Used by the test suite on every Japanese page and email it renders, and on the catalogue.
"""

import re
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

GLOSSARY = Path(__file__).resolve().parents[2] / "docs" / "glossary.md"

_KANA = re.compile(r"[\u3040-\u30ff]")
# An example of what to type is quoted 「2025-08-12」, and stays as typed.
_ISO_DATE = re.compile(r"(?<![\w/=.「-])\d{4}-\d{2}-\d{2}(?![\w-])")
# A colon or a bracket written half-width right beside Japanese words.
_HALF_WIDTH = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff）][:(]|\)[\u3040-\u30ff\u4e00-\u9fff]")
_URL = re.compile(r"https?://\S+")


@cache
def banned_terms() -> dict[str, str]:
    """The glossary's banned terms, each with what to write instead."""
    section = GLOSSARY.read_text(encoding="utf-8").split("## Banned terms", 1)[1].split("\n## ", 1)[0]
    rows = [line.split("|")[1:3] for line in section.splitlines() if line.startswith("| ") and "---" not in line]
    return {term.strip(): instead.strip() for term, instead in rows[1:]}


_JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
_LATIN = re.compile(r"[A-Za-z]")


def is_japanese(text: str) -> bool:
    """Written in Japanese: kana, and more Japanese than Latin letters (an English email may quote a Japanese title)."""
    return bool(_KANA.search(text)) and len(_JAPANESE.findall(text)) > len(_LATIN.findall(text))


def faults(text: str) -> list[str]:
    """What in a Japanese text breaks the glossary, one line per fault with its context."""
    text = _URL.sub(" ", text)
    found = []
    for pattern, what in ((_ISO_DATE, "ISO date"), (_HALF_WIDTH, "half-width punctuation")):
        for match in pattern.finditer(text):
            found.append(f"{what}: …{text[max(match.start() - 15, 0) : match.end() + 15]}…")
    for term, instead in banned_terms().items():
        if term in text:
            at = text.index(term)
            found.append(f"{term} (write {instead}): …{text[max(at - 15, 0) : at + 15]}…")
    return found


# Read past: code, scripts, what people type, and the help on a file's format (which shows
# dates as files write them, 2025-04-01).
_SKIPPED = ("script", "style", "template", "textarea", "code", "pre")


class _Text(HTMLParser):
    """The text a reader sees: no tags, attributes, scripts or styles."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._open: list[str] = []

    def handle_starttag(self, tag, attrs):
        if self._open:
            if tag == self._open[0]:
                self._open.append(tag)
            return
        if tag in _SKIPPED or "file-format" in (dict(attrs).get("class") or "").split():
            self._open.append(tag)

    def handle_endtag(self, tag):
        if self._open and tag == self._open[0]:
            self._open.pop()

    def handle_data(self, data):
        if not self._open:
            self.parts.append(data)


def page_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return "".join(parser.parts)
