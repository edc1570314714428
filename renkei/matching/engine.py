"""The matching engine: ranks offers for a need, needs for an offer, partner needs and programmes.

A score is a weighted sum of four parts, each between 0 and 1, kept apart so that the page can
say why a suggestion is there:

- text: BM25 over the tokens of ``renkei.lib.japanese.tokenise`` (Japanese bigrams, Latin words),
  divided by the score the query would get against itself;
- themes: the overlap (Dice) of the two documents' themes, those chosen and those the bilingual
  taxonomy finds in the text, so an English offer about "overtourism" meets a need about
  オーバーツーリズム;
- region: whether the candidate serves the query's region or prefecture (nationwide: half);
- size: whether the scales agree (one step apart: half).

Candidates come from an inverted index (``MatchTerm``: term → document, weight), each query term
reading only its heaviest postings, summed in SQL; only the best few hundred are re-ranked here.
The same scoring runs over an in-memory index for the evaluation set (``MemoryIndex``).
"""

import json
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Protocol

from renkei.lib.japanese import is_cjk, normalise, tokenise

# The one place the parts are weighed against each other.
WEIGHTS = {"text": 0.45, "themes": 0.35, "region": 0.12, "size": 0.08}

K1 = 1.2
B = 0.75
# BM25 compares a document's length with the average; a fixed typical length (in tokens) keeps
# stored weights valid as the corpus grows, and only sets how much length counts.
TYPICAL_LENGTH = 120
# A theme found or chosen counts in the candidate search as much as this many rare words.
THEME_QUERY_BOOST = 3.0
MAX_QUERY_TERMS = 16
POSTINGS_PER_TERM = 400
CANDIDATES = 150
# Terms in more than this share of documents say little and cost the most to read.
COMMON_SHARE = 0.25
THEME_PREFIX = "§"
SCALES = ["small", "medium", "large"]
# Particles that join a shared word to its neighbour: trimmed from the words a reason shows.
PARTICLES = "のをはがにでともやへ、。・ "

HIRAGANA = "".join(chr(c) for c in range(0x3041, 0x30A0))


def whole_word(run: str) -> str:
    """A shared run of characters as a reader would name it, or "" when it is only a fragment.

    Particles and okurigana at either end are trimmed (合わせ → 合), and what remains must be two
    kanji or three katakana or more: 伝統工芸, ワーケーション; not 合 nor ケー.
    """
    word = run.strip(PARTICLES).strip(HIRAGANA)
    if any(char in HIRAGANA for char in word):
        return ""
    katakana = all("\u30a0" <= char <= "\u30ff" for char in word)
    return word if len(word) >= (3 if katakana else 2) else ""


STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "can",
        "for",
        "from",
        "has",
        "have",
        "in",
        "into",
        "is",
        "it",
        "its",
        "of",
        "on",
        "or",
        "our",
        "that",
        "the",
        "their",
        "this",
        "to",
        "we",
        "will",
        "with",
        "you",
        "your",
        "who",
        "which",
        "what",
        "when",
        "where",
        "how",
        "all",
        "any",
        "also",
        "more",
        "most",
        "other",
        "some",
        "such",
        "than",
        "then",
        "there",
        "these",
        "they",
        "those",
        "through",
        "up",
        "us",
        "use",
        "used",
        "using",
        "very",
        "was",
        "were",
    ]
)

THEMES_FILE = Path(__file__).parent / "data" / "themes.json"


# Text ---------------------------------------------------------------------------------------


def _fold(char: str) -> str:
    folded = unicodedata.normalize("NFKC", char).casefold()
    return "".join(chr(ord(c) - 0x60) if "ァ" <= c <= "ヶ" else c for c in folded)


_NON_WORD = re.compile(r"[^\w]|_")


def _fold_text(text: str) -> str:
    """NFKC, case-folded, katakana as hiragana: how keywords and texts are compared."""
    return normalise(text)


def _spaced(folded: str) -> str:
    """Folded text as space-separated words, with a space at each end, for whole-word tests."""
    return " " + " ".join(_NON_WORD.sub(" ", folded).split()) + " "


