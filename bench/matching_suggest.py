"""Suggestions for one need, in process: p50 and p99 over 200 different needs.

    DATABASE_URL=sqlite:////work/main/var/bench-matching.sqlite3 .venv/bin/python bench/matching_suggest.py

Data: bench/generate_matching.py (20,000 needs, 50,000 offers, 2,000 programmes). Each call is
what a need's page and /api/v1/needs/{id}/suggestions run: ranked offers and partner needs from
the inverted index, re-ranked, filtered by visibility and dismissals, with their reasons; read
as an alliance member's staff. Options: --needs N (how many different needs), --rounds N.
"""

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.generate import MEMBER_EMAIL, setup_django  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--needs", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    setup_django()
    from django.contrib.auth import get_user_model
    from django.db import connection

    from renkei.matching import selectors
    from renkei.matching.access import acting_organisation
    from renkei.matching.models import MatchTerm, Need, Offer, Programme

    user = get_user_model().objects.get(email=MEMBER_EMAIL)
    viewer = acting_organisation(user)
    ids = list(Need.objects.open().values_list("pk", flat=True))
    chosen = random.Random(7).sample(ids, min(args.needs, len(ids)))
    needs = list(Need.objects.filter(pk__in=chosen).select_related("organisation__local_government"))
    for need in needs[:10]:  # warm the caches (taxonomy, prefectures) and SQLite's pages
        selectors.need_suggestions(need, user=user, viewer=viewer)
    timings = []
    found = 0
    for _round in range(args.rounds):
        for need in needs:
            need = Need.objects.select_related("organisation__local_government").get(pk=need.pk)
            started = time.perf_counter()
            result = selectors.need_suggestions(need, user=user, viewer=viewer)
            timings.append((time.perf_counter() - started) * 1000)
            found += len(result["offers"]) + len(result["partners"])
    timings.sort()
    p99 = timings[min(len(timings) - 1, int(len(timings) * 0.99))]
    print(
        f"data: {Need.objects.count():,} needs, {Offer.objects.count():,} offers, {Programme.objects.count():,} "
        f"programmes, {MatchTerm.objects.count():,} postings ({connection.vendor})"
    )
    print(f"suggestions for one need, {len(needs)} needs x {args.rounds} rounds = {len(timings)} calls")
    print(
        f"p50 {statistics.median(timings):.1f} ms  p90 {timings[int(len(timings) * 0.9)]:.1f} ms  "
        f"p99 {p99:.1f} ms  max {timings[-1]:.1f} ms  (target p99 < 100 ms)"
    )
    print(f"suggestions shown per need: {found / len(timings):.1f}")
    with open("/proc/loadavg") as load:
        print(f"load average: {load.read().strip()}")


if __name__ == "__main__":
    main()
