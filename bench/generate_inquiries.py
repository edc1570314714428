"""Fill a bench database with inquiries: 20,000 to the alliance's secretariat, with their threads.

    DATABASE_URL=sqlite:////work/main/var/bench-inquiries.sqlite3 .venv/bin/python bench/generate.py
    DATABASE_URL=sqlite:////work/main/var/bench-inquiries.sqlite3 .venv/bin/python bench/generate_inquiries.py
    .venv/bin/python bench/run.py --database-url sqlite:////work/main/var/bench-inquiries.sqlite3 \\
        --pages floor,inquiries-inbox,inquiries-new,inquiries-overdue,inquiries-filtered,inquiries-detail

Five years of inquiries (about 11 a day), every kind (a fifth media requests), most answered or
closed, the last weeks' new or in progress, some overdue; a third assigned to the secretariat's
staff; each answered one with a reply and some with internal notes. Another 2,000 go to the
other networks and the platform, so the inbox must pick its own. The alliance secretariat's demo
account gets an authenticator, so the benchmark's two-factor session opens the inbox.

Options: --inquiries N (smaller data for a trial), --seed N.
"""

import argparse
import datetime as dt
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.generate import ALLIANCE, setup_django  # noqa: E402

INQUIRIES = 20_000
OTHERS = 2_000
SECRETARIAT_EMAIL = "secretariat@demo.renkei.example"
BATCH = 2_000
DETAIL_NAME = "ベンチ 記者（詳細ページ）"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--inquiries", type=int, default=INQUIRIES)
    parser.add_argument("--seed", type=int, default=1788)
    args = parser.parse_args()
    setup_django()

    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from django.contrib.auth import get_user_model
    from django.db import transaction
    from django.utils import timezone

    from renkei.inquiries.models import Inquiry, InquiryEntry, PrivacyPolicy
    from renkei.inquiries.services import privacy_policy_publish
    from renkei.lib.dates import add_working_days
    from renkei.networks.models import Network

    rng = random.Random(args.seed)
    started = time.perf_counter()
    if Inquiry.objects.filter(name=DETAIL_NAME).exists():
        raise SystemExit("This database already has the bench inquiries: generate a fresh base first.")
    secretariat = get_user_model().objects.get(email=SECRETARIAT_EMAIL)
    if not Authenticator.objects.filter(user=secretariat, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(secretariat, generate_totp_secret())
    alliance = Network.objects.get(slug=ALLIANCE)
    staff = list(get_user_model().objects.filter(staff_roles__organisation_id=alliance.secretariat_id))
    desks = [alliance] + list(Network.objects.exclude(pk=alliance.pk)) + [None]
    for desk in desks:
        if PrivacyPolicy.objects.current(desk) is None:
            privacy_policy_publish(network=desk, body_ja="ベンチ用の方針", body_en="", author=None)
    policies = {desk.pk if desk else None: PrivacyPolicy.objects.current(desk) for desk in desks}
    now = timezone.now()
    kinds = [Inquiry.Kind.GENERAL, Inquiry.Kind.MEDIA, Inquiry.Kind.MEMBERSHIP, Inquiry.Kind.PARTNERSHIP]
    due_cache: dict[dt.date, dt.date] = {}

    def make(n: int, desk) -> Inquiry:
        days = rng.expovariate(1 / 400) if n else 1
        received = now - dt.timedelta(days=min(days, 1825), minutes=rng.randrange(1440))
        day = timezone.localdate(received)
        if day not in due_cache:
            due_cache[day] = add_working_days(day, 3)
        age = (now - received).days
        if age < 5:
            status = rng.choice([Inquiry.Status.NEW, Inquiry.Status.NEW, Inquiry.Status.IN_PROGRESS])
        elif age < 30:
            status = rng.choice([Inquiry.Status.NEW, Inquiry.Status.IN_PROGRESS, Inquiry.Status.ANSWERED])
        else:
            status = rng.choice([Inquiry.Status.ANSWERED] * 3 + [Inquiry.Status.CLOSED])
        kind = rng.choices(kinds, weights=[5, 2, 2, 1])[0]
        answered = received + dt.timedelta(hours=rng.randrange(2, 96)) if status == Inquiry.Status.ANSWERED else None
        return Inquiry(
            network=desk,
            policy=policies[desk.pk if desk else None],
            kind=kind,
            name=DETAIL_NAME if n == 0 and desk == alliance else f"ベンチ 送信者{n:05d}",
            organisation=f"ベンチ新聞社{n % 300:03d}" if kind == Inquiry.Kind.MEDIA else "",
            email=f"sender{n:05d}@bench.example",
            message="首長TOP LIVEについてお伺いします。" * rng.randrange(1, 6),
            outlet="ベンチ新聞 地域面" if kind == Inquiry.Kind.MEDIA else "",
            deadline=day + dt.timedelta(days=14) if kind == Inquiry.Kind.MEDIA else None,
            wanted="会長へのインタビュー" if kind == Inquiry.Kind.MEDIA else "",
            language=rng.choice(["ja", "ja", "ja", "en"]),
            status=status,
            assignee=rng.choice(staff) if staff and rng.random() < 0.33 else None,
            created_at=received,
            due_on=due_cache[day],
            answered_at=answered,
        )

    total = 0
    for desk, count in [(alliance, args.inquiries)] + [(d, OTHERS // (len(desks) - 1)) for d in desks[1:]]:
        for start in range(0, count, BATCH):
            with transaction.atomic():
                rows = Inquiry.objects.bulk_create(
                    [make(n, desk) for n in range(start, min(start + BATCH, count))], batch_size=500
                )
                entries = []
                for inquiry in rows:
                    if inquiry.answered_at:
                        entries.append(
                            InquiryEntry(
                                inquiry=inquiry,
                                kind=InquiryEntry.Kind.REPLY,
                                author=secretariat,
                                body="お問い合わせありがとうございます。" * 3,
                                created_at=inquiry.answered_at,
                            )
                        )
                    if rng.random() < 0.2:
                        entries.append(
                            InquiryEntry(
                                inquiry=inquiry, kind=InquiryEntry.Kind.NOTE, author=secretariat, body="確認中"
                            )
                        )
                InquiryEntry.objects.bulk_create(entries, batch_size=500)
            total += len(rows)
        print(f"  {str(desk or 'platform'):<40} {count:>7,} inquiries", flush=True)
    detail = Inquiry.objects.get(name=DETAIL_NAME)
    InquiryEntry.objects.bulk_create(
        InquiryEntry(inquiry=detail, kind=kind, author=secretariat, body=f"対応記録 {n}")
        for n, kind in enumerate([InquiryEntry.Kind.NOTE, InquiryEntry.Kind.REPLY] * 10)
    )
    print(
        f"{total:,} inquiries in {time.perf_counter() - started:.1f} s; overdue at the alliance:",
        Inquiry.objects.for_desk(alliance).overdue().count(),
    )


if __name__ == "__main__":
    main()
