"""The eight regions (地方) of Japan, and which prefecture codes each holds."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Region(models.TextChoices):
    HOKKAIDO = "hokkaido", _("Hokkaido")
    TOHOKU = "tohoku", _("Tohoku")
    KANTO = "kanto", _("Kanto")
    CHUBU = "chubu", _("Chubu")
    KINKI = "kinki", _("Kinki")
    CHUGOKU = "chugoku", _("Chugoku")
    SHIKOKU = "shikoku", _("Shikoku")
    KYUSHU_OKINAWA = "kyushu", _("Kyushu and Okinawa")


_REGION_PREFECTURES = {
    Region.HOKKAIDO: range(1, 2),
    Region.TOHOKU: range(2, 8),
    Region.KANTO: range(8, 15),
    Region.CHUBU: range(15, 24),
    Region.KINKI: range(24, 31),
    Region.CHUGOKU: range(31, 36),
    Region.SHIKOKU: range(36, 40),
    Region.KYUSHU_OKINAWA: range(40, 48),
}
REGION_OF_PREFECTURE = {f"{n:02d}": region for region, numbers in _REGION_PREFECTURES.items() for n in numbers}


def prefecture_codes(region: str) -> list[str]:
    """Return the two-digit prefecture codes of a region."""
    return [code for code, r in REGION_OF_PREFECTURE.items() if r == region]
