"""Reading the search index: ranked hits with highlighted snippets."""

import hashlib
import unicodedata
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import EmptyResultSet, FullResultSet
from django.db import connection
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from renkei.lib import generations
from renkei.lib.caching import kept
from renkei.lib.japanese import highlight_terms, is_cjk, is_word_char, query_terms
from renkei.lib.japanese import normalise as _normalise
from renkei.search import db, registry
from renkei.search.models import SearchEntry

SNIPPET_LENGTH = 120
SNIPPET_BEFORE = 30
# Counting stops here: past it a page says "200 or more". As many as search ranks (its
# newest matches), so every page it offers is ranked the same way; and counting the visible
# matches of a word found in 100,000 entries costs as much as ranking them.
COUNT_CAP = db.RANK_WINDOW


@dataclass
class Hit:
    entry: SearchEntry
    rank: float  # higher is more relevant; only comparable within one search
    snippet: SafeString  # escaped body text around the first match, matches in <mark>

    @property
    def type(self) -> str:
        """The registered kind of the hit, e.g. "board.post"."""
        return f"{self.entry.content_type.app_label}.{self.entry.content_type.model}"

    @property
    def label(self) -> str:
        kind = registry.types().get(self.type)
        return str(kind.label) if kind is not None else ""

    @property
    def url(self) -> str:
        kind = registry.types().get(self.type)
        return kind.url(self.entry) if kind is not None and kind.url is not None else ""


def entries_visible_to(user, *, kind: str = "", network=None) -> QuerySet[SearchEntry]:
    """The entries ``user`` may find, of one registered kind and one network if given.

    What the search page and the API search within; ``kind`` is a name from ``registry.types()``.
    """
    entries = SearchEntry.objects.visible_to(user)
    if kind:
        app_label, _dot, model = kind.partition(".")
        try:
            # From ContentType's cache: a filter on the entry's own column keeps search's
            # visibility check on the candidate row (see _within).
            content_type = ContentType.objects.get_by_natural_key(app_label, model)
        except ContentType.DoesNotExist:
            return entries.none()
        entries = entries.filter(content_type=content_type)
    if network is not None:
        entries = entries.filter(network=network)
    return entries


# The generations of search. What a reader may find changes only with the entries they may
# find: those anyone may find (public, signed in, and kinds that open themselves beyond their
# network, such as programmes to their targets) are one scope, each network's members' entries
# another; a site admin's searches follow every entry. A rebuild of the index moves them all, as
# does a change in the apps of kinds registered with ``visible_to`` (who sees a programme). A
# person's rights are in the key already, as their audience's key.
INDEX = "search"
VISIBILITY = "search:visibility"
OPEN = "search:open"
EVERY_ENTRY = "search:all"
SCOPES = (INDEX, VISIBILITY)


def members_scope(network_id: int) -> str:
    return f"search:members:{network_id}"


def reader_scopes(audience) -> tuple[str, ...]:
    """The generations of what ``audience`` may find."""
    if audience.site_admin:
        return (*SCOPES, EVERY_ENTRY)
    return (*SCOPES, OPEN, *(members_scope(pk) for pk in sorted(audience.open_networks)))


def search_changed() -> None:
    """The whole index changed (a rebuild): every kept search goes."""
    generations.bump(INDEX)


def entry_changed(entry: SearchEntry) -> None:
    """One entry written or deleted: the searches of those who may find it go."""
    content_type = ContentType.objects.get_for_id(entry.content_type_id)
    opened = registry.types().get(f"{content_type.app_label}.{content_type.model}")
    network_id = entry.network_id
    members_only = entry.visibility == SearchEntry.Visibility.MEMBERS and getattr(opened, "visible_to", None) is None
    if members_only and network_id is not None:
        generations.bump(EVERY_ENTRY, members_scope(network_id))
    else:
        generations.bump(EVERY_ENTRY, OPEN)


def visibility_changed() -> None:
    generations.bump(VISIBILITY)


def kept_search(query: str, *, user, kind: str = "", network=None, limit: int = 20) -> tuple[int, list[Hit]]:
    """How many entries ``user`` may find for ``query`` (capped), and the first ``limit`` hits:
    ``search_count`` and ``search`` over ``entries_visible_to(user, kind=, network=)``.

    Kept under search's generations and the user's audience: a search is ranked once until an
    entry changes, then shared by everyone who may find the same entries. The hits answer later
    requests of this process as they are: read them, never change them.
    """
    from renkei.networks.audience import audience_of

    state = (audience_of(user).key, query_terms(query), kind, getattr(network, "pk", None), limit)
    key = "search-page:" + hashlib.sha256(repr(state).encode()).hexdigest()

    def build() -> tuple[int, list[Hit]]:
        entries = entries_visible_to(user, kind=kind, network=network)
        return search_count(query, entries=entries), search(query, entries=entries, limit=limit)

    return kept(key, build, scopes=reader_scopes(audience_of(user)))


