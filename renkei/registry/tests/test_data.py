"""The generated registry data files, the code check digit and the romaji rules.

Plain functions over the files in renkei/registry/data/: no database needed.
"""

import csv
import json
import re
from collections import Counter
from functools import cache
from pathlib import Path

import pytest

from renkei.lib.romaji import english_name, kana_to_hepburn
from renkei.registry import databuild
from renkei.registry.codes import check_digit, is_valid_code

DATA_DIR = Path(databuild.__file__).resolve().parent / "data"


@cache
def _rows() -> tuple[dict[str, str], ...]:
    with (DATA_DIR / "local_governments.csv").open(encoding="utf-8", newline="") as fh:
        return tuple(csv.DictReader(fh))


def _by_code() -> dict[str, dict[str, str]]:
    return {row["code"]: row for row in _rows()}


def test_header_and_row_count():
    with (DATA_DIR / "local_governments.csv").open(encoding="utf-8") as fh:
        assert fh.readline().rstrip("\n") == "code,name,name_kana,name_en,kind,prefecture_code,lat,lng"
    assert len(_rows()) == 1788


def test_rows_are_in_code_order_and_unique():
    codes = [row["code"] for row in _rows()]
    assert codes == sorted(codes)
    assert len(set(codes)) == len(codes)


def test_counts_by_kind():
    assert Counter(row["kind"] for row in _rows()) == {
        "prefecture": 47,
        "city": 792,
        "ward": 23,
        "town": 743,
        "village": 183,
    }


def test_wards_are_tokyos_special_wards():
    wards = [row["code"] for row in _rows() if row["kind"] == "ward"]
    assert wards[0] == "131016" and wards[-1] == "131237"
    assert all(code.startswith("13") for code in wards)


def test_every_code_has_a_valid_check_digit():
    assert all(is_valid_code(row["code"]) for row in _rows())


@pytest.mark.parametrize("code", ["032115", "011002", "012131", "130001", "470007"])
def test_a_corrupted_check_digit_fails(code):
    assert is_valid_code(code)
    for digit in "0123456789":
        if digit != code[5]:
            assert not is_valid_code(code[:5] + digit)


def test_check_digit_remainders_zero_and_one():
    # 苫小牧市: the weighted sum is a multiple of 11, so the check digit is 1, not 0.
    assert check_digit("01213") == 1
    assert check_digit("03211") == 5  # 釜石市


@pytest.mark.parametrize("bad", ["", "03211", "0321150", "03211x", "０３２１１５", "482115", None])
def test_malformed_codes_are_invalid(bad):
    assert not is_valid_code(bad)


def test_prefecture_code_and_coordinates():
    for row in _rows():
        assert row["prefecture_code"] == row["code"][:2]
        assert 1 <= int(row["prefecture_code"]) <= 47
        assert re.fullmatch(r"-?\d+\.\d{6}", row["lat"]) and re.fullmatch(r"-?\d+\.\d{6}", row["lng"])
        assert 20 < float(row["lat"]) < 46 and 122 < float(row["lng"]) < 154


def test_kana_is_hiragana_with_suffix():
    for row in _rows():
        assert re.fullmatch(r"[ぁ-ゖー]+", row["name_kana"]), row
    assert _by_code()["010006"]["name_kana"] == "ほっかいどう"


def test_kamaishi():
    row = _by_code()["032115"]
    assert (row["name"], row["name_kana"], row["name_en"], row["kind"]) == (
        "釜石市",
        "かまいしし",
        "Kamaishi City",
        "city",
    )
    assert float(row["lat"]) == pytest.approx(39.27, abs=0.05)
    assert float(row["lng"]) == pytest.approx(141.88, abs=0.05)


def test_small_kana_written_full_size_in_the_source_are_fixed():
    rows = _by_code()
    assert rows["112062"]["name_kana"] == "ぎょうだし"
    assert rows["112062"]["name_en"] == "Gyoda City"
    assert rows["473260"]["name_en"] == "Chatan Town"


def test_renamed_municipality_still_has_coordinates():
    row = _by_code()["282219"]  # 丹波篠山市, 篠山市 until 2019 and in JpGeocode
    assert row["name"] == "丹波篠山市"
    assert float(row["lat"]) == pytest.approx(35.07, abs=0.1)


SEED_NAMES = {
    "032107": "Rikuzentakata City",
    "370002": "Kagawa Prefecture",
    "232017": "Toyohashi City",
    "232114": "Toyota City",
    "330001": "Okayama Prefecture",
    "420000": "Nagasaki Prefecture",
    "040002": "Miyagi Prefecture",
    "414247": "Kohoku Town",  # 佐賀県江北町
    "172031": "Komatsu City",
    "422100": "Iki City",
    "401005": "Kitakyushu City",
    "280003": "Hyogo Prefecture",
    "221007": "Shizuoka City",
    "062111": "Higashine City",
    "062031": "Tsuruoka City",
    "250007": "Shiga Prefecture",
    "072044": "Iwaki City",
    "260002": "Kyoto Prefecture",
    "450006": "Miyazaki Prefecture",
    "322041": "Masuda City",
    "282090": "Toyooka City",
    "292028": "Yamato Takada City",
    "320005": "Shimane Prefecture",
    "190004": "Yamanashi Prefecture",
    "013951": "Niseko Town",
    "431001": "Kumamoto City",
    "282022": "Amagasaki City",
    "460001": "Kagoshima Prefecture",
    "160008": "Toyama Prefecture",
    "372030": "Sakaide City",
    "200000": "Nagano Prefecture",
    "341002": "Hiroshima City",
    "343072": "Kumano Town",  # 広島県熊野町
    "310000": "Tottori Prefecture",
    "360007": "Tokushima Prefecture",
    "242039": "Ise City",
    "244414": "Taki Town",  # 三重県多気町
    "263664": "Seika Town",  # 京都府精華町
    "020001": "Aomori Prefecture",
    "271403": "Sakai City",
    "230006": "Aichi Prefecture",
    "372021": "Marugame City",
    "032115": "Kamaishi City",
    "212041": "Tajimi City",
    "270008": "Osaka Prefecture",
    "272175": "Matsubara City",
    "131041": "Shinjuku City",
    "030007": "Iwate Prefecture",
    "210005": "Gifu Prefecture",
}

