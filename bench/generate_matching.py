"""Fill a bench database with matching data: 20,000 needs, 50,000 offers, 2,000 programmes.

    DATABASE_URL=sqlite:////work/main/var/bench-matching.sqlite3 .venv/bin/python bench/generate.py
    DATABASE_URL=sqlite:////work/main/var/bench-matching.sqlite3 .venv/bin/python bench/generate_matching.py

Needs belong to random municipalities, offers to the bench companies (a tenth to municipalities),
programmes to a national agency; their text is drawn per theme from phrases in Japanese (80%)
and English, with a place and a number that make each document a little different. One network,
"matching-bench-all", run by the alliance's secretariat, has all 1,788 governments as members,
and the programme RELAY_TITLE is relayed to all of them (a third read, some considering or
applying): the status table's benchmark. The other programmes go to one region of the alliance.

The engine's index is written in bulk from the same code the services use (engine.analyse and
engine.postings): MatchDocument rows, then MatchTerm postings with executemany and the
(kind, term, weight) index built after, then MatchTermStat counted in SQL.

Options: --needs N, --offers N, --programmes N (smaller data for a trial), --seed N.
"""

import argparse
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.generate import ALLIANCE, setup_django  # noqa: E402

RELAY_TITLE = "【ベンチ】全自治体向け 伝産品・工芸品の磨き上げ事業"
RELAY_NETWORK = "matching-bench-all"
BATCH = 5000

PHRASES = {
    "tourism": (
        [
            "観光客の誘客",
            "インバウンドの受入環境",
            "旅行商品の造成",
            "DMOとの連携",
            "宿泊施設の予約",
            "観光案内所の充実",
        ],
        ["attract more tourists", "inbound travellers", "tour products", "work with the DMO", "hotel bookings"],
    ),
    "overtourism": (
        ["オーバーツーリズム対策", "観光客の分散", "混雑の緩和", "周遊ルートの造成", "住民との調和"],
        ["overtourism", "spread visitors", "ease crowding", "new routes for visitors"],
    ),
    "crafts": (
        ["伝統工芸品の磨き上げ", "職人の技の継承", "繊維産地の魅力", "漆器と陶磁器", "地場産業の振興"],
        ["traditional crafts", "artisans and workshops", "textile makers", "lacquerware and ceramics"],
    ),
    "branding": (
        ["価値の言語化", "ブランドストーリー作り", "魅力発信", "海外向けプロモーション", "広報の強化"],
        ["brand story", "branding", "promotion abroad", "storytelling for buyers"],
    ),
    "facilities": (
        ["遊休施設の活用", "廃校の利活用", "空き店舗の再生", "旧庁舎の展示会場化", "公共施設の再編"],
        ["idle facilities", "closed schools", "empty shops", "unused buildings"],
    ),
    "events": (
        ["展示会の開催", "イベントの企画運営", "国際博覧会への出展", "地域の祭りとの連携"],
        ["exhibitions", "events and fairs", "expo participation", "festival"],
    ),
    "relationship-population": (
        ["関係人口の創出", "移住相談会", "ふるさと納税の活用", "ワーケーションの受入", "二地域居住の推進"],
        ["relationship population", "relocation fairs", "hometown tax", "workation"],
    ),
    "disaster": (
        ["防災備蓄品の管理", "避難所運営のデジタル化", "津波避難訓練", "被災者の生活再建支援", "豪雨災害への備え"],
        ["disaster preparedness", "evacuation shelters", "tsunami drills", "flood recovery"],
    ),
    "digital": (
        ["電子申請の導入", "キャッシュレス決済", "職員のDX研修", "AIチャットボット", "行政データの活用"],
        ["online applications", "cashless payment", "digital skills", "AI chatbot", "open data"],
    ),
    "environment": (
        ["脱炭素の推進", "太陽光発電の導入", "再生可能エネルギー", "森林資源の活用", "ごみの削減"],
        ["decarbonisation", "solar panels", "renewable energy", "forest credits"],
    ),
    "health": (
        ["高齢者の見守り", "健診の受診率向上", "子育て支援の相談", "介護人材の確保"],
        ["elderly care", "health check-ups", "childcare support", "care workers"],
    ),
    "food": (
        ["特産品の販路開拓", "日本酒の輸出", "地産地消の給食", "水産加工品の開発", "農産物のブランド化"],
        ["local produce", "sake exports", "school lunches", "seafood products"],
    ),
    "culture": (
        ["文化財のデジタル化", "芸術祭の開催", "伝統芸能の継承", "博物館の活性化"],
        ["cultural heritage", "art festival", "museum", "traditional performing arts"],
    ),
    "international": (
        ["姉妹都市との交流", "留学生の受入", "海外への情報発信", "国際交流員の活用"],
        ["sister city exchange", "international students", "overseas promotion"],
    ),
    "mobility": (
        ["オンデマンド交通", "買い物難民の移動支援", "ライドシェアの導入", "路線バスの維持"],
        ["on-demand transport", "ride sharing", "rural buses"],
    ),
}
FILLER_JA = [
    "を進めたい",
    "に取り組みます",
    "の実証を行います",
    "について連携先を探しています",
    "を支援します",
    "の経験があります",
]
FILLER_EN = ["We want to", "We can help with", "Looking for partners on", "We have experience in"]
SCALES = ["small", "medium", "large"]
REGIONS = ["hokkaido", "tohoku", "kanto", "chubu", "kinki", "chugoku", "shikoku", "kyushu"]