def _folded_with_map(text: str) -> tuple[str, list[int]]:
    """The text normalised character by character, with each folded character's place in ``text``."""
    out: list[str] = []
    positions: list[int] = []
    for index, char in enumerate(text):
        for folded in _fold(char):
            out.append(folded)
            positions.append(index)
    return "".join(out), positions


def _stem(word: str) -> str:
    # English plurals only: enough for "festivals" to meet "festival", with nothing to install.
    if len(word) > 4 and word.endswith("s") and not word.endswith("ss") and not word.isdigit():
        return word[:-1]
    return word


def text_terms(text: str) -> list[str]:
    """The engine's terms of a text: the search tokens without English stop words, plurals folded."""
    return [_stem(token) for token in tokenise(text) if token not in STOPWORDS]


# The taxonomy ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class TaxonomyTheme:
    slug: str
    name_ja: str
    name_en: str
    keywords: tuple[str, ...]  # as written, in both languages


@dataclass
class Taxonomy:
    themes: list[TaxonomyTheme]
    # (folded keyword, slug, keyword as written, whether it is matched as whole Latin words)
    _patterns: list[tuple[str, str, str, bool]] = field(default_factory=list)

    def __post_init__(self):
        self._by_slug = {theme.slug: theme for theme in self.themes}
        for theme in self.themes:
            for keyword in {theme.name_ja, theme.name_en, *theme.keywords}:
                folded = _fold_text(keyword)
                latin = not any(is_cjk(c) for c in folded)
                if latin:
                    folded = " " + " ".join(_NON_WORD.sub(" ", folded).split()) + " "
                if len(folded.strip()) >= 2:
                    self._patterns.append((folded, theme.slug, keyword, latin))
        # Longest first, so 伝統工芸 is reported rather than 工芸.
        self._patterns.sort(key=lambda p: -len(p[0]))

    def by_slug(self) -> dict[str, TaxonomyTheme]:
        return self._by_slug

    def find(self, text: str, folded: str | None = None) -> dict[str, set[str]]:
        """Themes whose keywords appear in ``text``: {slug: {keywords as written}}.

        Latin keywords must stand as whole words ("art" is not found in "start"); Japanese ones
        anywhere, as Japanese has no spaces. ``folded``: the text already folded.
        """
        folded = _fold_text(text) if folded is None else folded
        spaced = _spaced(folded)
        found: dict[str, set[str]] = {}
        for pattern, slug, keyword, latin in self._patterns:
            if pattern in (spaced if latin else folded):
                found.setdefault(slug, set()).add(keyword)
        return found

    @classmethod
    def from_records(cls, records: Iterable[dict]) -> "Taxonomy":
        return cls(
            [
                TaxonomyTheme(
                    r["slug"],
                    r["name_ja"],
                    r["name_en"],
                    tuple(r.get("keywords_ja", [])) + tuple(r.get("keywords_en", [])),
                )
                for r in records
            ]
        )


@lru_cache(maxsize=1)
def file_taxonomy() -> Taxonomy:
    """The taxonomy as shipped in data/themes.json (what the migration loads)."""
    return Taxonomy.from_records(json.loads(THEMES_FILE.read_text(encoding="utf-8")))


def database_taxonomy() -> Taxonomy:
    """The taxonomy as the Theme table holds it (it may have been edited in the admin)."""
    from renkei.matching.models import Theme

    records = [
        {
            "slug": t.slug,
            "name_ja": t.name_ja or "",
            "name_en": t.name_en or "",
            "keywords_ja": (t.keywords_ja or "").splitlines(),
            "keywords_en": (t.keywords_en or "").splitlines(),
        }
        for t in Theme.objects.all()
    ]
    return Taxonomy.from_records(records) if records else file_taxonomy()


# Documents --------------------------------------------------------------------------------


@dataclass
class Doc:
    """A need, offer or programme as the engine reads it."""

    kind: str
    id: int | str
    text: str
    themes: frozenset[str] = frozenset()  # slugs chosen by the author
    regions: frozenset[str] = frozenset()  # region codes and "p:27" prefecture codes; empty: nationwide
    scale: str = ""
    organisation_id: int | str = 0


@dataclass
class Analysed:
    terms: Counter
    themes: frozenset[str]  # chosen and found
    keywords: dict[str, set[str]]  # theme slug → keywords found in the text
    length: int


