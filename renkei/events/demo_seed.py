"""Demo events for `make run` beyond the seeds' own dated events.

- LOCAL JAPAN展's exhibitors: the seed gives 43 municipalities but names none of them as
  exhibitors, so the municipalities the alliance's overview names (its officers' and the 首長TOP
  LIVE speakers') stand for them, and the rest are listed as 【デモ】 places.
- 地域共創セミナー (seed 001): a series on the three axes 創る・繋ぐ・守る with three themes each
  (data/co_creation_seminars.json). The seed names the axes and "about nine themes" but not the
  themes or dates, so those are demo values and the titles say 【デモ】.

Running either again changes nothing.
"""

import datetime
import json
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from renkei.events.models import Event, Participant, Series
from renkei.events.services import event_create
from renkei.networks.models import Network
from renkei.registry.models import LocalGovernment

DATA = Path(__file__).parent / "data"
LOCAL_JAPAN_EXHIBITORS = 43


@transaction.atomic
def exhibitors_seed(network: Network, named: list[tuple[str, str]]) -> int:
    """List LOCAL JAPAN展's 43 exhibitors: the ``named`` (municipality, prefecture) first, then demo places."""
    event = Event.objects.filter(network=network, title_ja="LOCAL JAPAN展").first()
    if event is None or event.participants.filter(role=Participant.Role.EXHIBITOR).exists():
        return 0
    governments = []
    for name, prefecture in named:
        government = LocalGovernment.objects.get(name=name, prefecture__name=prefecture)
        if government not in governments:
            governments.append(government)
    rows = [
        Participant(event=event, role=Participant.Role.EXHIBITOR, order=order, local_government=government)
        for order, government in enumerate(governments, start=1)
    ]
    rows += [
        Participant(event=event, role=Participant.Role.EXHIBITOR, order=order, name=f"【デモ】出展自治体 {order}")
        for order in range(len(rows) + 1, LOCAL_JAPAN_EXHIBITORS + 1)
    ]
    Participant.objects.bulk_create(rows)
    return len(rows)


@transaction.atomic
def co_creation_seminars_seed(network: Network) -> int:
    """Create the 地域共創セミナー series of ``network`` and its nine demo seminars; how many were new."""
    data = json.loads((DATA / "co_creation_seminars.json").read_text(encoding="utf-8"))
    series, _created = Series.objects.get_or_create(
        network=network,
        name_ja=data["series_ja"],
        defaults={
            "name": data["series_ja"],
            "name_en": data["series_en"],
            "description_ja": data["description_ja"],
            "description_en": data["description_en"],
        },
    )
    themes = {theme.name_en: theme for theme in network.themes.all()}
    today = timezone.localdate()
    created = 0
    pairs = [(axis, theme) for axis in data["axes"] for theme in axis["themes"]]
    for number, (axis, theme) in enumerate(pairs, start=1):
        title_ja, title_en, theme_names, days = theme
        title_ja = f"【デモ】{data['series_ja']}〈{axis['ja']}〉{title_ja}"
        if Event.objects.filter(network=network, title_ja=title_ja).exists():
            continue
        day = today + datetime.timedelta(days=days)
        starts_at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(14)))
        event_create(
            network=network,
            created_by=None,
            series=series,
            number=number,
            kind=Event.Kind.SEMINAR if number % 3 else Event.Kind.WORKSHOP,
            title_ja=title_ja,
            title_en=f"[Demo] {data['series_en']} ({axis['en']}): {title_en}",
            summary_ja=(
                f"3軸（①創る ②繋ぐ ③守る）のうち「{axis['ja']}」、テーマ「{theme[0]}」のセミナーです。"
                "有識者や先端企業の事例を紹介し、会員自治体との意見交換を行います。（テーマと日程はデモ用の値です）"
            ),
            summary_en=(
                f"The {axis['en']} axis, on {title_en.lower()}: cases from experts and leading companies, then an "
                "exchange of views with member municipalities. (The theme and date are demo values.)"
            ),
            starts_at=starts_at,
            ends_at=starts_at + datetime.timedelta(hours=2),
            format=Event.Format.HYBRID,
            venue_ja="デモ会場（大阪市内）",
            venue_en="Demo venue (Osaka)",
            online_url="https://example.com/demo-seminar",
            registration_open_to=Event.OpenTo.SIGNED_IN,
            capacity=80,
            themes=[themes[name] for name in theme_names if name in themes],
        )
        created += 1
    return created
