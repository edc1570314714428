"""Dates, fiscal years, ranges and money as officials write them, and as English readers expect."""

import datetime
import zoneinfo

from django.template import Context, Template
from django.utils import translation

from renkei.lib.dates import fiscal_year, fiscal_year_label, format_date, format_datetime, format_range
from renkei.lib.money import format_yen

TOKYO = zoneinfo.ZoneInfo("Asia/Tokyo")


def test_a_date_reads_with_its_weekday_in_japanese_and_in_words_in_english():
    day = datetime.date(2025, 8, 12)
    with translation.override("ja"):
        assert format_date(day) == "2025年8月12日（火）"
        assert format_date(day, wareki=True) == "令和7年8月12日（火）"
    with translation.override("en"):
        assert format_date(day) == "12 August 2025"


def test_a_moment_is_shown_in_japan_time_even_when_stored_in_utc():
    moment = datetime.datetime(2025, 8, 11, 16, 30, tzinfo=datetime.UTC)  # 01:30 on the 12th in Tokyo
    with translation.override("ja"):
        assert format_datetime(moment) == "2025年8月12日（火）01:30"
        assert format_date(moment) == "2025年8月12日（火）"
    with translation.override("en"):
        assert format_datetime(moment.astimezone(TOKYO)) == "12 August 2025, 01:30"


def test_the_fiscal_year_runs_from_april_and_reads_in_the_era():
    assert fiscal_year(datetime.date(2026, 3, 31)) == 2025
    assert fiscal_year(datetime.date(2026, 4, 1)) == 2026
    with translation.override("ja"):
        assert fiscal_year_label(2025) == "令和7年度"
        assert fiscal_year_label(2019) == "令和元年度"
    with translation.override("en"):
        assert fiscal_year_label(2025) == "FY2025"


def test_a_range_uses_the_wave_dash_and_leaves_out_what_repeats():
    start, end = datetime.date(2025, 8, 12), datetime.date(2025, 8, 15)
    with translation.override("ja"):
        assert format_range(start, end) == "2025年8月12日（火）〜15日（金）"
        assert format_range(start, datetime.date(2025, 9, 1)) == "2025年8月12日（火）〜9月1日（月）"
        assert format_range(start, datetime.date(2026, 1, 5)) == "2025年8月12日（火）〜2026年1月5日（月）"
        assert format_range(start, None) == "2025年8月12日（火）〜"
        assert format_range(start, start) == "2025年8月12日（火）"
        assert format_range(None, None) == ""
    with translation.override("en"):
        assert format_range(start, end) == "12 August 2025 – 15 August 2025"


def test_money_is_in_yen_with_separators():
    with translation.override("ja"):
        assert format_yen(30000) == "30,000円"
        assert format_yen(0) == "0円"
    with translation.override("en"):
        assert format_yen(1234567) == "¥1,234,567"
    assert format_yen(None) == ""


def test_templates_use_the_same_helpers_and_a_full_width_colon_in_japanese():
    template = Template("{% load renkei %}{% colon %}{{ day|longdate }} {{ amount|yen }} {{ day|daterange:end }}")
    context = Context({"day": datetime.date(2025, 8, 12), "end": datetime.date(2025, 8, 15), "amount": 30000})
    with translation.override("ja"):
        assert template.render(context) == "：2025年8月12日（火） 30,000円 2025年8月12日（火）〜15日（金）"
    with translation.override("en"):
        assert template.render(context) == ": 12 August 2025 ¥30,000 12 August 2025 – 15 August 2025"
