"""Japanese text: normalisation for search and sorting.

Search compares normalised text on both sides, so that full- and half-width forms,
katakana and hiragana, and upper and lower case all meet: ＤＭＯ = DMO, カンコウ = かんこう,
ｶﾏｲｼ = かまいし.
"""

import unicodedata

# Katakana ァ..ヶ sit exactly 0x60 code points above hiragana ぁ..ゖ.
_KATAKANA_TO_HIRAGANA = {code: code - 0x60 for code in range(ord("ァ"), ord("ヶ") + 1)}


def normalise(text: str) -> str:
    """Return ``text`` NFKC-normalised, case-folded, with katakana turned into hiragana.

    Whitespace runs collapse to one space; the result is what search indexes store and
    what queries are compared against.
    """
    folded = unicodedata.normalize("NFKC", text or "").casefold().translate(_KATAKANA_TO_HIRAGANA)
    return " ".join(folded.split())


def to_hiragana(text: str) -> str:
    """Return ``text`` with full- or half-width katakana turned into hiragana (case kept)."""
    return unicodedata.normalize("NFKC", text or "").translate(_KATAKANA_TO_HIRAGANA)


# Search tokens ----------------------------------------------------------------------------
#
# Japanese has no spaces between words, so the index holds overlapping character bigrams of
# every run of CJK characters and kana, and whole words of every run of other letters and
# digits. A query word becomes the phrase of its bigrams: 観光 is the one bigram 観光 (never
# matched by a text holding only 光), and 地域づくり is the phrase 地域 域づ づく くり, found
# inside 観光地域づくり.
#
# Besides its bigrams, a CJK run of two or more characters also yields its last character
# alone. Every character of the text then starts at least one token, so a one-character query
# 光 — a prefix query on tokens starting with 光 — finds 光 wherever it stands, even at the
# end of a run as in 観光. A query term drops that trailing character from its own last run,
# because there the text may well go on (地域 inside 地域づくり).

_CJK_RANGES = (
    (0x1100, 0x11FF),  # Hangul Jamo
    (0x2E80, 0x2FDF),  # CJK radicals
    (0x3005, 0x3007),  # 々 〆 〇
    (0x3021, 0x3029),  # Hangzhou numerals
    (0x3031, 0x3035),  # kana repeat marks
    (0x303B, 0x303C),  # 〻 〼
    (0x3040, 0x30FF),  # hiragana, katakana, ー
    (0x3130, 0x318F),  # Hangul compatibility Jamo
    (0x31F0, 0x31FF),  # katakana phonetic extensions
    (0x3400, 0x4DBF),  # CJK extension A
    (0x4E00, 0x9FFF),  # CJK unified ideographs
    (0xAC00, 0xD7AF),  # Hangul syllables
    (0xF900, 0xFAFF),  # CJK compatibility ideographs
    (0x20000, 0x3FFFF),  # CJK extensions B and later
)


def is_word_char(char: str) -> bool:
    # Letters and digits make tokens; marks, punctuation, symbols and spaces separate them.
    return unicodedata.category(char)[0] in "LN"


def is_cjk(char: str) -> bool:
    code = ord(char)
    return any(low <= code <= high for low, high in _CJK_RANGES)


def _runs(normalised: str) -> list[tuple[bool, str]]:
    """Split normalised text into (is_cjk, run) pairs of word characters."""
    runs: list[tuple[bool, str]] = []
    current: list[str] = []
    current_cjk = False
    for char in normalised:
        if not is_word_char(char):
            if current:
                runs.append((current_cjk, "".join(current)))
                current = []
            continue
        cjk = is_cjk(char)
        if current and cjk != current_cjk:
            runs.append((current_cjk, "".join(current)))
            current = []
        current_cjk = cjk
        current.append(char)
    if current:
        runs.append((current_cjk, "".join(current)))
    return runs


def _run_tokens(cjk: bool, run: str, *, last_alone: bool = True) -> list[str]:
    if not cjk:
        return [run]
    if len(run) == 1:
        return [run]
    bigrams = [run[i : i + 2] for i in range(len(run) - 1)]
    return [*bigrams, run[-1]] if last_alone else bigrams


