"""Fill the bench database's boards: 1,000,000 posts and 3,000,000 replies of Japanese text.

    .venv/bin/python bench/generate.py         # first: the national-scale data (var/bench.sqlite3)
    .venv/bin/python bench/generate_board.py   # then the boards on top of it

    # PostgreSQL (scripts/postgres.sh start; a database of its own):
    PGPASSWORD=renkei createdb -h 127.0.0.1 -p 54329 -U renkei renkei_bench
    export DATABASE_URL=postgres://renkei:renkei@127.0.0.1:54329/renkei_bench
    .venv/bin/python bench/generate.py && .venv/bin/python bench/generate_board.py

Posts are spread over the three demo networks (70% on the alliance's board), their active
member organisations (and each organisation's first staff user as author), the six
categories and three visibilities, over five and a half years; 10% carry one or two of their
network's themes, 10% target prefectures. Their text is drawn from the words municipal
staff write with (観光, 連携, 防災, 移住, 地域づくり, DMO…) and particles, so it reads like
posts. Two words occur nowhere else in the vocabulary, for the search benchmarks: COMMON_WORD
(棚田) in exactly every tenth post, RARE_WORD (鷹匠) in exactly one post in ten thousand.
Replies (one level of threads) are spread over the posts, at most 40 a post, except one post
of the alliance with exactly 50 for the post page; reply_count and last_activity_at follow.

The search index is written in bulk: one SearchEntry per visible post with the fields and
tokens ``search_index`` writes (checked against ``post_reindex`` on a sample, then rolled
back), then SQLite's FTS5 table is rebuilt from them; on PostgreSQL the GIN index is built
once the rows are in. Rows go in with executemany (SQLite, journal and sync off) or COPY
(PostgreSQL, foreign-key triggers off), secondary indexes built after.

Options: --posts N, --replies N (smaller data for a trial), --seed N.
"""

import argparse
import datetime as dt
import os
import queue
import random
import re
import string
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.generate import ALLIANCE, DEFAULT_DB, setup_django  # noqa: E402

POSTS = 1_000_000
REPLIES = 3_000_000
COMMON_WORD = "棚田"  # in every COMMON_EVERY-th post: 10%
RARE_WORD = "鷹匠"  # in every RARE_EVERY-th post: 0.01%
COMMON_EVERY = 10
RARE_EVERY = 10_000
DETAIL_REPLIES = 50  # the post the post-page benchmark opens; every other post has at most MAX_REPLIES
MAX_REPLIES = 40
BATCH = 20_000
NETWORK_SHARES = {ALLIANCE: 0.70, "tokubetsuku-zenkoku-renkei": 0.20, "clair-exchange-seminar": 0.10}
START = dt.datetime(2021, 4, 1, tzinfo=dt.UTC)
END = dt.datetime(2026, 11, 20, tzinfo=dt.UTC)
THEMES = [
    ("観光", "Tourism"),
    ("防災", "Disaster preparedness"),
    ("移住・定住", "Migration and settlement"),
    ("子育て・教育", "Childcare and education"),
    ("産業振興", "Local industry"),
    ("国際交流", "International exchange"),
    ("DX・デジタル化", "Digital transformation"),
    ("環境・脱炭素", "Environment and decarbonisation"),
]

