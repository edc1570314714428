"""Fill a bench database with events: 100,000 events and 2,000,000 registrations.

    DATABASE_URL=sqlite:////work/main/var/bench-events.sqlite3 .venv/bin/python bench/generate.py
    DATABASE_URL=sqlite:////work/main/var/bench-events.sqlite3 .venv/bin/python bench/generate_events.py
    .venv/bin/python bench/run.py --database-url sqlite:////work/main/var/bench-events.sqlite3 \\
        --pages floor,events-month,events-organiser,events-network-ics
    .venv/bin/python bench/event_contention.py --database-url sqlite:////work/main/var/bench-events.sqlite3

Events are spread over the demo networks (half on the alliance) from April 2017 to March 2028,
about 750 a month: every kind, one to three hours (exhibitions for weeks, tours over two
days), 85% public, 2% cancelled, 1% drafts; a third with a host municipality, a tenth with a
theme, some as numbered episodes of a series. Registrations (a few to several hundred an event,
skewed) come from the bench users and from visitors, confirmed up to the capacity and then
waitlisted, 5% cancelled, checked in at past in-person events; each event's seat counts follow.

One upcoming event of the alliance has exactly DETAIL_REGISTRANTS registrants, a programme and
speakers (the organiser's page in the benchmark). The alliance secretariat's demo account gets an
authenticator, so the benchmark's two-factor session opens the organiser's pages.

Rows go in with executemany (SQLite, journal and sync off) or COPY (PostgreSQL), in batches,
with the tables' secondary indexes dropped first and built once at the end.

Options: --events N, --registrations N (smaller data for a trial), --seed N.
"""

import argparse
import datetime as dt
import json
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.generate import ALLIANCE, setup_django  # noqa: E402

EVENTS = 100_000
REGISTRATIONS = 2_000_000
DETAIL_REGISTRANTS = 1_000
DETAIL_TITLE_EN = "Bench lecture with 1,000 registrants"
SECRETARIAT_EMAIL = "secretariat@demo.renkei.example"
NETWORK_SHARES = {ALLIANCE: 0.5, "tokubetsuku-zenkoku-renkei": 0.25, "clair-exchange-seminar": 0.15, "mofa-glocal": 0.1}
START = dt.datetime(2017, 4, 1, tzinfo=dt.UTC)
END = dt.datetime(2028, 3, 31, tzinfo=dt.UTC)
BATCH = 50_000
TABLES = ["events_event", "events_registration", "events_participant", "events_event_themes", "events_series"]

