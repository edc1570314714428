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
