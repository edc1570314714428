"""Amounts of money as Renkei writes them: 30,000円 in Japanese, ¥30,000 in English."""

from decimal import Decimal

from django.utils.translation import get_language


def format_yen(amount: int | Decimal | None) -> str:
    """Return a whole number of yen with thousands separators, the unit after it in Japanese."""
    if amount is None:
        return ""
    figures = f"{int(amount):,}"
    if (get_language() or "ja").startswith("ja"):
        return f"{figures}円"
    return f"¥{figures}"