def text(rng: random.Random, themes: list[str], place: str, number: int) -> tuple[str, str]:
    """A title and a description on these themes, in Japanese or (one in five) English."""
    english = rng.random() < 0.2
    phrases = [p for t in themes for p in rng.sample(PHRASES[t][1 if english else 0], 2)]
    rng.shuffle(phrases)
    if english:
        title = f"{phrases[0].capitalize()} in {place}"
        body = " ".join(f"{rng.choice(FILLER_EN)} {p}." for p in phrases) + f" Project {number}."
    else:
        title = f"{place}の{phrases[0]}"
        body = "".join(f"{p}{rng.choice(FILLER_JA)}。" for p in phrases) + f"（案件{number}）"
    return title, body


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--needs", type=int, default=20_000)
    parser.add_argument("--offers", type=int, default=50_000)
    parser.add_argument("--programmes", type=int, default=2_000)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    setup_django()

    from django.db import connection, transaction
    from django.utils import timezone

    from renkei.matching import engine, indexing
    from renkei.matching.models import (
        MatchDocument,
        MatchTerm,
        Need,
        Offer,
        Programme,
        ProgrammeTarget,
        Theme,
    )
    from renkei.networks.models import Membership, Network, Tier
    from renkei.organisations.models import Organisation
    from renkei.registry.regions import REGION_OF_PREFECTURE

    rng = random.Random(args.seed)
    started = time.perf_counter()

    def step(label: str, since: float) -> float:
        now = time.perf_counter()
        print(f"  {label:<48} {now - since:7.2f} s", flush=True)
        return now

    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=OFF")
    themes = {t.slug: t for t in Theme.objects.all()}
    slugs = list(PHRASES)
    governments = list(
        Organisation.objects.exclude(local_government=None).values_list("id", "local_government_id", "name_ja")
    )
    companies = list(Organisation.objects.filter(kind="company").values_list("id", "prefecture_id", "name_ja"))
    now = timezone.now()
    taxonomy = indexing.taxonomy()
    t = time.perf_counter()

    documents: list[tuple] = []  # (kind, object_id, organisation_id, Doc)

    with transaction.atomic():
        needs, need_themes = [], []
        for i in range(args.needs):
            org_id, code, name = rng.choice(governments)
            chosen = rng.sample(slugs, rng.choice([1, 1, 2]))
            title, body = text(rng, chosen, name, i)
            needs.append(
                Need(
                    organisation_id=org_id,
                    title=title,
                    description=body,
                    scale=rng.choice(SCALES),
                    visibility="members" if rng.random() < 0.3 else "public",
                    partner_kinds=["company"],
                    created_at=now,
                    updated_at=now,
                )
            )
            need_themes.append((chosen, code))
        Need.objects.bulk_create(needs, batch_size=BATCH)
        Through = Need.themes.through
        Through.objects.bulk_create(
            [
                Through(need_id=n.pk, theme_id=themes[s].pk)
                for n, (ch, _c) in zip(needs, need_themes, strict=False)
                for s in ch
            ],
            batch_size=BATCH,
        )
        for need, (chosen, code) in zip(needs, need_themes, strict=True):
            regions = frozenset([str(REGION_OF_PREFECTURE[code[:2]]), f"p:{code[:2]}"])
            documents.append(
                engine.Doc(
                    "need",
                    need.pk,
                    f"{need.title}\n{need.description}",
                    frozenset(chosen),
                    regions,
                    need.scale,
                    need.organisation_id,
                )
            )
        t = step(f"needs ({len(needs):,})", t)

        offers, offer_themes = [], []
        for i in range(args.offers):
            if rng.random() < 0.1:
                org_id, _code, name = rng.choice(governments)
            else:
                org_id, _pref, name = rng.choice(companies)
            chosen = rng.sample(slugs, rng.choice([1, 2, 2, 3]))
            title, body = text(rng, chosen, name, i)
            regions = rng.sample(REGIONS, rng.choice([0, 0, 1, 2]))
            offers.append(
                Offer(
                    organisation_id=org_id,
                    title=title,
                    description=body,
                    scale=rng.choice(SCALES),
                    regions=regions,
                    created_at=now,
                    updated_at=now,
                )
            )
            offer_themes.append(chosen)
        Offer.objects.bulk_create(offers, batch_size=BATCH)
        Through = Offer.themes.through
        Through.objects.bulk_create(
            [
                Through(offer_id=o.pk, theme_id=themes[s].pk)
                for o, ch in zip(offers, offer_themes, strict=False)
                for s in ch
            ],
            batch_size=BATCH,
        )
        for offer, chosen in zip(offers, offer_themes, strict=True):
            documents.append(
                engine.Doc(
                    "offer",
                    offer.pk,
                    f"{offer.title}\n{offer.description}\n",
                    frozenset(chosen),
                    frozenset(offer.regions),
                    offer.scale,
                    offer.organisation_id,
                )
            )
        t = step(f"offers ({len(offers):,})", t)

        # The network of all 1,788 governments, run by the alliance's secretariat.
        alliance = Network.objects.get(slug=ALLIANCE)
        everyone, _ = Network.objects.get_or_create(
            slug=RELAY_NETWORK,
            defaults={
                "kind": "programme",
                "name": "ベンチ：全自治体ネットワーク",
                "name_ja": "ベンチ：全自治体ネットワーク",
                "name_en": "Bench: every government",
                "secretariat": alliance.secretariat,
            },
        )
        tier, _ = Tier.objects.get_or_create(
            network=everyone, name="会員", defaults={"name_ja": "会員", "name_en": "Member"}
        )
        Membership.objects.bulk_create(
            [
                Membership(network=everyone, organisation_id=org_id, tier=tier, status="active")
                for org_id, _c, _n in governments
            ],
            batch_size=BATCH,
            ignore_conflicts=True,
        )
        agency, _ = Organisation.objects.get_or_create(
            kind=Organisation.Kind.NATIONAL_AGENCY,
            name_ja="経済産業省",
            defaults={"name_en": "Ministry of Economy, Trade and Industry"},
        )
        alliance_members = list(
            Membership.objects.filter(
                network=alliance, status="active", organisation__local_government__isnull=False
            ).values_list("organisation_id", "organisation__local_government_id")
        )
        programmes, targets = [], []
        for i in range(args.programmes):
            chosen = rng.sample(slugs, rng.choice([1, 2]))
            title, body = text(rng, chosen, rng.choice(["経済産業省", "文化庁", "観光庁"]), i)
            relay = i == 0
            region = rng.choice(REGIONS)
            programme = Programme(
                organisation=agency,
                agency="経済産業省",
                title=RELAY_TITLE if relay else title,
                description=body,
                network=everyone if relay else alliance,
                target_regions=[] if relay else [region],
                visibility="members",
                created_at=now,
                published_at=now,
                relay_changed_at=now,
            )
            programmes.append((programme, chosen, region))
        Programme.objects.bulk_create([p for p, _c, _r in programmes], batch_size=BATCH)
        for programme, chosen, region in programmes:
            if programme.title == RELAY_TITLE:
                reached = [org_id for org_id, _c, _n in governments]
            else:
                reached = [org for org, code in alliance_members if REGION_OF_PREFECTURE[code[:2]] == region]
            for org_id in reached:
                roll = rng.random()
                status = (
                    "unread" if roll < 0.6 else "read" if roll < 0.85 else "considering" if roll < 0.95 else "applying"
                )
                targets.append(
                    ProgrammeTarget(
                        programme=programme,
                        organisation_id=org_id,
                        status=status,
                        read_at=None if status == "unread" else now,
                        status_at=None if status == "unread" else now,
                    )
                )
            documents.append(
                engine.Doc(
                    "programme",
                    programme.pk,
                    f"{programme.agency}\n{programme.title}\n{programme.description}",
                    frozenset(chosen),
                    frozenset([region]),
                    "",
                    agency.pk,
                )
            )
        ProgrammeTarget.objects.bulk_create(targets, batch_size=BATCH)
        t = step(f"programmes ({len(programmes):,}) and targets ({len(targets):,})", t)

    # The engine's index, with the services' own analysis, in bulk.
    table = MatchTerm._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute("DROP INDEX IF EXISTS match_term_idx")
    with transaction.atomic():
        rows = []
        analysed = []
        for doc in documents:
            a = engine.analyse(doc, taxonomy)
            analysed.append(a)
            rows.append(
                MatchDocument(
                    kind=doc.kind,
                    object_id=doc.id,
                    organisation_id=doc.organisation_id,
                    themes=" ".join(sorted(a.themes)),
                    regions=" ".join(sorted(doc.regions)),
                    scale=doc.scale,
                    length=a.length,
                )
            )
        MatchDocument.objects.bulk_create(rows, batch_size=BATCH)
        t = step(f"documents analysed and written ({len(rows):,})", t)
        postings = 0
        with connection.cursor() as cursor:
            batch = []
            for document, a in zip(rows, analysed, strict=True):
                for term, weight in engine.postings(a).items():
                    batch.append((document.pk, document.kind, term, weight))
                if len(batch) >= 50_000:
                    cursor.executemany(
                        f"INSERT INTO {table} (document_id, kind, term, weight) VALUES (%s, %s, %s, %s)", batch
                    )
                    postings += len(batch)
                    batch = []
            if batch:
                cursor.executemany(
                    f"INSERT INTO {table} (document_id, kind, term, weight) VALUES (%s, %s, %s, %s)", batch
                )
                postings += len(batch)
            t = step(f"postings ({postings:,})", t)
            cursor.execute(f"CREATE INDEX match_term_idx ON {table} (kind, term, weight DESC, document_id)")
            t = step("postings index", t)
            cursor.execute("DELETE FROM matching_matchtermstat")
            cursor.execute(
                f"INSERT INTO matching_matchtermstat (kind, term, df) SELECT kind, term, COUNT(*) FROM {table} "
                "GROUP BY kind, term"
            )
            t = step("document frequencies", t)
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(
        f"  needs {Need.objects.count():,}, offers {Offer.objects.count():,}, "
        f"programmes {Programme.objects.count():,}, "
        f"relay targets {ProgrammeTarget.objects.filter(programme__title=RELAY_TITLE).count():,}"
    )
    print(f"  {'total':<48} {time.perf_counter() - started:7.2f} s")


if __name__ == "__main__":
    main()
