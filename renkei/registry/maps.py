"""The map of Japan by prefecture, from ``data/prefecture_outlines.json``.

The outlines come from japanmap (Apache-2.0, see data/SOURCES.md): ``{"viewBox": "0 0 w h",
"prefectures": {"01": "<path d>", …}}``. They are also served as one static SVG file
(``static/registry/prefectures.svg``, written from the JSON by ``registry_build_data``), which
the browser keeps: a page only adds a ``<use>`` per prefecture with its colour and title,
instead of 60 KB of outlines, and nothing is fetched from another host.
"""

import json
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from renkei.lib.dates import range_dash

OUTLINES = Path(__file__).resolve().parent / "data" / "prefecture_outlines.json"
OUTLINES_SVG = Path(__file__).resolve().parent / "static" / "registry" / "prefectures.svg"

# No members, then four blues of the Digital Agency palette, light to dark.
COLOURS = ("#f2f2f2", "#c5d7fb", "#7096f8", "#3460fb", "#0031d8")


@cache
def prefecture_outlines() -> dict:
    """Return the outlines file as a dict, reading it on first use only."""
    with OUTLINES.open(encoding="utf-8") as f:
        return json.load(f)


def outlines_svg(outlines: dict) -> str:
    """The outlines as an SVG document with one ``<path id="pNN">`` per prefecture."""
    paths = "".join(f'<path id="p{code}" d="{d}"/>\n' for code, d in outlines["prefectures"].items())
    return f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{outlines["viewBox"]}">\n{paths}</svg>\n'


def write_outlines_svg() -> Path:
    """Write the static SVG file from the outlines data file."""
    OUTLINES_SVG.parent.mkdir(parents=True, exist_ok=True)
    OUTLINES_SVG.write_text(outlines_svg(prefecture_outlines()), encoding="utf-8")
    return OUTLINES_SVG


@dataclass(frozen=True)
class Step:
    """One step of the colour scale: counts from ``low`` to ``high`` (both included)."""

    low: int
    high: int
    colour: str

    @property
    def label(self) -> str:
        return str(self.low) if self.low == self.high else f"{self.low}{range_dash()}{self.high}"


def colour_steps(maximum: int) -> list[Step]:
    """Return up to five steps: zero, then four equal ranges up to ``maximum``.

    When the maximum is small some ranges coincide; each kept range takes the darkest colour
    among those it stands for, so the largest count is always drawn in the darkest colour.

    >>> [s.label for s in colour_steps(8)]
    ['0', '1〜2', '3〜4', '5〜6', '7〜8']
    >>> [(s.label, s.colour) for s in colour_steps(2)][1:]
    [('1', '#7096f8'), ('2', '#0031d8')]
    """
    steps = [Step(0, 0, COLOURS[0])]
    for k in range(1, 5):
        high = math.ceil(maximum * k / 4)
        if high < 1:
            continue
        if steps[-1].high == high:
            steps[-1] = Step(steps[-1].low, high, COLOURS[k])
        else:
            steps.append(Step(steps[-1].high + 1, high, COLOURS[k]))
    return steps


@dataclass(frozen=True)
class PrefectureArea:
    code: str  # two digits, 01 北海道 … 47 沖縄県
    name: str
    count: int
    colour: str


@dataclass(frozen=True)
class PrefectureMap:
    view_box: str
    areas: list[PrefectureArea]
    steps: list[Step]
    total: int


def prefecture_map(counts: dict[str, int], names: dict[str, str]) -> PrefectureMap:
    """Colour every prefecture by its count.

    ``counts`` and ``names`` are keyed by the two-digit prefecture code; a prefecture missing
    from ``counts`` has zero.
    """
    outlines = prefecture_outlines()
    steps = colour_steps(max(counts.values(), default=0))
    areas = []
    for code in outlines["prefectures"]:
        count = counts.get(code, 0)
        colour = next(step.colour for step in steps if step.low <= count <= step.high)
        areas.append(PrefectureArea(code, names.get(code, code), count, colour))
    return PrefectureMap(outlines["viewBox"], areas, steps, sum(counts.values()))
