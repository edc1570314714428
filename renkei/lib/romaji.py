"""Kana to romaji, in the form Japanese local governments use for their English names.

Official English names (Kamaishi City, Osaka Prefecture, Kitakyushu City) follow modified
Hepburn but drop the macrons: long vowels are simply folded (こう → ko, きゅう → kyu,
おお → o), while え+い stays "ei" (Seika) and い+い stays "ii" (Niigata). ん is always "n",
with no apostrophe and no "m" before b/m/p (Gunma, Kanonji, Shinbashi).

Folding is purely phonetic, so it cannot see a morpheme boundary: 豊岡 とよおか becomes
"Toyoka" although the city writes "Toyooka". Such names are corrected by data
(renkei/registry/data/name_en_overrides.csv), not here.
"""

from renkei.lib.japanese import to_hiragana

_MONO = {
    "あ": "a", "い": "i", "う": "u", "え": "e", "お": "o",
    "か": "ka", "き": "ki", "く": "ku", "け": "ke", "こ": "ko",
    "が": "ga", "ぎ": "gi", "ぐ": "gu", "げ": "ge", "ご": "go",
    "さ": "sa", "し": "shi", "す": "su", "せ": "se", "そ": "so",
    "ざ": "za", "じ": "ji", "ず": "zu", "ぜ": "ze", "ぞ": "zo",
    "た": "ta", "ち": "chi", "つ": "tsu", "て": "te", "と": "to",
    "だ": "da", "ぢ": "ji", "づ": "zu", "で": "de", "ど": "do",
    "な": "na", "に": "ni", "ぬ": "nu", "ね": "ne", "の": "no",
    "は": "ha", "ひ": "hi", "ふ": "fu", "へ": "he", "ほ": "ho",
    "ば": "ba", "び": "bi", "ぶ": "bu", "べ": "be", "ぼ": "bo",
    "ぱ": "pa", "ぴ": "pi", "ぷ": "pu", "ぺ": "pe", "ぽ": "po",
    "ま": "ma", "み": "mi", "む": "mu", "め": "me", "も": "mo",
    "や": "ya", "ゆ": "yu", "よ": "yo",
    "ら": "ra", "り": "ri", "る": "ru", "れ": "re", "ろ": "ro",
    "わ": "wa", "ゐ": "i", "ゑ": "e", "を": "o", "ん": "n",
    "ゔ": "vu",
    # Small kana standing alone (rare outside loanwords) read as their full-size vowels.
    "ぁ": "a", "ぃ": "i", "ぅ": "u", "ぇ": "e", "ぉ": "o",
    "ゃ": "ya", "ゅ": "yu", "ょ": "yo", "ゎ": "wa",
}  # fmt: skip

# い-row kana followed by small ゃ/ゅ/ょ: the consonant part of the digraph.
_YOON_STEM = {
    "き": "ky", "ぎ": "gy", "し": "sh", "じ": "j", "ち": "ch", "ぢ": "j",
    "に": "ny", "ひ": "hy", "び": "by", "ぴ": "py", "み": "my", "り": "ry",
}  # fmt: skip
_SMALL_Y = {"ゃ": "a", "ゅ": "u", "ょ": "o"}

# Loanword combinations with small vowels (ティ, ファ, ウェ…), for katakana names.
_EXTENDED = {
    "てぃ": "ti", "でぃ": "di", "とぅ": "tu", "どぅ": "du",
    "ふぁ": "fa", "ふぃ": "fi", "ふぇ": "fe", "ふぉ": "fo",
    "うぃ": "wi", "うぇ": "we", "うぉ": "wo",
    "ゔぁ": "va", "ゔぃ": "vi", "ゔぇ": "ve", "ゔぉ": "vo",
    "しぇ": "she", "じぇ": "je", "ちぇ": "che",
}  # fmt: skip

_VOWELS = "aeiou"