TOPICS = [
    ("観光振興", "tourism"),
    ("防災", "disaster prevention"),
    ("移住・定住", "migration and settlement"),
    ("地域づくり", "community building"),
    ("DX推進", "digital transformation"),
    ("脱炭素", "decarbonisation"),
    ("子育て支援", "child-rearing support"),
    ("国際交流", "international exchange"),
    ("関係人口", "related population"),
    ("ふるさと納税", "hometown tax"),
]
KIND_NAMES = {
    "seminar": ("セミナー", "seminar"),
    "workshop": ("ワークショップ", "workshop"),
    "talk_session": ("トークセッション", "talk session"),
    "lecture": ("講演会", "lecture"),
    "exchange_meeting": ("交流会", "exchange meeting"),
    "exhibition": ("パネル展", "panel exhibition"),
    "study_tour": ("視察ツアー", "study tour"),
    "exchange_seminar": ("交流セミナー", "exchange seminar"),
}
KINDS = list(KIND_NAMES)
KIND_WEIGHTS = [30, 12, 10, 14, 12, 8, 6, 8]
VENUES = ["ベルサール神保町", "ECOM駿河台", "東京国際フォーラム", "大阪国際会議場", "市民会館 大ホール", "県庁 講堂"]
SURNAMES = ["佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "山本", "中村", "小林", "加藤", "吉田", "山田"]
GIVEN = ["太郎", "花子", "健一", "美咲", "翔太", "陽子", "大輔", "由美", "誠", "恵"]


def registration_counts(rng: random.Random, events: int, total: int) -> list[int]:
    """How many registrations each event gets: skewed (most a few dozen, some hundreds), ``total`` in all."""
    weights = [min(rng.expovariate(1.0), 8.0) for _ in range(events)]
    scale = total / sum(weights)
    counts = [int(w * scale) for w in weights]
    short = total - sum(counts)
    for i in rng.sample(range(events), short) if short > 0 else []:
        counts[i] += 1
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=EVENTS)
    parser.add_argument("--registrations", type=int, default=REGISTRATIONS)
    parser.add_argument("--seed", type=int, default=1788)
    args = parser.parse_args()
    setup_django()

    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from django.contrib.auth import get_user_model
    from django.db import connection

    from bench.generate_board import Database
    from renkei.events.models import Event
    from renkei.lib.dates import fiscal_year
    from renkei.networks.models import Network, Theme
    from renkei.registry.models import LocalGovernment

    rng = random.Random(args.seed)
    started = last = time.perf_counter()

    def step(label: str) -> None:
        nonlocal last
        now = time.perf_counter()
        print(f"  {label:<48} {now - last:7.1f} s", flush=True)
        last = now

    if Event.objects.filter(title_en=DETAIL_TITLE_EN).exists():
        raise SystemExit("This database already has the bench events: generate a fresh base first.")
    User = get_user_model()
    networks = {n.slug: n for n in Network.objects.filter(slug__in=NETWORK_SHARES)}
    slugs = [s for s in NETWORK_SHARES if s in networks]
    shares = [NETWORK_SHARES[s] for s in slugs]
    themes = {slug: list(Theme.objects.filter(network=networks[slug]).values_list("id", flat=True)) for slug in slugs}
    municipalities = list(LocalGovernment.objects.exclude(kind="prefecture").values_list("code", flat=True))
    users = list(User.objects.filter(email__endswith="@bench.renkei.example").values_list("id", "email", "name"))
    secretariat = User.objects.get(email=SECRETARIAT_EMAIL)
    if not Authenticator.objects.filter(user=secretariat, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(secretariat, generate_totp_secret())
    step("read the base data")

    db = Database(connection)
    next_ids = {}
    for table in TABLES:
        next_ids[table] = (db.execute(f"SELECT MAX(id) FROM {table}")[0][0] or 0) + 1
    db.begin_bulk(TABLES)
    step("bulk mode (indexes dropped)")

    # Series: two a network, numbered; the second within each fiscal year (令和7年度 第1回).
    series_rows, series_of = [], {}
    series_id = next_ids["events_series"]
    for slug in slugs:
        for k, (ja, en, by_year) in enumerate(
            [("連携セミナー", "Collaboration seminar", False), ("全国連携講演会", "National lecture", True)]
        ):
            series_rows.append((series_id, ja, ja, en, "", "", "", by_year, networks[slug].pk))
            series_of[(slug, k)] = (series_id, by_year)
            series_id += 1
    db.begin()
    db.insert(
        "events_series",
        [
            "id",
            "name",
            "name_ja",
            "name_en",
            "description",
            "description_ja",
            "description_en",
            "numbered_by_fiscal_year",
            "network_id",
        ],
        series_rows,
    )
    db.commit()

    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    span = (END - START).total_seconds()
    counts = registration_counts(rng, args.events - 1, args.registrations - DETAIL_REGISTRANTS)
    event_columns = [
        "id", "number", "fiscal_year", "kind", "title", "title_ja", "title_en", "summary", "summary_ja", "summary_en",
        "organiser_name", "organiser_name_ja", "organiser_name_en", "starts_at", "ends_at", "all_day", "format",
        "venue", "venue_ja", "venue_en", "address", "online_url", "online_url_shown_minutes_before", "visibility",
        "status", "registration_open_to", "registration_required", "registration_opens_at", "registration_closes_at",
        "capacity", "waiting_list", "fee", "confirmed_count", "waitlisted_count", "created_at", "updated_at",
        "created_by_id", "network_id", "series_id",
    ]  # fmt: skip
    registration_columns = [
        "id", "name", "name_kana", "email", "organisation_name", "department", "status", "answers", "ticket_code",
        "language", "created_at", "cancelled_at", "checked_in_at", "reminded_at", "survey_sent_at", "event_id",
        "organisation_id", "registered_by_id", "user_id",
    ]  # fmt: skip
    v = db.value
    event_id = next_ids["events_event"]
    registration_id = next_ids["events_registration"]
    participant_id = next_ids["events_participant"]
    theme_link_id = next_ids["events_event_themes"]
    episode_numbers: dict[tuple, int] = {}
    events, registrations, participants, theme_links = [], [], [], []
    detail_id = None
    written_events = written_registrations = 0

    def flush(final: bool = False) -> None:
        nonlocal events, registrations, participants, theme_links, written_events, written_registrations
        if not final and len(registrations) < BATCH and len(events) < BATCH:
            return
        db.begin()
        db.insert("events_event", event_columns, events)
        db.insert("events_registration", registration_columns, registrations)
        db.insert(
            "events_participant", ["id", "role", '"order"', "name", "event_id", "local_government_id"], participants
        )
        db.insert("events_event_themes", ["id", "event_id", "theme_id"], theme_links)
        db.commit()
        written_events += len(events)
        written_registrations += len(registrations)
        events, registrations, participants, theme_links = [], [], [], []

    for n in range(args.events):
        detail = n == args.events - 1
        slug = ALLIANCE if detail else rng.choices(slugs, shares)[0]
        network = networks[slug]
        kind = "lecture" if detail else rng.choices(KINDS, KIND_WEIGHTS)[0]
        if detail:
            starts = (now + dt.timedelta(days=60)).replace(hour=5, minute=0, second=0)
        else:
            starts = START + dt.timedelta(seconds=rng.random() * span)
            starts = starts.replace(minute=rng.choice([0, 30]), second=0, microsecond=0)
        all_day = kind in ("exhibition", "study_tour")
        if kind == "exhibition":
            starts = starts.replace(hour=15, minute=0)  # midnight in Tokyo
            ends = starts + dt.timedelta(days=rng.randint(3, 60), hours=23, minutes=59)
        elif kind == "study_tour":
            starts = starts.replace(hour=15, minute=0)
            ends = starts + dt.timedelta(days=1, hours=23, minutes=59)
        else:
            starts = starts.replace(hour=rng.randint(0, 8))  # 9:00–17:30 in Tokyo
            ends = starts + dt.timedelta(minutes=rng.choice([60, 90, 120, 150, 180]))
        topic_ja, topic_en = rng.choice(TOPICS)
        kind_ja, kind_en = KIND_NAMES[kind]
        title_ja = f"{topic_ja}{kind_ja} {n + 1}"
        title_en = DETAIL_TITLE_EN if detail else f"{topic_en.capitalize()} {kind_en} {n + 1}"
        local_start = starts.astimezone(dt.timezone(dt.timedelta(hours=9)))
        year = fiscal_year(local_start.date())
        series_id, number = None, None
        if not detail and rng.random() < 0.1:
            k = rng.randint(0, 1)
            series_id, by_year = series_of[(slug, k)]
            key = (series_id, year if by_year else None)
            number = episode_numbers[key] = episode_numbers.get(key, 0) + 1
        format_ = rng.choices(["in_person", "online", "hybrid"], [60, 30, 10])[0]
        if all_day:
            format_ = "in_person"
        venue = rng.choice(VENUES) if format_ != "online" else ""
        online_url = f"https://meet.bench.renkei.example/{n}" if format_ != "in_person" else ""
        visibility = "public" if detail or rng.random() < 0.85 else "members"
        status = "published" if detail else rng.choices(["published", "cancelled", "draft"], [97, 2, 1])[0]
        count = DETAIL_REGISTRANTS if detail else counts[n]
        capacity = 900 if detail else (None if rng.random() < 0.4 else max(10, int(count * rng.uniform(0.6, 1.5))))
        confirmed = waitlisted = 0
        past = ends < now
        chosen = rng.sample(users, min(len(users), count // 2))
        for r in range(count):
            if r < len(chosen):
                user_id, email, name = chosen[r]
            else:
                user_id, email, name = (
                    None,
                    f"guest{r}.e{event_id}@visitor.example",
                    rng.choice(SURNAMES) + " " + rng.choice(GIVEN),
                )
            cancelled = not detail and rng.random() < 0.05
            if cancelled:
                state = "cancelled"
            elif capacity is None or confirmed < capacity:
                state, confirmed = "confirmed", confirmed + 1
            else:
                state, waitlisted = "waitlisted", waitlisted + 1
            created = starts - dt.timedelta(seconds=rng.randint(3600, 60 * 86400))
            if created > now:
                created = now - dt.timedelta(seconds=rng.randint(60, 86400))
            checked_in = (
                starts + dt.timedelta(minutes=rng.randint(-30, 10))
                if state == "confirmed" and past and format_ == "in_person" and rng.random() < 0.7
                else None
            )
            registrations.append(
                (
                    registration_id, name, "", email, "", "", state, "{}", f"bench{registration_id:012d}",
                    "ja" if rng.random() < 0.9 else "en", v(created),
                    v(created + dt.timedelta(days=1)) if cancelled else None, v(checked_in) if checked_in else None,
                    None, None, event_id, None, user_id, user_id,
                )
            )  # fmt: skip
            registration_id += 1
        events.append(
            (
                event_id, number, year, kind, title_ja, title_ja, title_en, "",
                f"{topic_ja}をテーマにした{kind_ja}です。", f"A {kind_en} on {topic_en}.", "", "", "",
                v(starts), v(ends), all_day, format_, venue, venue, "",
                "", online_url, 60, visibility, status, "signed_in" if detail else "anyone", True, None, None,
                capacity, True, "無料", confirmed, waitlisted, v(starts - dt.timedelta(days=90)),
                v(starts - dt.timedelta(days=90)), None, network.pk, series_id,
            )
        )  # fmt: skip
        if rng.random() < 0.33:
            participants.append((participant_id, "host", 0, "", event_id, rng.choice(municipalities)))
            participant_id += 1
        if themes[slug] and rng.random() < 0.1:
            theme_links.append((theme_link_id, event_id, rng.choice(themes[slug])))
            theme_link_id += 1
        if detail:
            detail_id = event_id
        event_id += 1
        flush()
        if (n + 1) % 20_000 == 0:
            print(
                f"      {n + 1:>9,} events, {written_registrations + len(registrations):>11,} registrations", flush=True
            )
    flush(final=True)
    step(f"events and registrations ({written_events:,} / {written_registrations:,})")

    db.end_bulk(step)
    if connection.vendor == "postgresql":
        for table in TABLES:
            db.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
    detail_programme(detail_id)
    step("programme of the detail event")
    print(f"    the event with {DETAIL_REGISTRANTS:,} registrants: /events/{detail_id}/ and its registrants page")
    print(f"  total {time.perf_counter() - started:.1f} s")
    for table in TABLES:
        print(f"  {table:<30} {db.execute(f'SELECT COUNT(*) FROM {table}')[0][0]:>12,}")
    print(json.dumps({"detail_event": detail_id}))


def detail_programme(event_pk: int) -> None:
    """The programme of the bench event: two parts with their speakers, as the lecture in the seeds."""
    from renkei.events.models import ProgrammePart, Speaker

    parts = [
        ("第1部 講演", [("中小路 健吾", "京都府市長会会長 長岡京市長")]),
        ("第2部 対談", [("吉住 健一", "特別区長会会長 新宿区長"), ("DMO 担当者", "観光地域づくり法人")]),
    ]
    for order, (title, speakers) in enumerate(parts):
        part = ProgrammePart.objects.create(event_id=event_pk, order=order, title=title, title_ja=title)
        for k, (name, job) in enumerate(speakers):
            Speaker.objects.create(part=part, order=k, person_name=name, person_name_ja=name, title=job, title_ja=job)


if __name__ == "__main__":
    main()
