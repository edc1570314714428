"""Fill a bench database's news: 100,000 articles and 100,000 newsletter subscribers.

    DATABASE_URL=sqlite:////work/main/var/bench-news.sqlite3 .venv/bin/python bench/generate.py
    DATABASE_URL=sqlite:////work/main/var/bench-news.sqlite3 .venv/bin/python bench/generate_news.py

Articles are spread over the three demo networks (80% on the alliance's news), the three kinds
(お知らせ 50%, 活動報告 35%, メディア掲載 15%) and two visibilities (20% members only), published
over ten years; one in two hundred is scheduled in the future. One in ten has a lead photo
(the same small JPEG, stored once). Subscribers are all on the alliance, confirmed, 10% reading
in English. Articles are not put into the search index (the news list does not read it).

Options: --articles N, --subscribers N (smaller data for a trial), --seed N.
"""

import argparse
import datetime as dt
import io
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.generate import ALLIANCE, setup_django  # noqa: E402

ARTICLES = 100_000
SUBSCRIBERS = 100_000
BATCH = 5_000
NETWORK_SHARES = {ALLIANCE: 0.80, "tokubetsuku-zenkoku-renkei": 0.10, "clair-exchange-seminar": 0.10}
START = dt.datetime(2016, 4, 1, tzinfo=dt.UTC)
END = dt.datetime(2026, 11, 20, tzinfo=dt.UTC)
PLACES = ["松原市", "南砺市", "釜石市", "丸亀市", "北九州市", "長岡京市", "新宿区", "鈴鹿市", "豊中市", "別府市"]
TOPICS = [
    "観光連携",
    "防災協定",
    "移住相談会",
    "物産展",
    "姉妹都市交流",
    "首長TOP LIVE",
    "地域共創セミナー",
    "パネル展",
]
KINDS = [("notice", 0.50), ("report", 0.35), ("media", 0.15)]


def _lead_photo() -> tuple[str, str]:
    """One JPEG and its thumbnail in storage, shared by every article with a photo."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage
    from PIL import Image

    names = []
    for size in ((800, 600), (320, 240)):
        out = io.BytesIO()
        Image.new("RGB", size, (40, 110, 180)).save(out, "JPEG", quality=80)
        names.append(default_storage.save(f"news/bench/lead-{size[0]}.jpg", ContentFile(out.getvalue())))
    return names[0], names[1]


def articles(count: int, rng: random.Random) -> None:
    from django.db import transaction

    from renkei.networks.models import Network
    from renkei.news.models import Article

    networks = {n.slug: n for n in Network.objects.filter(slug__in=NETWORK_SHARES)}
    slugs = [slug for slug in NETWORK_SHARES if slug in networks]
    weights = [NETWORK_SHARES[slug] for slug in slugs]
    image, thumbnail = _lead_photo()
    span = (END - START).total_seconds()
    now = dt.datetime.now(dt.UTC)
    batch = []
    for number in range(count):
        kind = rng.choices([k for k, _w in KINDS], [w for _k, w in KINDS])[0]
        place, topic = rng.choice(PLACES), rng.choice(TOPICS)
        title = f"{place}の{topic}について（{number}）"
        summary = f"{place}と連携して{topic}を実施しました。"
        body = f"{summary}\n\n- 日時と会場\n- 参加自治体\n\n詳しくは事務局までお問い合わせください。"
        published = START + dt.timedelta(seconds=rng.random() * span)
        if number % 200 == 0:
            published = now + dt.timedelta(days=rng.randint(1, 60))
        photo = number % 10 == 0
        batch.append(
            Article(
                network=networks[rng.choices(slugs, weights)[0]],
                kind=kind,
                title=title,
                title_ja=title,
                title_en=f"{topic} with {place} ({number})" if number % 4 == 0 else "",
                summary=summary,
                summary_ja=summary,
                body=body,
                body_ja=body,
                visibility="members" if rng.random() < 0.2 else "public",
                published_at=published,
                lead_image=image if photo else "",
                lead_thumbnail=thumbnail if photo else "",
                lead_alt="会場の様子" if photo else "",
                lead_alt_ja="会場の様子" if photo else "",
                created_at=published,
                updated_at=published,
            )
        )
        if len(batch) >= BATCH:
            with transaction.atomic():
                Article.objects.bulk_create(batch)
            batch = []
    with transaction.atomic():
        Article.objects.bulk_create(batch)


def subscribers(count: int, rng: random.Random) -> None:
    from django.db import transaction

    from renkei.networks.models import Network
    from renkei.news.models import Subscriber

    network = Network.objects.get(slug=ALLIANCE)
    now = dt.datetime.now(dt.UTC)
    for start in range(0, count, BATCH):
        rows = [
            Subscriber(
                network=network,
                email=f"reader{number:06d}@subscribers.renkei.example",
                language="en" if rng.random() < 0.1 else "ja",
                status=Subscriber.Status.CONFIRMED,
                confirmed_at=now,
            )
            for number in range(start, min(count, start + BATCH))
        ]
        with transaction.atomic():
            Subscriber.objects.bulk_create(rows, ignore_conflicts=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=ARTICLES)
    parser.add_argument("--subscribers", type=int, default=SUBSCRIBERS)
    parser.add_argument("--seed", type=int, default=20261122)
    options = parser.parse_args()
    setup_django()
    from django.db import connection

    from renkei.news.models import Article, Subscriber

    rng = random.Random(options.seed)
    started = time.perf_counter()
    articles(options.articles, rng)
    print(f"articles: {Article.objects.count():,} ({time.perf_counter() - started:.0f} s)")
    started = time.perf_counter()
    subscribers(options.subscribers, rng)
    print(f"subscribers: {Subscriber.objects.count():,} ({time.perf_counter() - started:.0f} s)")
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


if __name__ == "__main__":
    main()