def _syllables(hiragana: str) -> list[str]:
    """Split hiragana into romanised syllables; っ stays as a marker, ー is dropped."""
    out: list[str] = []
    i = 0
    while i < len(hiragana):
        pair = hiragana[i : i + 2]
        if pair in _EXTENDED:
            out.append(_EXTENDED[pair])
            i += 2
        elif len(pair) == 2 and pair[0] in _YOON_STEM and pair[1] in _SMALL_Y:
            out.append(_YOON_STEM[pair[0]] + _SMALL_Y[pair[1]])
            i += 2
        else:
            char = hiragana[i]
            if char == "っ":
                out.append("っ")
            elif char in _MONO:
                out.append(_MONO[char])
            elif char != "ー":
                # Spaces, punctuation and anything already in Latin letters pass through.
                out.append(char)
            i += 1
    return out


def kana_to_hepburn(kana: str) -> str:
    """Romanise full- or half-width katakana or hiragana, lower case, without macrons.

    >>> kana_to_hepburn("きたきゅうしゅう")
    'kitakyushu'
    >>> kana_to_hepburn("ｵｵｻｶ")
    'osaka'
    """
    syllables = _syllables(to_hiragana(kana))
    result: list[str] = []
    geminate = False
    for syllable in syllables:
        if syllable == "っ":
            geminate = True
            continue
        previous = result[-1] if result else ""
        # A long vowel: おう / おお fold into o, うう into u; えい and いい are kept.
        if previous and ((syllable == "u" and previous[-1] in "ou") or (syllable == "o" and previous[-1] == "o")):
            geminate = False
            continue
        if geminate and syllable[0].isascii() and syllable[0].isalpha() and syllable[0] not in _VOWELS:
            syllable = ("t" + syllable) if syllable.startswith("ch") else (syllable[0] + syllable)
        geminate = False
        result.append(syllable)
    return "".join(result)


# Kana readings of the suffixes, by the suffix's kanji.
_SUFFIX_KANA = {
    "市": ("し",),
    "区": ("く",),
    "町": ("ちょう", "まち"),
    "村": ("むら", "そん"),
    "県": ("けん",),
    "府": ("ふ",),
    "都": ("と",),
}
_SUFFIX_EN = {"city": "City", "town": "Town", "village": "Village"}


def _stem(name: str, hiragana: str) -> str:
    """Drop the reading of the name's last kanji (市, 町, 県…) from its reading."""
    for suffix in _SUFFIX_KANA.get(name[-1:], ()):
        if hiragana.endswith(suffix) and len(hiragana) > len(suffix):
            return hiragana[: -len(suffix)]
    return hiragana


def _romanised_stem(name: str, hiragana: str) -> str:
    word = kana_to_hepburn(_stem(name, hiragana))
    return word[:1].upper() + word[1:]


def english_name(name: str, kana: str, kind: str, prefecture_name: str) -> str:
    """Return the English name of a local government from its kanji name and kana reading.

    ``kana`` is the full reading, suffix included (かまいしし), in either script or width;
    ``kind`` is one of prefecture, city, ward, town, village. Tokyo's special wards call
    themselves cities in English (新宿区 → Shinjuku City); a ward elsewhere would be a
    "Ward". 北海道 is "Hokkaido" and 東京都 "Tokyo Metropolis"; other prefectures, 府 and
    県 alike, are "X Prefecture" (Kyoto Prefecture, Kagawa Prefecture).

    >>> english_name("釜石市", "ｶﾏｲｼｼ", "city", "岩手県")
    'Kamaishi City'
    """
    hiragana = to_hiragana(kana)
    stem = _romanised_stem(name, hiragana)
    if kind == "prefecture":
        if name.endswith("道"):
            return stem
        return f"{stem} Metropolis" if name.endswith("都") else f"{stem} Prefecture"
    if kind == "ward":
        return f"{stem} City" if prefecture_name == "東京都" else f"{stem} Ward"
    return f"{stem} {_SUFFIX_EN[kind]}"