def tokenise(text: str) -> list[str]:
    """Return the search tokens of ``text``, in order, as the index stores them.

    The text is normalised first (see ``normalise``), then split into runs of letters and
    digits; anything else (spaces, punctuation, symbols) ends a run. A run of CJK characters
    and kana gives its overlapping bigrams followed by its last character alone (a run of one
    character gives just that character); any other run gives one whole word. Kana belong to
    the CJK run they touch, so a particle between a Latin word and kanji is bigrammed with the
    kanji (ＤＭＯと観光 → dmo, と観, 観光, 光).

    >>> tokenise("観光地域づくり")
    ['観光', '光地', '地域', '域づ', 'づく', 'くり', 'り']
    >>> tokenise("ＤＭＯと観光")
    ['dmo', 'と観', '観光', '光']
    >>> tokenise("カンコウ、かんこう")
    ['かん', 'んこ', 'こう', 'う', 'かん', 'んこ', 'こう', 'う']
    >>> tokenise("Smart City 2025・光")
    ['smart', 'city', '2025', '光']
    >>> tokenise("")
    []
    """
    tokens: list[str] = []
    for cjk, run in _runs(normalise(text)):
        tokens.extend(_run_tokens(cjk, run))
    return tokens


def _split_query(query: str) -> list[str]:
    """Whitespace-separated words, with "quoted phrases" (straight or 「」/“” quotes) kept whole."""
    text = unicodedata.normalize("NFKC", query or "").replace("“", '"').replace("”", '"')
    text = text.replace("「", '"').replace("」", '"')
    terms: list[str] = []
    for index, part in enumerate(text.split('"')):
        # Odd parts sit between quotes; an unclosed quote runs to the end of the query.
        if index % 2:
            terms.append(part)
        else:
            terms.extend(part.split())
    return terms


def query_terms(query: str) -> list[list[str]]:
    """Split a search query into terms, each the token phrase the index must hold in order.

    Terms are whitespace-separated words, or "quoted phrases" kept whole; every term must
    match. Within a term, runs meet as they do in the text (a trailing character is kept for
    every run but the last, where the text may go on). A term whose last token is a single
    CJK character matches as a prefix: see ``is_prefix_term``. Terms without any letter or
    digit are dropped.

    >>> query_terms("観光")
    [['観光']]
    >>> query_terms("地域づくり")
    [['地域', '域づ', 'づく', 'くり']]
    >>> query_terms('ＤＭＯ  "観光 地域"')
    [['dmo'], ['観光', '光', '地域']]
    >>> query_terms("光 ・ カンコウ")
    [['光'], ['かん', 'んこ', 'こう']]
    """
    terms: list[list[str]] = []
    for term in _split_query(query):
        runs = _runs(normalise(term))
        tokens: list[str] = []
        for index, (cjk, run) in enumerate(runs):
            tokens.extend(_run_tokens(cjk, run, last_alone=index < len(runs) - 1))
        if tokens:
            terms.append(tokens)
    return terms


def is_prefix_term(tokens: list[str]) -> bool:
    """Whether a query term must match its last token as a prefix.

    A term ending in a single CJK character (光, or ｄｍｏ光) cannot be a bigram, so it matches
    any token starting with that character: the bigrams 光地, 光る… and the lone 光 that
    ends a run.

    >>> is_prefix_term(["光"]), is_prefix_term(["観光"]), is_prefix_term(["a"])
    (True, False, False)
    """
    return bool(tokens) and len(tokens[-1]) == 1 and is_cjk(tokens[-1])


def highlight_terms(query: str) -> list[str]:
    """The normalised runs of a query, longest first, to find and mark in a text.

    >>> highlight_terms('ＤＭＯと観光 "地域"')
    ['dmo', 'と観光', '地域']
    """
    runs = {run for term in _split_query(query) for _cjk, run in _runs(normalise(term))}
    return sorted(runs, key=lambda run: (-len(run), run))