WELL_KNOWN_NAMES = {
    "010006": "Hokkaido",
    "011002": "Sapporo City",
    "012025": "Hakodate City",
    "440001": "Oita Prefecture",
    "100005": "Gunma Prefecture",
    "390003": "Kochi Prefecture",
    "130001": "Tokyo Metropolis",
    "131016": "Chiyoda City",
    "150002": "Niigata Prefecture",
    "092100": "Otawara City",
}


@pytest.mark.parametrize(("code", "name_en"), sorted({**SEED_NAMES, **WELL_KNOWN_NAMES}.items()))
def test_english_names(code, name_en):
    assert _by_code()[code]["name_en"] == name_en


def test_overrides_are_applied_and_documented():
    with (DATA_DIR / "name_en_overrides.csv").open(encoding="utf-8", newline="") as fh:
        overrides = list(csv.DictReader(fh))
    rows = _by_code()
    for override in overrides:
        assert rows[override["code"]]["name_en"] == override["name_en"]
        assert override["note"].strip()


def test_seed_overrides_name_their_seed():
    with (DATA_DIR / "name_en_overrides.csv").open(encoding="utf-8", newline="") as fh:
        notes = {row["code"]: row["note"] for row in csv.DictReader(fh)}
    for code in ("282090", "292028"):
        assert re.search(r"seed \d{3}_[0-9a-f]+\.txt", notes[code])


def test_every_prefecture_has_an_outline():
    outlines = json.loads((DATA_DIR / "prefecture_outlines.json").read_text(encoding="utf-8"))
    assert re.fullmatch(r"-?\d+(\.\d+)? -?\d+(\.\d+)? \d+(\.\d+)? \d+(\.\d+)?", outlines["viewBox"])
    assert sorted(outlines["prefectures"]) == [f"{n:02d}" for n in range(1, 48)]
    for path in outlines["prefectures"].values():
        assert path.startswith("M") and path.endswith("Z")
        assert path.count(",") >= 10


def test_outline_file_stays_small():
    assert (DATA_DIR / "prefecture_outlines.json").stat().st_size < 120_000


def test_japanmap_licence_is_kept():
    assert "Apache License" in (DATA_DIR / "LICENSE-japanmap.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("kana", "romaji"),
    [
        ("こうほく", "kohoku"),
        ("きたきゅうしゅう", "kitakyushu"),
        ("せいか", "seika"),
        ("ぐんま", "gunma"),
        ("しんじゅく", "shinjuku"),
        ("かんおんじ", "kanonji"),
        ("おおさか", "osaka"),
        ("おおいた", "oita"),
        ("おおたわら", "otawara"),
        ("ゆうばり", "yubari"),
        ("にいがた", "niigata"),
        ("ほっかいどう", "hokkaido"),
        ("はっちょう", "hatcho"),
        ("ごっち", "gotchi"),
        ("あっけし", "akkeshi"),
        ("さっぽろ", "sapporo"),
        ("ちゃたん", "chatan"),
        ("じょうえつ", "joetsu"),
        ("ふじ", "fuji"),
        ("づ", "zu"),
        ("ｶﾏｲｼ", "kamaishi"),
        ("カマイシ", "kamaishi"),
        ("ﾎｯｶｲﾄﾞｳ", "hokkaido"),
    ],
)
def test_kana_to_hepburn(kana, romaji):
    assert kana_to_hepburn(kana) == romaji


def test_boundary_double_vowel_needs_an_override():
    # Folding cannot see that 豊岡 is とよ+おか; the data file carries "Toyooka".
    assert kana_to_hepburn("とよおか") == "toyoka"
    assert _by_code()["282090"]["name_en"] == "Toyooka City"


@pytest.mark.parametrize(
    ("name", "kana", "kind", "prefecture", "expected"),
    [
        ("釜石市", "かまいしし", "city", "岩手県", "Kamaishi City"),
        ("新宿区", "しんじゅくく", "ward", "東京都", "Shinjuku City"),
        ("江北町", "こうほくまち", "town", "佐賀県", "Kohoku Town"),
        ("精華町", "せいかちょう", "town", "京都府", "Seika Town"),
        ("大宜味村", "おおぎみそん", "village", "沖縄県", "Ogimi Village"),
        ("檜枝岐村", "ひのえまたむら", "village", "福島県", "Hinoemata Village"),
        ("東京都", "とうきょうと", "prefecture", "東京都", "Tokyo Metropolis"),
        ("北海道", "ほっかいどう", "prefecture", "北海道", "Hokkaido"),
        ("京都府", "きょうとふ", "prefecture", "京都府", "Kyoto Prefecture"),
        ("大阪府", "ｵｵｻｶﾌ", "prefecture", "大阪府", "Osaka Prefecture"),
        ("香川県", "かがわけん", "prefecture", "香川県", "Kagawa Prefecture"),
    ],
)
def test_english_name_rules(name, kana, kind, prefecture, expected):
    assert english_name(name, kana, kind, prefecture) == expected
