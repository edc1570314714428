"""Reading the search index: ranked hits with highlighted snippets."""

import unicodedata
from dataclasses import dataclass

from django.db import connection
from django.db.models import QuerySet
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from renkei.lib.japanese import highlight_terms, is_cjk, is_word_char, query_terms
from renkei.lib.japanese import normalise as _normalise
from renkei.search import db
from renkei.search.models import SearchEntry

SNIPPET_LENGTH = 120
SNIPPET_BEFORE = 30


@dataclass
class Hit:
    entry: SearchEntry
    rank: float  # higher is more relevant; only comparable within one search
    snippet: SafeString  # escaped body text around the first match, matches in <mark>


def search(query: str, *, entries: QuerySet[SearchEntry] | None = None, limit: int = 20) -> list[Hit]:
    """The entries matching every term of ``query``, most relevant first, newest among equals.

    Every caller MUST pass ``entries`` already narrowed to what the user may see, e.g.
    ``SearchEntry.objects.visible_to(user).filter(content_type=...)`` combined with the owning
    model's own rules; without it only public entries are searched. Two queries whatever the
    number of hits.
    """
    terms = query_terms(query)
    if not terms or limit <= 0:
        return []
    if entries is None:
        entries = SearchEntry.objects.filter(visibility=SearchEntry.Visibility.PUBLIC)
    within = entries.order_by().values("id").query.sql_with_params()
    ranked = db.ranked_ids(connection, terms, within, limit)
    found = SearchEntry.objects.select_related("content_type", "network").in_bulk([id_ for id_, _ in ranked])
    marks = highlight_terms(query)
    return [Hit(found[id_], rank, snippet(found[id_].body, marks)) for id_, rank in ranked if id_ in found]


def _fold(text: str) -> str:
    return _normalise(text) if text.strip() else " "


def _normalised_with_origins(text: str) -> tuple[str, list[tuple[int, int]]]:
    """``text`` normalised as search sees it, and for each of its characters the span of ``text`` it came from.

    Characters are folded one cluster at a time (a base with the marks that follow it, such as
    a half-width voiced mark), so that every folded character points back to original text.
    """
    clusters: list[list[int]] = []
    for index, char in enumerate(text):
        folded = unicodedata.normalize("NFKC", char)
        if clusters and folded and unicodedata.combining(folded[0]):
            clusters[-1][1] = index + 1
        else:
            clusters.append([index, index + 1])
    chars: list[str] = []
    origins: list[tuple[int, int]] = []
    for start, end in clusters:
        folded = _fold(text[start:end])
        if folded == " " and (not chars or chars[-1] == " "):
            continue
        for char in folded:
            chars.append(char)
            origins.append((start, end))
    return "".join(chars), origins


def _continues_word(char: str) -> bool:
    # A Latin word ends where letters and digits stop or CJK characters start, as in tokenise.
    return is_word_char(char) and not is_cjk(char)


def _find(normalised: str, marks: list[str]) -> list[tuple[int, int]]:
    """Non-overlapping (start, end) spans of ``marks`` in ``normalised``, longest marks first.

    Words in Latin script match whole words only, as the index does; CJK runs match anywhere.
    """
    taken = [False] * len(normalised)
    spans = []
    for mark in marks:
        whole_word = not any(is_cjk(char) for char in mark)
        start = normalised.find(mark)
        while start != -1:
            end = start + len(mark)
            bounded = not whole_word or (
                (start == 0 or not _continues_word(normalised[start - 1]))
                and (end == len(normalised) or not _continues_word(normalised[end]))
            )
            if bounded and not any(taken[start:end]):
                spans.append((start, end))
                for position in range(start, end):
                    taken[position] = True
            start = normalised.find(mark, start + 1)
    return sorted(spans)


def snippet(text: str, marks: list[str], length: int = SNIPPET_LENGTH) -> SafeString:
    """About ``length`` characters of ``text`` around its first match, HTML-escaped, matches in <mark>.

    >>> snippet("<b>ＤＭＯ</b>と観光地域づくり", ["観光", "dmo"])
    '&lt;b&gt;<mark>ＤＭＯ</mark>&lt;/b&gt;と<mark>観光</mark>地域づくり'
    """
    normalised, origins = _normalised_with_origins(text)
    spans = [(origins[start][0], origins[end - 1][1]) for start, end in _find(normalised, marks)]
    begin = 0
    if spans and spans[0][0] > SNIPPET_BEFORE:
        begin = spans[0][0] - SNIPPET_BEFORE
    finish = min(len(text), begin + length)
    pieces = ["…"] if begin > 0 else []
    cursor = begin
    for start, end in spans:
        if start < begin or end > finish:
            continue
        pieces.append(escape(text[cursor:start]))
        pieces.append(f"<mark>{escape(text[start:end])}</mark>")
        cursor = end
    pieces.append(escape(text[cursor:finish]))
    if finish < len(text):
        pieces.append("…")
    return mark_safe("".join(pieces))  # noqa: S308 - every piece of text above is escaped