def analyse(doc: Doc, taxonomy: Taxonomy) -> Analysed:
    terms = Counter(text_terms(doc.text))
    found = taxonomy.find(doc.text)
    return Analysed(terms, frozenset(doc.themes) | frozenset(found), found, sum(terms.values()))


def term_weight(tf: int, length: int) -> float:
    """BM25's saturating term frequency, without idf (which changes as documents come and go)."""
    return tf * (K1 + 1) / (tf + K1 * (1 - B + B * length / TYPICAL_LENGTH))


def postings(analysed: Analysed) -> dict[str, float]:
    """What a document stores in the index: its terms' weights, and one term per theme."""
    weights = {term[:100]: term_weight(tf, analysed.length) for term, tf in analysed.terms.items()}
    for slug in analysed.themes:
        weights[THEME_PREFIX + slug] = 1.0
    return weights


def idf(df: int, n: int) -> float:
    return math.log(1 + (n - df + 0.5) / (df + 0.5))


# Indexes ------------------------------------------------------------------------------------


@dataclass
class Meta:
    themes: frozenset[str]
    regions: frozenset[str]
    scale: str
    organisation_id: int | str


class Index(Protocol):
    def stats(self, kind: str, terms: list[str]) -> tuple[int, dict[str, int]]: ...

    def candidates(self, kind: str, weights: dict[str, float], limit: int) -> list[tuple[int | str, float]]: ...

    def metadata(self, kind: str, ids: list) -> dict: ...


class MemoryIndex:
    """The index in memory: for the evaluation set, and to check the database index against."""

    def __init__(self, taxonomy: Taxonomy):
        self.taxonomy = taxonomy
        self.docs: dict[str, dict] = {}
        self.postings: dict[str, dict[str, dict]] = {}
        self.meta: dict[str, dict] = {}

    def add(self, doc: Doc) -> None:
        analysed = analyse(doc, self.taxonomy)
        for term, weight in postings(analysed).items():
            self.postings.setdefault(doc.kind, {}).setdefault(term, {})[doc.id] = weight
        self.meta.setdefault(doc.kind, {})[doc.id] = Meta(analysed.themes, doc.regions, doc.scale, doc.organisation_id)

    def stats(self, kind, terms):
        table = self.postings.get(kind, {})
        return len(self.meta.get(kind, {})), {t: len(table.get(t, {})) for t in terms}

    def candidates(self, kind, weights, limit):
        table = self.postings.get(kind, {})
        scores: Counter = Counter()
        for term, query_weight in weights.items():
            heaviest = sorted(table.get(term, {}).items(), key=lambda item: -item[1])[:POSTINGS_PER_TERM]
            for doc_id, weight in heaviest:
                scores[doc_id] += weight * query_weight
        return scores.most_common(limit)

    def metadata(self, kind, ids):
        table = self.meta.get(kind, {})
        return {i: table[i] for i in ids if i in table}


def documents_scope(kind: str) -> str:
    """The generation of how many documents of a kind the index holds (``indexing`` bumps it)."""
    return f"matching-documents:{kind}"


