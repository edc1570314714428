"""The prefecture map: outlines read once, the colour scale, every prefecture drawn."""

from renkei.registry import maps


def test_outlines_hold_all_47_prefectures_and_are_read_once():
    outlines = maps.prefecture_outlines()
    assert sorted(outlines["prefectures"]) == [f"{n:02d}" for n in range(1, 48)]
    assert outlines["viewBox"].startswith("0 0 ")
    assert maps.prefecture_outlines() is outlines


def test_scale_has_five_steps_up_to_the_largest_count():
    steps = maps.colour_steps(600)
    assert [s.label for s in steps] == ["0", "1〜150", "151〜300", "301〜450", "451〜600"]
    assert [s.colour for s in steps] == list(maps.COLOURS)


def test_small_counts_still_give_the_largest_the_darkest_colour():
    assert [(s.label, s.colour) for s in maps.colour_steps(1)] == [("0", "#f2f2f2"), ("1", "#0031d8")]
    assert maps.colour_steps(3)[-1].colour == "#0031d8"
    assert [s.label for s in maps.colour_steps(0)] == ["0"]


def test_every_count_falls_in_exactly_one_step():
    for maximum in range(0, 30):
        steps = maps.colour_steps(maximum)
        for count in range(0, maximum + 1):
            assert sum(s.low <= count <= s.high for s in steps) == 1


def test_map_colours_each_prefecture():
    result = maps.prefecture_map({"27": 8, "01": 1}, {"27": "大阪府", "01": "北海道"})
    areas = {a.code: a for a in result.areas}
    assert len(areas) == 47
    assert areas["27"].colour == maps.COLOURS[4]
    assert areas["01"].colour == maps.COLOURS[1]
    assert areas["13"].count == 0 and areas["13"].colour == maps.COLOURS[0]
    assert areas["27"].name == "大阪府"
    assert result.total == 9


def test_the_served_outlines_file_matches_the_data_file():
    """The static SVG the map pages use is written from the data file and must not drift from it."""
    assert maps.OUTLINES_SVG.read_text(encoding="utf-8") == maps.outlines_svg(maps.prefecture_outlines())
    assert maps.OUTLINES_SVG.read_text(encoding="utf-8").count('<path id="p') == 47
