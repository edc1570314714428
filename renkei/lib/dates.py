"""Dates as Japanese officials write them: 和暦 (令和) and the fiscal year (年度, April–March)."""

import datetime

from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

# (first day, era name in Japanese, in English) — newest first.
_ERAS = (
    (datetime.date(2019, 5, 1), "令和", "Reiwa"),
    (datetime.date(1989, 1, 8), "平成", "Heisei"),
    (datetime.date(1926, 12, 25), "昭和", "Showa"),
)
_WEEKDAYS_JA = "月火水木金土日"


def fiscal_year(day: datetime.date | None = None) -> int:
    """Return the fiscal year (年度) a day falls in: 1 April 2025 – 31 March 2026 is 2025."""
    day = day or timezone.localdate()
    return day.year if day.month >= 4 else day.year - 1


def fiscal_year_start(year: int) -> datetime.date:
    """Return 1 April of fiscal year ``year``."""
    return datetime.date(year, 4, 1)


def wareki_year(year: int, month: int = 4, day: int = 1) -> str:
    """Return the era year of a date, e.g. 令和7年 for 2025 (元年 for an era's first year)."""
    date = datetime.date(year, month, day)
    for start, name, _en in _ERAS:
        if date >= start:
            number = year - start.year + 1
            return f"{name}{'元' if number == 1 else number}年"
    return f"{year}年"


def fiscal_year_label(year: int) -> str:
    """Return how a fiscal year is written: 令和7年度 in Japanese, FY2025 in English."""
    if (get_language() or "ja").startswith("ja"):
        # A fiscal year takes the era in force by its end of December: FY2019 is 令和元年度.
        return wareki_year(year, 12, 31).removesuffix("年") + "年度"
    return _("FY%(year)s") % {"year": year}


def format_date(day: datetime.date | None, *, wareki: bool = False) -> str:
    """Return a date as 2025年7月28日（月） (or 令和7年7月28日（月）) in Japanese, 28 July 2025 in English."""
    if day is None:
        return ""
    if isinstance(day, datetime.datetime):
        day = timezone.localtime(day).date() if timezone.is_aware(day) else day.date()
    if (get_language() or "ja").startswith("ja"):
        year = wareki_year(day.year, day.month, day.day) if wareki else f"{day.year}年"
        return f"{year}{day.month}月{day.day}日（{_WEEKDAYS_JA[day.weekday()]}）"
    return f"{day.day} {day.strftime('%B')} {day.year}"


def format_datetime(moment: datetime.datetime | None) -> str:
    """Return a moment in Japan as 2025年7月28日（月）14:30 in Japanese, 28 July 2025, 14:30 in English."""
    if moment is None:
        return ""
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    day = format_date(moment.date())
    if (get_language() or "ja").startswith("ja"):
        return f"{day}{moment:%H:%M}"
    return f"{day}, {moment:%H:%M}"


def range_dash(*, spaced: bool = False) -> str:
    """The mark between the two ends of a range: 〜 in Japanese, an en dash in English."""
    if (get_language() or "ja").startswith("ja"):
        return "〜"
    return " – " if spaced else "–"


def format_range(start: datetime.date | None, end: datetime.date | None) -> str:
    """Return a span of days: 2025年8月12日（火）〜15日（金）, or 12–15 August 2025 in English.

    An open end is left blank after the dash, as officials write 8月12日（火）〜.
    """
    if start is None and end is None:
        return ""
    if start is None or end is None or start == end:
        single = format_date(start or end)
        if start == end:
            return single
        return f"{single}〜" if end is None else f"〜{single}"
    if not (get_language() or "ja").startswith("ja"):
        return f"{format_date(start)}{range_dash(spaced=True)}{format_date(end)}"
    tail = format_date(end)
    if end.year == start.year:
        tail = tail.removeprefix(f"{end.year}年")
        if end.month == start.month:
            tail = tail.removeprefix(f"{end.month}月")
    return f"{format_date(start)}〜{tail}"


def is_working_day(day: datetime.date) -> bool:
    """Whether Japanese offices are open on ``day``: not a weekend, a public holiday or 29 Dec – 3 Jan."""
    import jpholiday

    if day.weekday() >= 5 or jpholiday.is_holiday(day):
        return False
    # 年末年始: government offices close from 29 December to 3 January by law and custom.
    return not ((day.month == 12 and day.day >= 29) or (day.month == 1 and day.day <= 3))


def add_working_days(day: datetime.date, count: int) -> datetime.date:
    """Return the ``count``-th working day after ``day`` (see is_working_day); ``day`` itself when 0."""
    while count > 0:
        day += datetime.timedelta(days=1)
        if is_working_day(day):
            count -= 1
    return day


def ten_minutes(now: datetime.datetime | None = None) -> tuple[str]:
    """The ten minutes a kept page is drawn in, for pages that list what is coming: after them an
    event that has begun leaves the coming ones, an inquiry falls overdue."""
    now = now or timezone.now()
    return (f"{now:%Y%m%d%H}{now.minute // 10}",)