class DatabaseIndex:
    """The index in the database: MatchDocument, MatchTerm (postings) and MatchTermStat (df).

    Raw SQL on purpose: these run on every need's page, and building the equivalent ORM queries
    cost more than running them.
    """

    def __init__(self):
        self._meta: dict = {}

    def stats(self, kind, terms):
        from django.db import connection

        from renkei.lib.caching import kept
        from renkei.matching.models import MatchDocument, MatchTermStat

        # The number of documents only scales idf: kept until a document of the kind comes or goes.
        n = kept(
            f"matching-documents:{kind}",
            lambda: MatchDocument.objects.filter(kind=kind).count(),
            3600,
            scopes=(documents_scope(kind),),
        )
        if not terms:
            return n, {}
        table = connection.ops.quote_name(MatchTermStat._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT term, df FROM {table} WHERE kind = %s AND term IN ({', '.join(['%s'] * len(terms))})",
                [kind, *terms],
            )
            return n, dict(cursor.fetchall())

    def candidates(self, kind, weights, limit):
        from django.db import connection

        from renkei.matching.models import MatchDocument, MatchTerm

        if not weights:
            return []
        table = connection.ops.quote_name(MatchTerm._meta.db_table)
        documents = connection.ops.quote_name(MatchDocument._meta.db_table)
        parts, params = [], []
        for index, (term, query_weight) in enumerate(weights.items()):
            # Each term reads only its heaviest postings, through the (kind, term, -weight) index.
            parts.append(
                f"SELECT document_id, weight * %s AS w FROM (SELECT document_id, weight FROM {table} "
                f"WHERE kind = %s AND term = %s ORDER BY weight DESC LIMIT %s) AS t{index}"
            )
            params += [query_weight, kind, term, POSTINGS_PER_TERM]
        sql = (
            f"SELECT d.object_id, d.themes, d.regions, d.scale, d.organisation_id, hits.score FROM "
            f"(SELECT document_id, SUM(w) AS score FROM ({' UNION ALL '.join(parts)}) AS scored "
            f"GROUP BY document_id ORDER BY score DESC LIMIT %s) AS hits "
            f"JOIN {documents} d ON d.id = hits.document_id ORDER BY hits.score DESC"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [*params, limit])
            rows = cursor.fetchall()
        # The metadata comes with the candidates; ``metadata`` hands it out without a query.
        self._meta = {
            object_id: Meta(frozenset(themes.split()), frozenset(regions.split()), scale, organisation_id)
            for object_id, themes, regions, scale, organisation_id, _score in rows
        }
        return [(row[0], row[5]) for row in rows]

    def metadata(self, kind, ids):
        return {i: self._meta[i] for i in ids if i in self._meta}


# Ranking ------------------------------------------------------------------------------------


@dataclass
class Match:
    kind: str
    id: int | str
    score: float
    parts: dict[str, float]  # each part before weighing, 0..1
    themes: list[str]  # slugs both share
    regions: list[str]  # regions or prefectures both share
    organisation_id: int | str = 0


def query_weights(analysed: Analysed, n: int, df: dict[str, int]) -> dict[str, float]:
    """The query's terms with their weights: the rarest and most repeated words, and its themes."""
    weights: dict[str, float] = {}
    for term, tf in analysed.terms.items():
        count = df.get(term[:100], 0)
        if count == 0 or (n > 50 and count > n * COMMON_SHARE):
            continue
        weights[term[:100]] = idf(count, n) * (1 + math.log(tf))
    kept = dict(sorted(weights.items(), key=lambda item: -item[1])[:MAX_QUERY_TERMS])
    for slug in analysed.themes:
        kept[THEME_PREFIX + slug] = THEME_QUERY_BOOST * idf(df.get(THEME_PREFIX + slug, 0), max(n, 1))
    return kept


def region_fit(query: frozenset[str], candidate: frozenset[str]) -> tuple[float, list[str]]:
    if not candidate or not query:
        return 0.5, []
    shared = sorted(query & candidate)
    return (1.0, shared) if shared else (0.0, [])


def size_fit(query: str, candidate: str) -> float:
    if query not in SCALES or candidate not in SCALES:
        return 0.5
    return {0: 1.0, 1: 0.5}.get(abs(SCALES.index(query) - SCALES.index(candidate)), 0.0)


def combine(parts: dict[str, float]) -> float:
    return sum(WEIGHTS[name] * value for name, value in parts.items())


