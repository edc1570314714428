"""Add partnerships at national scale to a bench database: 50,000 partnerships, 500,000 activities.

    DATABASE_URL=sqlite:////work/main/var/bench-partnerships.sqlite3 .venv/bin/python bench/generate.py
    DATABASE_URL=sqlite:////work/main/var/bench-partnerships.sqlite3 .venv/bin/python bench/generate_partnerships.py
    .venv/bin/python bench/run.py --database-url sqlite:////work/main/var/bench-partnerships.sqlite3 \\
        --pages floor,partnerships,partnerships-anniversaries --rounds 1 --duration 10

Partnerships join a Japanese local government with a city abroad (2,000 cities over 40
countries), with another Japanese government, or with a company; kinds, statuses and
precisions are mixed, starts are spread from 1955 to 2025, so every year has round
anniversaries. Activities (80% of a partnership, the rest standing alone) are spread over the
last twenty years. At the end the uncached reads behind the pages are timed in process, as
the pages' fragments are cached and wrk mostly measures the cache.

Options: --partnerships N, --activities N, --seed N.
"""

import argparse
import datetime as dt
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.generate import setup_django  # noqa: E402

PARTNERSHIPS = 50_000
ACTIVITIES = 500_000
BATCH = 5_000
COUNTRIES = [
    "US",
    "CN",
    "KR",
    "AU",
    "CA",
    "BR",
    "DE",
    "FR",
    "NZ",
    "TW",
    "IT",
    "GB",
    "MX",
    "PH",
    "TH",
    "VN",
    "ID",
    "MY",
    "IN",
    "RU",
    "ES",
    "AT",
    "NL",
    "BE",
    "CH",
    "SE",
    "FI",
    "NO",
    "DK",
    "PL",
    "TR",
    "EG",
    "KE",
    "CL",
    "PE",
    "AR",
    "MN",
    "LT",
    "HU",
    "CZ",
]
WORDS = [
    "交流",
    "訪問団",
    "ホームステイ",
    "記念植樹",
    "文化祭",
    "視察",
    "友好",
    "青少年",
    "音楽",
    "スポーツ",
    "経済",
    "観光",
    "物産展",
    "学生",
    "市民",
    "姉妹都市",
    "周年",
    "記念式典",
    "ワークショップ",
    "研修",
]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--partnerships", type=int, default=PARTNERSHIPS)
    parser.add_argument("--activities", type=int, default=ACTIVITIES)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    setup_django()

    from django.db import transaction

    from renkei.organisations.models import Organisation
    from renkei.partnerships.models import Activity, Partnership, Party, changed
    from renkei.registry.models import LocalGovernment, OverseasGovernment

    rng = random.Random(args.seed)
    started = time.monotonic()
    governments = list(LocalGovernment.objects.select_related("prefecture"))
    organisation_of = dict(Organisation.objects.exclude(local_government=None).values_list("local_government_id", "id"))
    companies = list(Organisation.objects.filter(kind=Organisation.Kind.COMPANY).values_list("id", "name_ja")[:500])

    overseas = []
    for index in range(2000):
        country = COUNTRIES[index % len(COUNTRIES)]
        name = f"Bench City {index:04d}"
        overseas.append(
            OverseasGovernment(name=name, name_en=name, name_kana=f"ベンチシティ{index}", country=country, level="city")
        )
    OverseasGovernment.objects.bulk_create(overseas, ignore_conflicts=True)
    overseas = list(OverseasGovernment.objects.filter(name_en__startswith="Bench City"))
    print(f"{len(overseas)} overseas governments", flush=True)

    kinds = [k for k, _label in Partnership.Kind.choices]
    with transaction.atomic():
        first_id = (Partnership.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1
        for start in range(0, args.partnerships, BATCH):
            rows, parties = [], []
            for offset in range(min(BATCH, args.partnerships - start)):
                pk = first_id + start + offset
                kind = rng.choice(kinds)
                precision = rng.choices(["day", "month", "year"], weights=[6, 2, 2])[0]
                day = dt.date(rng.randint(1955, 2025), rng.randint(1, 12), rng.randint(1, 28))
                if precision == "year":
                    day = day.replace(month=1, day=1)
                elif precision == "month":
                    day = day.replace(day=1)
                status = rng.choices(["active", "fixed_term", "ended"], weights=[85, 5, 10])[0]
                ends_on = day + dt.timedelta(days=365 * rng.randint(3, 20)) if status != "active" else None
                government = rng.choice(governments)
                chosen = [
                    Party(
                        local_government=government,
                        country="JP",
                        prefecture_id=government.prefecture_id or government.code,
                    )
                ]
                labels = [government.full_name]
                roll = rng.random()
                if roll < 0.75:
                    city = rng.choice(overseas)
                    chosen.append(Party(overseas_government=city, country=city.country))
                    labels.append(f"{city.name_kana} ({city.name_en})")
                elif roll < 0.92:
                    other = rng.choice(governments)
                    chosen.append(
                        Party(local_government=other, country="JP", prefecture_id=other.prefecture_id or other.code)
                    )
                    labels.append(other.full_name)
                else:
                    company_id, company_name = rng.choice(companies)
                    chosen.append(Party(organisation_id=company_id))
                    labels.append(company_name)
                partnership = Partnership(
                    id=pk,
                    kind=kind,
                    established_on=day,
                    established_precision=precision,
                    status=status,
                    ends_on=ends_on,
                    description=f"{' '.join(rng.sample(WORDS, 4))}",
                    description_ja=f"{' '.join(rng.sample(WORDS, 4))}",
                    label=" – ".join(labels),
                    label_en=" – ".join(labels),
                    is_draft=rng.random() < 0.01,
                )
                partnership.set_start()
                rows.append(partnership)
                for order, party in enumerate(chosen):
                    party.partnership_id = pk
                    party.order = order
                    parties.append(party)
            Partnership.objects.bulk_create(rows)
            Party.objects.bulk_create(parties)
        print(f"{args.partnerships} partnerships in {time.monotonic() - started:.0f} s", flush=True)

        partnership_rows = list(
            Party.objects.filter(partnership_id__gte=first_id, order=0).values_list(
                "partnership_id", "local_government_id"
            )
        )
        activity_kinds = [k for k, _label in Activity.Kind.choices]
        for start in range(0, args.activities, BATCH):
            rows = []
            for _ in range(min(BATCH, args.activities - start)):
                if rng.random() < 0.8:
                    partnership_id, code = rng.choice(partnership_rows)
                else:
                    partnership_id, code = None, rng.choice(governments).code
                day = dt.date(2006, 1, 1) + dt.timedelta(days=rng.randint(0, 7300))
                title = "".join(rng.sample(WORDS, 3))
                rows.append(
                    Activity(
                        partnership_id=partnership_id,
                        organisation_id=organisation_of[code],
                        local_government_id=code,
                        kind=rng.choice(activity_kinds),
                        title=title,
                        title_ja=title,
                        starts_on=day,
                        participant_count=rng.randint(2, 60),
                        participant_countries=" ".join(rng.sample(COUNTRIES, 2)),
                    )
                )
            Activity.objects.bulk_create(rows)
            if (start // BATCH) % 20 == 0:
                print(f"  {start + len(rows)} activities", flush=True)
        print(f"{args.activities} activities in {time.monotonic() - started:.0f} s", flush=True)
        changed()
    time_reads()


def time_reads(repeat: int = 20) -> None:
    """The reads behind the directory and anniversaries pages, uncached, as the first visitor has them."""
    from django.contrib.auth.models import AnonymousUser
    from django.core.paginator import Paginator

    from renkei.partnerships import selectors

    anonymous = AnonymousUser()

    def directory():
        page = Paginator(selectors.partnerships_for(anonymous), 20).get_page(1)
        return list(selectors.with_parties(page.object_list))

    def anniversaries(months: int):
        page = Paginator(selectors.anniversaries(anonymous, months=months), 20).get_page(1)
        return list(selectors.with_parties(page.object_list))

    for label, read in [
        ("directory, page 1", directory),
        (
            "directory ?country=US",
            lambda: list(
                selectors.with_parties(
                    selectors.partnerships_for(anonymous, selectors.DirectoryFilters(country="US"))[:20]
                )
            ),
        ),
        ("anniversaries, 12 months", lambda: anniversaries(12)),
        ("anniversaries, 24 months", lambda: anniversaries(24)),
        ("counts by country", lambda: selectors.counts_by_country(anonymous)),
    ]:
        times = []
        for _ in range(repeat):
            t = time.perf_counter()
            read()
            times.append((time.perf_counter() - t) * 1000)
        times.sort()
        print(f"uncached {label}: median {statistics.median(times):.1f} ms, max {times[-1]:.1f} ms ({repeat} runs)")


if __name__ == "__main__":
    main()