# The vocabulary. Neither character of COMMON_WORD or RARE_WORD appears in it (checked below),
# so those words occur exactly where the generator puts them.
TOPICS = [
    "観光",
    "連携",
    "防災",
    "移住",
    "地域づくり",
    "子育て",
    "広報",
    "パンフレット",
    "DMO",
    "イベント",
    "交流事業",
    "定住促進",
    "関係人口",
    "ふるさと納税",
    "特産品",
    "物産展",
    "地域おこし協力隊",
    "シティプロモーション",
    "空き家対策",
    "防災訓練",
    "避難所運営",
    "災害時応援協定",
    "姉妹都市交流",
    "国際交流",
    "インバウンド",
    "ワーケーション",
    "サテライトオフィス",
    "地域公共交通",
    "デジタル化",
    "DX",
    "脱炭素",
    "ゼロカーボン",
    "再生可能エネルギー",
    "健康づくり",
    "高齢者福祉",
    "子ども食堂",
    "学校給食",
    "教育旅行",
    "スポーツ合宿",
    "マルシェ",
    "アンテナショップ",
    "観光案内所",
    "広報誌",
    "広報動画",
    "SNS発信",
    "移住相談会",
    "就農支援",
    "創業支援",
    "商店街の活性化",
    "道の駅",
    "温泉",
    "自然体験",
    "歴史文化",
    "伝統工芸",
    "祭り",
    "花火大会",
    "マラソン大会",
    "図書館",
    "公民館",
    "文化財",
    "ジオパーク",
    "サイクリング",
    "農泊",
    "漁業体験",
    "森林環境譲与税",
    "木材利用",
    "地産地消",
]
ACTORS = [
    "本市",
    "本区",
    "本町",
    "当村",
    "各区",
    "会員自治体",
    "連携先の自治体",
    "事務局",
    "観光協会",
    "商工会議所",
    "地元企業",
    "大学",
    "地域の皆さま",
    "若手職員",
    "観光課",
    "企画課",
    "広報課",
    "防災課",
    "国際交流協会",
    "NPO法人",
]
THINGS = [
    "取り組み",
    "事業",
    "企画",
    "事例",
    "プロジェクト",
    "勉強会",
    "説明会",
    "意見交換会",
    "セミナー",
    "ツアー",
    "共同事業",
    "実証事業",
]
EVENTS = [
    "交流会",
    "物産展",
    "研修会",
    "シンポジウム",
    "合同説明会",
    "オンライン相談会",
    "体験ツアー",
    "フェア",
    "講演会",
    "ワークショップ",
]
VENUES = [
    "市役所本庁舎",
    "区民センター",
    "文化会館",
    "オンライン",
    "東京会場",
    "道の駅",
    "駅前広場",
    "アンテナショップ",
]
PLANS = [
    "進めています",
    "計画しています",
    "検討しています",
    "実施します",
    "募集しています",
    "始めました",
    "予定しています",
]
PEOPLE = ["職員", "学生", "区民", "市民", "事業者", "移住希望者", "観光客", "子育て世帯", "高齢者", "留学生"]
SENTENCES = [
    "{actor}では、{topic}と{topic2}を組み合わせた{thing}を{plan}。",
    "{topic}に関する{thing}への参加自治体を募集します。",
    "{month}月{day}日に{venue}で{topic}の{event}を開催します。",
    "{topic}の取り組みについて、{actor}と情報交換を行いたいと考えています。",
    "ご関心のある自治体は、{month}月{day}日までに返信でお知らせください。",
    "{topic}のパンフレットを{number}部お送りします。",
    "昨年度は{number}名の{people}にご参加いただきました。",
    "詳細は添付資料をご覧ください。",
    "{topic}の先進事例として、{actor}の{thing}をご紹介します。",
    "{people}向けの{topic}について、{topic2}の視点からも意見をいただければ幸いです。",
    "送料は{actor}が負担します。",
    "{topic}と{topic2}の連携により、{people}の交流が広がることを期待しています。",
    "オンラインでの参加も可能です。",
    "{actor}の担当者から{topic}の現状と課題をお話しします。",
    "{event}の後には{topic}に関する個別相談の時間を設けます。",
]
TITLES = [
    "{topic}に関する{thing}のご案内",
    "【{topic}】{topic2}との連携について",
    "{event}参加自治体の募集（{topic}）",
    "{topic}パンフレット配架のお願い",
    "{actor}の{topic}の{thing}について",
    "{topic}と{topic2}の{event}を開催します",
    "令和{era}年度 {topic}{event}のお知らせ",
    "{topic}の{thing}を一緒に進めませんか",
]
REPLIES_TEXT = [
    "ご案内ありがとうございます。",
    "{actor}も{topic}に関心があります。",
    "{number}部お受けできます。配架先は{venue}です。",
    "詳細を教えていただけますか。",
    "参加を前向きに検討します。",
    "{topic}の担当者から改めてご連絡します。",
    "{actor}では{topic}の{thing}を{plan}ので、情報交換させてください。",
    "{month}月{day}日の{event}に{number}名で参加します。",
    "大変参考になりました。",
    "{topic}と{topic2}の事例を共有いただけると助かります。",
]
COMMON_SENTENCES = [
    "{actor}の" + COMMON_WORD + "を会場に、{topic}と組み合わせた{thing}を{plan}。",
    COMMON_WORD + "の保全と{topic}の連携について、{actor}の事例を共有します。",
    "{people}と一緒に" + COMMON_WORD + "の{event}を開催します。",
]
RARE_SENTENCE = RARE_WORD + "による実演を交えた{event}も予定しています。"