def rank(
    query: Doc,
    kind: str,
    index: Index,
    taxonomy: Taxonomy,
    *,
    limit: int = 10,
    exclude_organisation: bool = True,
    regional: bool = True,
    exclude_ids: Iterable = (),
    analysed: Analysed | None = None,
) -> list[Match]:
    """The documents of ``kind`` that best match ``query``, best first.

    ``regional=False`` leaves region out (two municipalities with the same need may well be far
    apart: that is the point of 共創 across regions). Documents of the query's own organisation
    and ``exclude_ids`` are left out. ``analysed``: the query already analysed, when ranking it twice.
    """
    analysed = analysed or analyse(query, taxonomy)
    terms = [t[:100] for t in analysed.terms] + [THEME_PREFIX + s for s in analysed.themes]
    n, df = index.stats(kind, terms)
    weights = query_weights(analysed, n, df)
    found = index.candidates(kind, weights, CANDIDATES)
    meta = index.metadata(kind, [doc_id for doc_id, _score in found])
    text_weights = {t: w for t, w in weights.items() if not t.startswith(THEME_PREFIX)}
    self_score = sum(w * term_weight(analysed.terms[t], analysed.length) for t, w in text_weights.items()) or 1.0
    excluded = set(exclude_ids)
    matches = []
    for doc_id, score in found:
        info = meta.get(doc_id)
        if info is None or doc_id in excluded or (query.kind == kind and doc_id == query.id):
            continue
        if exclude_organisation and query.organisation_id and info.organisation_id == query.organisation_id:
            continue
        shared = sorted(analysed.themes & info.themes)
        theme_score = sum(weights.get(THEME_PREFIX + slug, 0.0) for slug in shared)
        text = min(1.0, max(0.0, score - theme_score) / self_score)
        themes = 2 * len(shared) / (len(analysed.themes) + len(info.themes)) if shared else 0.0
        region, regions = region_fit(query.regions, info.regions) if regional else (0.5, [])
        parts = {"text": text, "themes": themes, "region": region, "size": size_fit(query.scale, info.scale)}
        matches.append(Match(kind, doc_id, combine(parts), parts, shared, regions, info.organisation_id))
    matches.sort(key=lambda m: (-m.score, str(m.id)))
    return matches[:limit]


# Reasons ------------------------------------------------------------------------------------


class Reasons:
    """Words a query shares with candidates, as the query writes them: taxonomy keywords, Japanese
    words made of shared bigrams (伝統工芸 from 伝統, 統工, 工芸), and shared English words.

    The query's side is read once; ``words(candidate_text)`` is then cheap for each suggestion.
    """

    def __init__(self, query_text: str, taxonomy: Taxonomy):
        self.taxonomy = taxonomy
        self.query_text = query_text
        self.query_found = taxonomy.find(query_text)
        self.folded, self.positions = _folded_with_map(query_text)
        self.cjk = [is_cjk(c) for c in self.folded]
        self.latin = [
            t for t in dict.fromkeys(text_terms(query_text)) if t.isascii() and len(t) >= 4 and not t.isdigit()
        ]

    def words(self, candidate_text: str, limit: int = 4) -> list[str]:
        candidate = _fold_text(candidate_text)
        spaced = _spaced(candidate)
        candidate_found = self.taxonomy.find(candidate_text, folded=candidate)
        keywords: list[str] = []
        for slug, found in self.query_found.items():
            keywords.extend(found & candidate_found.get(slug, set()))
        folded, positions, text, cjk = self.folded, self.positions, self.query_text, self.cjk
        runs: list[str] = []
        # Runs of consecutive CJK characters whose every bigram the candidate holds too.
        start = None
        for i in range(len(folded) + 1):
            pair_shared = i + 1 < len(folded) and cjk[i] and cjk[i + 1] and folded[i : i + 2] in candidate
            if pair_shared and start is None:
                start = i
            if not pair_shared and start is not None:
                end = i + 1  # the last shared bigram ends one character on
                word = whole_word(text[positions[start] : positions[end - 1] + 1])
                if word:
                    runs.append(word)
                start = None
        # English words at the start of a word of the candidate's ("festival" in "festivals").
        runs.extend(token for token in self.latin if f" {token}" in spaced)
        result: list[str] = []
        folded_kept: list[str] = []
        # Taxonomy keywords first, as they are written; then the longest shared runs.
        for word in sorted(set(keywords), key=lambda w: -len(w)) + sorted(set(runs), key=lambda w: -len(w)):
            folded_word = _fold_text(word)
            if any(folded_word in kept or kept in folded_word for kept in folded_kept):
                continue
            result.append(word)
            folded_kept.append(folded_word)
        return result[:limit]


def shared_words(query_text: str, candidate_text: str, taxonomy: Taxonomy, limit: int = 4) -> list[str]:
    """The words two texts share, as the first writes them (see ``Reasons``)."""
    return Reasons(query_text, taxonomy).words(candidate_text, limit)
