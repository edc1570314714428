"""Search against a naive scan over the same posts, in-process: speed, and the same posts found.

    .venv/bin/python bench/search_scan.py                        # var/bench.sqlite3
    .venv/bin/python bench/search_scan.py --database-url postgres://renkei:renkei@127.0.0.1:54329/renkei_bench

For the two words bench/generate_board.py placed (棚田 in 10% of the posts, 鷹匠 in 0.01%), as
the alliance member the page benchmarks sign in as:

- search: ``renkei.search.selectors.search(word, entries=<the member's visible post entries>)``,
  a page of 20 ranked hits;
- scan: the same page the naive way, ``Post.objects.visible_to(member).filter(Q(title__icontains=w)
  | Q(body__icontains=w))``, newest 20 — the database reads every post to find them;

each timed as the median of --repeat runs after one warm-up, and the speed-up printed (target
≥ 50×). Then both must find exactly the same posts: every post the scan finds, and no other,
for both words (search asked for all its hits).
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.generate import DEFAULT_DB, MEMBER_EMAIL, setup_django  # noqa: E402
from bench.generate_board import COMMON_WORD, RARE_WORD  # noqa: E402

TARGET = 50


def median_seconds(function, repeat: int) -> float:
    function()  # warm-up: caches and the database's pages
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def fmt(seconds: float) -> str:
    return f"{seconds * 1000:8.1f} ms" if seconds < 10 else f"{seconds:8.2f} s "


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    if args.database_url:
        os.environ["DATABASE_URL"] = args.database_url
    elif not DEFAULT_DB.exists():
        raise SystemExit("var/bench.sqlite3 is missing: run bench/generate.py and bench/generate_board.py first")
    setup_django()

    from django.contrib.auth import get_user_model
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection
    from django.db.models import Q

    from renkei.board.models import Post
    from renkei.search.models import SearchEntry
    from renkei.search.selectors import search

    member = get_user_model().objects.get(email=MEMBER_EMAIL)
    posts = Post.objects.visible_to(member)
    entries = SearchEntry.objects.visible_to(member).filter(content_type=ContentType.objects.get_for_model(Post))
    total = Post.objects.count()
    print(f"{connection.vendor}: {total:,} posts, {posts.count():,} visible to {MEMBER_EMAIL}")
    print()
    print("| word | posts containing it | search (20 hits) | naive scan (newest 20) | speed-up | same posts |")
    print("|---|---|---|---|---|---|")
    failures = []
    for word in (COMMON_WORD, RARE_WORD):
        scan = posts.filter(Q(title__icontains=word) | Q(body__icontains=word))

        def run_search(word=word):
            return [hit.entry.object_id for hit in search(word, entries=entries, limit=20)]

        def run_scan(scan=scan):
            return list(scan.order_by("-created_at", "-id").values_list("id", flat=True)[:20])

        searched = median_seconds(run_search, args.repeat)
        scanned = median_seconds(run_scan, max(1, args.repeat // 2))
        # Exactly the posts that contain the word: everything the scan finds, both ways.
        expected = set(scan.values_list("id", flat=True))
        found = {int(hit.entry.object_id) for hit in search(word, entries=entries, limit=len(expected) + 1000)}
        same = found == expected
        if not same:
            failures.append(f"{word}: {len(found - expected)} found but not contained, {len(expected - found)} missed")
        speed_up = scanned / searched
        if speed_up < TARGET:
            failures.append(f"{word}: search only {speed_up:.0f}× faster than the scan")
        print(
            f"| {word} | {len(expected):,} ({len(expected) / total:.2%}) | {fmt(searched)} | {fmt(scanned)} "
            f"| {speed_up:,.0f}× | {'yes' if same else 'NO'} ({len(found):,} found) |"
        )
    print()
    print(f"median of {args.repeat} searches and {max(1, args.repeat // 2)} scans after a warm-up; target ≥ {TARGET}×")
    rerun = ".venv/bin/python bench/search_scan.py" + (
        f" --database-url {args.database_url}" if args.database_url else ""
    )
    print(f"Re-run: {rerun}")
    if failures:
        raise SystemExit("\n".join(failures))


if __name__ == "__main__":
    main()
