"""Demo partnerships whose round anniversary falls in the year after the demo is built, for `make run`.

The seeds' partnerships (丸亀市 and Willich, 2023; 釜石市 and Digne-les-Bains, 1994…) have no
round anniversary in most years, so the anniversaries page's default view (the next 12 months)
would be empty. These five are fictitious, and say so in their names and descriptions; each is
dated so that its 10th to 50th anniversary comes a few weeks to ten months after today.
Running it again changes nothing.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from renkei.partnerships.models import Partnership
from renkei.partnerships.services import Parties, overseas_government_get_or_create, partnership_create
from renkei.registry.models import LocalGovernment

DEMO_SOURCE = "デモ用の架空の提携 (demo data)"

# (municipality, prefecture, partner in Japanese, in English, country, anniversary, days until it)
DEMO_PARTNERSHIPS = [
    ("松原市", "大阪府", "デモ・スプリングス市", "Demo Springs", "US", 30, 24),
    ("南砺市", "富山県", "デモヴィル市", "Demoville", "FR", 20, 70),
    ("長岡京市", "京都府", "デモハーフェン市", "Demohafen", "DE", 10, 140),
    ("須崎市", "高知県", "デモ・ベイ市", "Demo Bay", "AU", 40, 220),
    ("別府市", "大分県", "デモ・テルメ市", "Demo Terme", "IT", 50, 300),
]


def _years_before(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


@transaction.atomic
def anniversaries_seed() -> list[Partnership]:
    """Add the demo sister-city partnerships with an anniversary in the coming year, once."""
    if Partnership.objects.filter(sources=DEMO_SOURCE).exists():
        return []
    today = timezone.localdate()
    created = []
    for name, prefecture, partner_ja, partner_en, country, years, days in DEMO_PARTNERSHIPS:
        government = LocalGovernment.objects.get(name=name, prefecture__name=prefecture)
        partner = overseas_government_get_or_create(name=partner_ja, name_en=partner_en, country=country, level="city")
        created.append(
            partnership_create(
                user=None,
                parties=Parties(local_governments=[government], overseas_governments=[partner]),
                kind=Partnership.Kind.SISTER_CITY,
                established_on=_years_before(today + datetime.timedelta(days=days), years),
                established_precision=Partnership.Precision.DAY,
                status=Partnership.Status.ACTIVE,
                description_ja=f"デモ用の架空の提携です。{years}周年が近づいています。",
                description_en=f"A fictitious partnership for the demo; its {years}th anniversary is coming.",
                sources=DEMO_SOURCE,
            )
        )
    return created
