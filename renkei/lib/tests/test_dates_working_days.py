import datetime

import pytest

from renkei.lib.dates import add_working_days, is_working_day


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (datetime.date(2025, 7, 28), True),  # a Monday
        (datetime.date(2025, 7, 26), False),  # Saturday
        (datetime.date(2025, 7, 27), False),  # Sunday
        (datetime.date(2025, 7, 21), False),  # 海の日
        (datetime.date(2025, 12, 26), True),  # the last working day of 2025
        (datetime.date(2025, 12, 29), False),  # 年末年始 on a Monday
        (datetime.date(2026, 1, 2), False),  # 年末年始 on a Friday
        (datetime.date(2026, 1, 5), True),  # offices open again
    ],
)
def test_working_days_follow_japanese_offices(day, expected):
    assert is_working_day(day) is expected


def test_it_skips_the_weekend():
    friday = datetime.date(2025, 7, 25)
    assert add_working_days(friday, 3) == datetime.date(2025, 7, 30)  # Mon 28 (…) Wed 30


def test_it_skips_public_holidays():
    # 21 July 2025 is 海の日.
    assert add_working_days(datetime.date(2025, 7, 18), 1) == datetime.date(2025, 7, 22)


def test_it_skips_the_year_end_closure():
    # Friday 26 December 2025: the office reopens on Monday 5 January 2026.
    assert add_working_days(datetime.date(2025, 12, 26), 1) == datetime.date(2026, 1, 5)
    assert add_working_days(datetime.date(2025, 12, 26), 3) == datetime.date(2026, 1, 7)


def test_zero_days_is_the_same_day():
    assert add_working_days(datetime.date(2025, 7, 26), 0) == datetime.date(2025, 7, 26)