def search(query: str, *, entries: QuerySet[SearchEntry] | None = None, limit: int = 20, offset: int = 0) -> list[Hit]:
    """The entries matching every term of ``query``, most relevant first, newest among equals.

    Every caller MUST pass ``entries`` already narrowed to what the user may see, e.g.
    ``SearchEntry.objects.visible_to(user).filter(content_type=...)`` combined with the owning
    model's own rules; without it only public entries are searched. Two queries whatever the
    number of hits. ``offset`` skips that many of the best hits (the pages after the first).
    """
    terms = query_terms(query)
    if not terms or limit <= 0:
        return []
    ranked = db.ranked_ids(connection, terms, _within(entries), limit, max(offset, 0))
    found = (
        SearchEntry.objects.select_related("content_type", "network")
        .defer("tokens")  # the index's copy of the text, as long again as the body
        .in_bulk([id_ for id_, _ in ranked])
    )
    marks = highlight_terms(query)
    return [Hit(found[id_], rank, snippet(found[id_].body, marks)) for id_, rank in ranked if id_ in found]


def search_count(query: str, *, entries: QuerySet[SearchEntry] | None = None, cap: int = COUNT_CAP) -> int:
    """How many entries match ``query`` among ``entries`` (narrowed as for ``search``), up to ``cap``.

    One query. A count equal to ``cap`` means "at least that many".
    """
    terms = query_terms(query)
    if not terms:
        return 0
    return db.count_ids(connection, terms, _within(entries), cap)


def _within(entries: QuerySet[SearchEntry] | None) -> tuple[str, tuple]:
    """``entries`` as an SQL condition on one candidate: the entry ``db.MATCH`` of the search query.

    The search query checks it for each of the few candidates it reads. A plain
    ``id IN (entries)`` would make the database list every entry the reader may see (a
    million rows) before looking at any; a condition on the candidate's own row costs
    nothing more than reading it. Entries filtered across a join are checked by a correlated
    subquery instead.
    """
    if entries is None:
        entries = SearchEntry.objects.filter(visibility=SearchEntry.Visibility.PUBLIC)
    query = entries.order_by().query
    base = query.get_initial_alias()
    if not any(count for alias, count in query.alias_refcount.items() if alias != base):
        query = query.relabeled_clone({base: db.MATCH})
        try:
            return query.get_compiler(connection=connection).compile(query.where)
        except FullResultSet:
            return "1 = 1", ()
        except EmptyResultSet:
            return "1 = 0", ()
    candidate = entries.order_by().filter(pk=RawSQL(f"{db.MATCH}.id", ())).values("id")
    try:
        sql, params = candidate.query.sql_with_params()
    except EmptyResultSet:
        return "1 = 0", ()
    return f"{db.MATCH}.id IN ({sql})", params


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


class _OneCharFolds(dict):
    """Code point → its fold when that is one character (as ``_normalised_with_origins`` folds
    it alone), else "\\x00": a table for ``str.translate``, filled as characters are met."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        nfkc = unicodedata.normalize("NFKC", char)
        folded = _fold(char)
        if len(folded) != 1 or (nfkc and unicodedata.combining(nfkc[0])):
            folded = "\x00"
        if len(self) < 100_000:
            self[code] = folded
        return folded


_ONE_CHAR_FOLDS = _OneCharFolds()


def _spans(text: str, marks: list[str]) -> list[tuple[int, int]]:
    """(start, end) in ``text`` of the marks found in it, as ``_find`` finds them in its folded form."""
    folded = text.translate(_ONE_CHAR_FOLDS)
    if "\x00" not in folded:
        # Every character folds to one: positions are the same, and the folding (done in C)
        # costs little. Runs of spaces are not collapsed here; marks hold no spaces, so they
        # match in the same places.
        return _find(folded, marks)
    normalised, origins = _normalised_with_origins(text)
    return [(origins[start][0], origins[end - 1][1]) for start, end in _find(normalised, marks)]


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
    spans = _spans(text, marks)
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