def check_vocabulary() -> None:
    words = [*TOPICS, *ACTORS, *THINGS, *EVENTS, *VENUES, *PLANS, *PEOPLE, *SENTENCES, *TITLES, *REPLIES_TEXT]
    words += [name for name, _ in THEMES] + ["{actor}の", "一緒に", "を会場に", "の保全と", "による実演を交えた"]
    for word in words:
        for char in COMMON_WORD + RARE_WORD:
            assert char not in word, f"{char} in {word}: the search words must occur only where placed"


_FORMATTER = string.Formatter()


class Writer:
    """Fills text from the vocabulary, with one random generator so that runs repeat."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        r = rng
        self.draw = {
            "topic": lambda: r.choice(TOPICS),
            "actor": lambda: r.choice(ACTORS),
            "thing": lambda: r.choice(THINGS),
            "event": lambda: r.choice(EVENTS),
            "venue": lambda: r.choice(VENUES),
            "plan": lambda: r.choice(PLANS),
            "people": lambda: r.choice(PEOPLE),
            "month": lambda: r.randint(1, 12),
            "day": lambda: r.randint(1, 28),
            "number": lambda: r.choice([20, 30, 50, 100, 200, 300, 500, 1000]),
            "era": lambda: r.randint(3, 8),
        }
        self.fields: dict[str, list[str]] = {}

    def fill(self, template: str) -> str:
        fields = self.fields.get(template)
        if fields is None:
            fields = self.fields[template] = [name for _, name, _, _ in _FORMATTER.parse(template) if name]
        values = {name: self.draw[name]() for name in fields if name != "topic2"}
        if "topic2" in fields:
            values["topic"], values["topic2"] = self.rng.sample(TOPICS, 2)
        return template.format_map(values)

    def title(self) -> str:
        return self.fill(self.rng.choice(TITLES))

    def body(self, *, common: bool, rare: bool) -> str:
        r = self.rng
        sentences = [self.fill(r.choice(SENTENCES)) for _ in range(r.randint(3, 6))]
        if common:
            sentences.insert(r.randint(0, len(sentences)), self.fill(r.choice(COMMON_SENTENCES)))
        if rare:
            sentences.insert(r.randint(0, len(sentences)), self.fill(RARE_SENTENCE))
        if r.random() < 0.3:
            # A Markdown list, as posts asking for copies or places often have.
            items = [f"- {self.fill('{topic}の{thing}')}" for _ in range(r.randint(2, 4))]
            return "".join(sentences[:2]) + "\n\n" + "\n".join(items) + "\n\n" + "".join(sentences[2:])
        return "".join(sentences)

    def reply(self) -> str:
        return "".join(self.fill(self.rng.choice(REPLIES_TEXT)) for _ in range(self.rng.randint(1, 3)))


class _CharClasses(dict):
    """Character → "0" (separates runs), "1" (letter or digit), "2" (CJK or kana), worked out once per character."""

    def __missing__(self, code: int) -> str:
        from renkei.lib.japanese import is_cjk, is_word_char

        char = chr(code)
        found = self[code] = "0" if not is_word_char(char) else "2" if is_cjk(char) else "1"
        return found


_CLASSES = _CharClasses()
_RUN = re.compile("1+|2+")


def fast_tokens(title: str, body: str) -> str:
    """``renkei.search.services._tokens(title, body)``, fast: the same runs and tokens as
    ``renkei.lib.japanese.tokenise``, with each character classified once and runs found by a
    regular expression (tokenise asks unicodedata about every character of every text, too
    slow for a million posts). Checked against ``_tokens`` on every 500th post."""
    from renkei.lib.japanese import normalise

    text = normalise(f"{title}\n{body}")
    classes = text.translate(_CLASSES)
    tokens: list[str] = []
    for match in _RUN.finditer(classes):
        start, end = match.span()
        if classes[start] == "1" or end - start == 1:
            tokens.append(text[start:end])
        else:
            tokens.extend(map(str.__add__, text[start : end - 1], text[start + 1 : end]))
            tokens.append(text[end - 1])
    return " ".join(tokens)


class Database:
    """Bulk writes: executemany on SQLite, COPY on PostgreSQL."""

    def __init__(self, connection):
        self.connection = connection
        self.vendor = connection.vendor
        connection.ensure_connection()
        self.raw = connection.connection
        self.dropped: list[str] = []

    def value(self, value):
        # Django keeps SQLite datetimes as naive UTC text: str() of the naive value.
        if self.vendor == "sqlite" and isinstance(value, dt.datetime):
            return str(value.replace(tzinfo=None))
        if self.vendor == "sqlite" and isinstance(value, dt.date):
            return str(value)
        return value

    def insert(self, table: str, columns: list[str], rows: list) -> None:
        """Rows of values as ``value`` gives them."""
        if not rows:
            return
        if self.vendor == "sqlite":
            sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
            self.raw.executemany(sql, rows)
        else:
            with self.raw.cursor() as cursor, cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)

    def execute(self, sql: str) -> list:
        cursor = self.raw.cursor()
        try:
            cursor.execute(sql)
            return cursor.fetchall() if cursor.description else []
        finally:
            cursor.close()

    def begin_bulk(self, tables: list[str]) -> None:
        """Fast and unsafe until end_bulk: no journal or foreign-key triggers, secondary indexes dropped."""
        from renkei.search import db

        names = ", ".join(f"'{t}'" for t in tables)
        if self.vendor == "sqlite":
            for pragma in ("journal_mode=OFF", "synchronous=OFF", "cache_size=-1000000", "temp_store=MEMORY"):
                self.execute(f"PRAGMA {pragma}")
            db.uninstall(self.connection)  # the FTS table and its triggers: rebuilt once at the end
            rows = self.execute(
                f"SELECT name, sql FROM sqlite_master WHERE type='index' AND sql IS NOT NULL AND tbl_name IN ({names})"
            )
        else:
            self.execute("SET session_replication_role = replica")
            self.execute("SET maintenance_work_mem = '1GB'")
            rows = self.execute(
                f"""SELECT indexname, indexdef FROM pg_indexes WHERE tablename IN ({names})
                AND indexname NOT IN (SELECT conname FROM pg_constraint WHERE contype IN ('p', 'u'))"""
            )
        for name, sql in rows:
            self.execute(f'DROP INDEX "{name}"')
            self.dropped.append(sql)

    def end_bulk(self, step) -> None:
        from renkei.search import db

        for sql in self.dropped:
            self.execute(sql)
        step(f"indexes ({len(self.dropped)})")
        if self.vendor == "sqlite":
            db.reindex(self.connection)  # creates the FTS5 table and triggers, fills it from the entries
            step("FTS5 index rebuilt")
            self.execute("PRAGMA journal_mode=WAL")
            self.execute("ANALYZE")
        else:
            self.execute("SET session_replication_role = DEFAULT")
            for table in (
                "board_post", "board_reply", "search_searchentry", "board_post_themes", "board_post_target_prefectures"
            ):  # fmt: skip
                self.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
            self.execute("VACUUM ANALYZE")  # Django's connection is in autocommit mode
        step("analyze")

    def begin(self) -> None:
        # Django leaves the connection in autocommit mode: one transaction per batch on SQLite
        # (PostgreSQL's COPY is one statement, so one transaction, already).
        if self.vendor == "sqlite":
            self.execute("BEGIN")

    def commit(self) -> None:
        if self.vendor == "sqlite":
            self.execute("COMMIT")


def reply_counts(rng: random.Random, posts: int, replies: int, detail: int, hidden: set[int]) -> list[int]:
    """How many replies each post has: skewed (most have a few, some many), ``replies`` in all."""
    counts = [min(int(rng.expovariate(1 / 3.5)), MAX_REPLIES) for _ in range(posts)]
    counts[detail] = DETAIL_REPLIES
    difference = replies - sum(counts)
    while difference:
        index = rng.randrange(posts)
        if index == detail:
            continue
        if difference > 0 and counts[index] < MAX_REPLIES and index not in hidden:
            counts[index] += 1
            difference -= 1
        elif difference < 0 and counts[index] > 0:
            counts[index] -= 1
            difference += 1
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--posts", type=int, default=POSTS)
    parser.add_argument("--replies", type=int, default=REPLIES)
    parser.add_argument("--seed", type=int, default=1788)
    args = parser.parse_args()
    if "DATABASE_URL" not in os.environ and not DEFAULT_DB.exists():
        raise SystemExit("var/bench.sqlite3 is missing: run .venv/bin/python bench/generate.py first")
    setup_django()
    check_vocabulary()

    from django.contrib.contenttypes.models import ContentType
    from django.core.management import call_command
    from django.db import connection

    from renkei.board.models import Category, Post
    from renkei.board.services import categories_create_defaults
    from renkei.networks.models import Membership, Network, Theme
    from renkei.organisations.models import Staff
    from renkei.registry.models import LocalGovernment

    started = time.perf_counter()
    last = [started]

    def step(label: str) -> None:
        now = time.perf_counter()
        print(f"  {label:<44} {now - last[0]:7.1f} s", flush=True)
        last[0] = now

    call_command("migrate", "--noinput", verbosity=0)
    if Post.objects.count() > 1000:
        raise SystemExit(
            "The boards are already filled: run bench/generate.py for a fresh database first "
            "(on PostgreSQL, drop and create the database)."
        )
    networks = list(Network.objects.filter(slug__in=NETWORK_SHARES).order_by("id"))
    if len(networks) != len(NETWORK_SHARES):
        raise SystemExit("The demo networks are missing: run bench/generate.py first")
    rng = random.Random(args.seed)
    writer = Writer(rng)
    plan = []  # per network: (network, categories, themes, [(organisation, author)])
    first_staff = dict(Staff.objects.order_by("-id").values_list("organisation_id", "user_id"))
    for network in networks:
        categories_create_defaults(network)
        if not network.themes.exists():
            Theme.objects.bulk_create(
                Theme(network=network, name=ja, name_ja=ja, name_en=en, order=i)
                for i, (ja, en) in enumerate(THEMES, start=1)
            )
        members = list(
            Membership.objects.active().filter(network=network).values_list("organisation_id", flat=True)
        ) + [network.secretariat_id]
        plan.append(
            (
                network,
                list(Category.objects.filter(network=network).values_list("id", "kind")),
                list(network.themes.values_list("id", flat=True)),
                [(org, first_staff.get(org)) for org in members],
            )
        )
    prefectures = list(LocalGovernment.objects.prefectures().values_list("code", flat=True))
    post_type = ContentType.objects.get_for_model(Post).pk
    step("categories, themes, members")

    database = Database(connection)
    database.begin_bulk(
        ["board_post", "board_reply", "search_searchentry", "board_post_themes", "board_post_target_prefectures"]
    )
    step("bulk mode (indexes dropped)")

    n = args.posts
    post_id0 = (Post.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1
    reply_id0 = (database.execute("SELECT max(id) FROM board_reply")[0][0] or 0) + 1
    entry_id0 = (database.execute("SELECT max(id) FROM search_searchentry")[0][0] or 0) + 1
    link_id0 = (database.execute("SELECT max(id) FROM board_post_themes")[0][0] or 0) + 1
    pref_id0 = (database.execute("SELECT max(id) FROM board_post_target_prefectures")[0][0] or 0) + 1
    shares = [NETWORK_SHARES[network.slug] for network in networks]
    which = rng.choices(range(len(networks)), weights=shares, k=n)
    alliance_index = next(i for i, network in enumerate(networks) if network.slug == ALLIANCE)
    # The post page's post: a recent members' post of the alliance with 50 replies.
    detail = next(i for i in range(n - 1000, 0, -1) if which[i] == alliance_index and i % 1000 != 500)
    hidden = {i for i in range(n) if i % 1000 == 500}
    counts = reply_counts(rng, n, args.replies, detail, hidden)
    pinned = {next(i for i in range(n) if which[i] == k) for k in range(len(networks))}
    step(f"plan ({n:,} posts, {sum(counts):,} replies)")

    post_columns = [
        "id", "network_id", "category_id", "author_id", "author_organisation_id", "title", "body", "visibility",
        "deadline", "pinned", "hidden", "locked", "closed_at", "copies_requested", "distribution_start",
        "distribution_end", "reply_count", "last_activity_at", "created_at", "updated_at",
    ]  # fmt: skip
    reply_columns = [
        "id",
        "post_id",
        "parent_id",
        "author_id",
        "author_organisation_id",
        "body",
        "hidden",
        "created_at",
    ]
    entry_columns = [
        "id", "content_type_id", "object_id", "network_id", "visibility", "title", "title_en", "body", "tokens",
        "updated_at",
    ]  # fmt: skip
    span = (END - START) / n
    value = database.value
    now = END
    reply_id, entry_id, link_id, pref_id = reply_id0, entry_id0, link_id0, pref_id0
    times = {"text": 0.0, "tokens": 0.0, "waiting for the database": 0.0}
    # The database writes one batch while the next is made (SQLite's and PostgreSQL's drivers
    # let go of the GIL while the database works), so both cores are busy.
    writes: queue.Queue = queue.Queue(maxsize=2)
    failed: list[BaseException] = []

    def write() -> None:
        while (batch := writes.get()) is not None:
            if failed:
                continue
            try:
                database.begin()
                for table, columns, rows in batch:
                    database.insert(table, columns, rows)
                database.commit()
            except BaseException as error:  # reported by the main thread
                failed.append(error)

    writer_thread = threading.Thread(target=write)
    writer_thread.start()
    sizes = {"posts": 0, "replies": 0, "entries": 0, "themes": 0, "prefectures": 0, "common": 0, "rare": 0}
    for batch_start in range(0, n, BATCH):
        t0 = time.perf_counter()
        posts, replies, entries, links, targets = [], [], [], [], []
        for i in range(batch_start, min(n, batch_start + BATCH)):
            network, categories, themes, authors = plan[which[i]]
            pk = post_id0 + i
            category, kind = rng.choice(categories)
            organisation, author = rng.choice(authors)
            created = START + span * i + dt.timedelta(seconds=rng.uniform(0, span.total_seconds() * 0.9))
            updated = created + dt.timedelta(hours=rng.uniform(1, 48)) if rng.random() < 0.05 else created
            visibility = rng.choices(["members", "signed_in", "public"], weights=[6, 3, 1])[0]
            if i == detail:
                visibility = "members"
            closed = created + dt.timedelta(days=30) if rng.random() < 0.25 and i != detail else None
            if closed and closed > now:
                closed = None
            common, rare = i % COMMON_EVERY == 3, i % RARE_EVERY == 7777
            sizes["common"] += common
            sizes["rare"] += rare
            title = writer.title()
            body = writer.body(common=common, rare=rare)
            # Replies within 30 days of the post (so before it closed), never in the future.
            window = min(30 * 86400.0, (now - created).total_seconds())
            reply_times = sorted(created + dt.timedelta(seconds=rng.uniform(60, window)) for _ in range(counts[i]))
            when_created = value(created)
            tops: list[int] = []
            for when in reply_times:
                reply_org, reply_author = rng.choice(authors)
                parent = rng.choice(tops) if tops and rng.random() < 0.3 else None
                if parent is None:
                    tops.append(reply_id)
                replies.append((reply_id, pk, parent, reply_author, reply_org, writer.reply(), False, value(when)))
                reply_id += 1
            last_activity = max([updated, *reply_times[-1:]])
            pamphlet = kind == Category.Kind.PAMPHLET
            deadline = value((created + dt.timedelta(days=rng.randint(14, 60))).date()) if kind == "call" else None
            posts.append(
                (
                    pk, network.pk, category, author, organisation, title, body, visibility,
                    deadline,
                    i in pinned, i in hidden, False, value(closed),
                    rng.choice([500, 1000, 2000, 3000]) if pamphlet else None,
                    value((created + dt.timedelta(days=20)).date()) if pamphlet else None,
                    value((created + dt.timedelta(days=110)).date()) if pamphlet else None,
                    counts[i], value(last_activity), when_created, value(updated),
                )
            )  # fmt: skip
            if i not in hidden:
                entries.append(
                    [entry_id, post_type, str(pk), network.pk, visibility, title, "", body, None, value(updated)]
                )
                entry_id += 1
            if rng.random() < 0.1:
                for theme in rng.sample(themes, rng.randint(1, 2)):
                    links.append((link_id, pk, theme))
                    link_id += 1
            if rng.random() < 0.1:
                for prefecture in rng.sample(prefectures, rng.randint(1, 2)):
                    targets.append((pref_id, pk, prefecture))
                    pref_id += 1
        t1 = time.perf_counter()
        for entry in entries:
            entry[8] = fast_tokens(entry[5], entry[7])
        for entry in entries[::500]:
            from renkei.search.services import _tokens

            assert entry[8] == _tokens(entry[5], entry[7]), f"tokens differ for post {entry[2]}"
        t2 = time.perf_counter()
        writes.put(
            [
                ("board_post", post_columns, posts),
                ("board_reply", reply_columns, replies),
                ("search_searchentry", entry_columns, entries),
                ("board_post_themes", ["id", "post_id", "theme_id"], links),
                ("board_post_target_prefectures", ["id", "post_id", "localgovernment_id"], targets),
            ]
        )
        t3 = time.perf_counter()
        times["text"] += t1 - t0
        times["tokens"] += t2 - t1
        times["waiting for the database"] += t3 - t2
        for key, rows in (("posts", posts), ("replies", replies), ("entries", entries)):
            sizes[key] += len(rows)
        sizes["themes"] += len(links)
        sizes["prefectures"] += len(targets)
        done = batch_start + len(posts)
        if done % 200_000 == 0 or done == n:
            print(
                f"    {done:>9,} posts, {sizes['replies']:>9,} replies  "
                + ", ".join(f"{label} {seconds:.0f} s" for label, seconds in times.items()),
                flush=True,
            )
    writes.put(None)
    writer_thread.join()
    if failed:
        raise failed[0]
    step("posts, replies, search entries")
    database.end_bulk(step)

    verify(post_id0 + detail)
    step("checked")
    print(f"  {'total':<44} {time.perf_counter() - started:7.1f} s")
    print_sizes(connection)


def verify(detail_pk: int) -> None:
    """The counts the benchmarks rely on, and that bulk entries are what search_index writes."""
    from django.db import transaction
    from django.db.models import Q

    from renkei.board.models import Post, Reply
    from renkei.board.services import post_reindex
    from renkei.search.models import SearchEntry

    for word, expected in (
        (COMMON_WORD, Post.objects.count() // COMMON_EVERY),
        (RARE_WORD, Post.objects.count() // RARE_EVERY),
    ):
        found = Post.objects.filter(Q(title__contains=word) | Q(body__contains=word)).count()
        print(f"    posts containing {word}: {found:,} (expected about {expected:,})")
    detail = Post.objects.get(pk=detail_pk)
    assert detail.reply_count == Reply.objects.filter(post=detail).count() == DETAIL_REPLIES
    print(f"    the post with {DETAIL_REPLIES} replies: /networks/{ALLIANCE}/board/{detail_pk}/")
    fields = ["id", "content_type_id", "object_id", "network_id", "visibility", "title", "body", "tokens", "updated_at"]
    pks = [detail_pk, *range(detail_pk - 5000, detail_pk - 4950)]
    posts = list(Post.objects.filter(pk__in=pks, hidden=False))
    with transaction.atomic():
        before = {
            e["object_id"]: e
            for e in SearchEntry.objects.filter(object_id__in=[str(p.pk) for p in posts]).values(*fields)
        }
        for post in posts:
            post_reindex(post)
        after = {
            e["object_id"]: e
            for e in SearchEntry.objects.filter(object_id__in=[str(p.pk) for p in posts]).values(*fields)
        }
        transaction.set_rollback(True)
    assert before == after and len(after) == len(posts), "bulk search entries differ from search_index's"
    print(f"    {len(posts)} bulk search entries identical to what post_reindex writes")


def print_sizes(connection) -> None:
    with connection.cursor() as cursor:
        for table in (
            "board_post",
            "board_reply",
            "search_searchentry",
            "board_post_themes",
            "board_post_target_prefectures",
        ):
            cursor.execute(f"SELECT count(*) FROM {table}")
            print(f"  {table:<44} {cursor.fetchone()[0]:>10,}")
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA page_count")
            pages = cursor.fetchone()[0]
            cursor.execute("PRAGMA page_size")
            size = pages * cursor.fetchone()[0]
        else:
            cursor.execute("SELECT pg_database_size(current_database())")
            size = cursor.fetchone()[0]
    print(f"  {'database size':<44} {size / 2**30:>8.2f} GiB")


if __name__ == "__main__":
    main()
