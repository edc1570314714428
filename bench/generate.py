"""Fill a separate database with national-scale data for the benchmarks.

    .venv/bin/python bench/generate.py            # var/bench.sqlite3, replaced if it exists

What goes in: the registry (all 1,788 governments), the demo networks from the seeds (the
alliance has 664 active members), an organisation for every government plus companies up to
10,000 organisations, and 50,000 people: users (each on an organisation's staff) and contacts
spread across the organisations, every member of the alliance with a primary contact.
DATABASE_URL chooses another database (then nothing is deleted first).
"""

import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB = ROOT / "var" / "bench.sqlite3"
ORGANISATIONS = 10_000
PEOPLE = 50_000
USERS = 20_000  # the rest of PEOPLE are contacts
ALLIANCE = "nihon-shucho-rengo"
MEMBER_EMAIL = "matsubara@demo.renkei.example"  # an alliance member's staff, for the directory


def setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{DEFAULT_DB}")
    os.environ.setdefault("SECRET_KEY", "renkei-bench-only")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "renkei.settings")
    # The benchmarks' requests are plain http, with no TLS in front to redirect them to.
    os.environ.setdefault("RENKEI_HTTPS", "0")
    import django

    django.setup()


def organisations_for_governments() -> None:
    """Create an organisation for every local government that has none yet."""
    from renkei.organisations.models import Organisation
    from renkei.registry.models import LocalGovernment

    have = set(Organisation.objects.exclude(local_government=None).values_list("local_government_id", flat=True))
    Organisation.objects.bulk_create(
        [
            Organisation(
                kind=Organisation.Kind.PREFECTURE if lg.kind == "prefecture" else Organisation.Kind.MUNICIPALITY,
                name_ja=lg.name,
                name_en=lg.name_en,
                name_kana=lg.name_kana,
                local_government=lg,
                prefecture_id=lg.prefecture_id or lg.code,
            )
            for lg in LocalGovernment.objects.exclude(code__in=have)
        ],
        batch_size=1000,
    )


def main() -> None:
    if "DATABASE_URL" not in os.environ:
        DEFAULT_DB.parent.mkdir(exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{DEFAULT_DB}{suffix}").unlink(missing_ok=True)
    setup_django()

    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command
    from django.db import transaction

    from renkei.networks.models import Membership, Network
    from renkei.organisations.models import Contact, Organisation, Staff
    from renkei.registry.loading import load_registry
    from renkei.registry.models import LocalGovernment
    from renkei.web.demo import load_demo

    User = get_user_model()
    rng = random.Random(1788)
    started = time.perf_counter()

    def step(label: str, since: float) -> float:
        now = time.perf_counter()
        print(f"  {label:<44} {now - since:6.2f} s", flush=True)
        return now

    t = time.perf_counter()
    call_command("migrate", "--noinput", verbosity=0)
    t = step("migrate", t)
    load_registry()
    t = step("registry", t)
    load_demo()
    t = step("demo networks", t)

    with transaction.atomic():
        # An organisation for every government the demo did not already create.
        organisations_for_governments()
        prefectures = list(LocalGovernment.objects.prefectures().values_list("code", flat=True))
        companies = ORGANISATIONS - Organisation.objects.count()
        Organisation.objects.bulk_create(
            [
                Organisation(
                    kind=Organisation.Kind.COMPANY,
                    name_ja=f"株式会社ベンチ{i:05d}",
                    name_en=f"Bench Company {i:05d}",
                    name_kana=f"べんち{i:05d}",
                    prefecture_id=rng.choice(prefectures),
                )
                for i in range(companies)
            ],
            batch_size=1000,
        )
    t = step(f"organisations (+{companies:,} companies)", t)

    with transaction.atomic():
        org_ids = list(Organisation.objects.values_list("id", flat=True))
        alliance = Network.objects.get(slug=ALLIANCE)
        member_ids = list(
            Membership.objects.active().filter(network=alliance).values_list("organisation_id", flat=True)
        )
        password = make_password("renkei-bench")
        users_needed = USERS - User.objects.count()
        User.objects.bulk_create(
            [
                User(email=f"user{i:05d}@bench.renkei.example", name=f"ベンチ 利用者{i:05d}", password=password)
                for i in range(users_needed)
            ],
            batch_size=2000,
        )
        new_users = list(User.objects.filter(email__endswith="@bench.renkei.example").values_list("id", flat=True))
        # Every alliance member has staff on Renkei; the other users spread over all organisations.
        homes = member_ids + [rng.choice(org_ids) for _ in range(len(new_users) - len(member_ids))]
        Staff.objects.bulk_create(
            [Staff(user_id=user_id, organisation_id=org_id) for user_id, org_id in zip(new_users, homes, strict=True)],
            batch_size=2000,
            ignore_conflicts=True,
        )
        t = step(f"users and staff (+{len(new_users):,})", t)

        contacts_needed = PEOPLE - User.objects.count() - Contact.objects.count()
        with_primary = set(Contact.objects.filter(is_primary=True).values_list("organisation_id", flat=True))
        # Alliance members first, so each has a primary contact; then spread over every organisation.
        targets = [org for org in member_ids if org not in with_primary]
        targets += [rng.choice(org_ids) for _ in range(contacts_needed - len(targets))]
        departments = ["企画課", "政策推進課", "総務課", "観光課", "国際交流課", "防災課", "地域振興課", "広報課"]
        titles = ["主事", "主査", "係長", "課長補佐", "課長"]
        contacts = []
        for i, org_id in enumerate(targets):
            primary = org_id not in with_primary
            with_primary.add(org_id)
            contacts.append(
                Contact(
                    organisation_id=org_id,
                    person_name=f"担当 {i:05d}",
                    person_name_kana=f"たんとう {i:05d}",
                    department=rng.choice(departments),
                    title=rng.choice(titles),
                    email=f"contact{i:05d}@bench.renkei.example",
                    phone=f"03-{i // 10000:04d}-{i % 10000:04d}",
                    is_primary=primary,
                    owner_id=rng.choice(new_users),
                )
            )
        Contact.objects.bulk_create(contacts, batch_size=2000)
    t = step(f"contacts (+{len(contacts):,})", t)

    call_command("clearsessions")
    print_sizes()
    print(f"  {'total':<44} {time.perf_counter() - started:6.2f} s")


def sizes() -> dict[str, int]:
    """The data sizes the benchmark reports beside its figures."""
    from django.contrib.auth import get_user_model

    from renkei.networks.models import Membership, Network
    from renkei.organisations.models import Contact, Organisation
    from renkei.registry.models import LocalGovernment

    users = get_user_model().objects.count()
    contacts = Contact.objects.count()
    return {
        "local governments": LocalGovernment.objects.count(),
        "organisations": Organisation.objects.count(),
        "users": users,
        "contacts": contacts,
        "people (users + contacts)": users + contacts,
        "networks": Network.objects.count(),
        f"active members of {ALLIANCE}": Membership.objects.active().filter(network__slug=ALLIANCE).count(),
    }


def print_sizes() -> None:
    for label, value in sizes().items():
        print(f"  {label:<44} {value:>8,}")


if __name__ == "__main__":
    main()
