"""Pages timed in-process: milliseconds of one process's time per request, beside the floor page.

    .venv/bin/python bench/board_requests.py                     # the board's pages, var/bench.sqlite3
    .venv/bin/python bench/board_requests.py --database-url postgres://renkei:renkei@127.0.0.1:54339/renkei_bench
    .venv/bin/python bench/board_requests.py --pages home-member,home-secretariat,dashboard   # any of bench/run.py's

Less noisy than bench/run.py on a shared machine: no HTTP server and no load generator, each
page read --requests times in a row through Django's test client (all middleware, the settings
and the shared cache directory that bench/run.py's server uses, so the caches are warm as they
are under load), as the alliance member the page benchmarks sign in as. Prints wall-clock and
CPU milliseconds per request and the ratio of the floor page's CPU time to the page's (what
bench/run.py's ratio approaches when the server, not the load generator, is the limit).
"""

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.generate import ALLIANCE, DEFAULT_DB  # noqa: E402
from bench.run import PYTHON, chosen_pages, page_cookie, server_env, session_cookie  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", f"sqlite:///{DEFAULT_DB}"))
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--pages", default="board-list,board-post,board-search-common,board-search-rare")
    args = parser.parse_args()
    env = server_env(args.database_url)
    cookie = session_cookie(env)
    # Migrations added since the data was generated (nothing to do, usually).
    subprocess.run([PYTHON, "manage.py", "migrate", "--noinput", "-v", "0"], env=env, cwd=ROOT, check=True)
    os.environ.update(env)
    import django

    django.setup()
    from django.test import Client

    pages = chosen_pages(args.pages, env)
    cookies = {(p.user, p.second_factor): session_cookie(env, p.user, p.second_factor) for p in pages if p.user}
    print(f"{args.requests} requests per page, network {ALLIANCE}, {args.database_url.split('://')[0]}")
    print("| page | wall ms/request | CPU ms/request | floor CPU / page CPU |")
    print("|---|---|---|---|")
    floor_cpu = None
    for page in pages:
        label, path = page.label, page.path
        client = Client(HTTP_HOST="127.0.0.1")
        if signed_in := page_cookie(page, cookie, cookies):
            client.cookies["sessionid"] = signed_in.split("=", 1)[1]
        for _ in range(5):  # warm-up: this process's kept pages, the shared cache
            status = client.get(path).status_code
            if status != 200:
                raise SystemExit(f"{path} answers HTTP {status}")
        wall, cpu = time.perf_counter(), time.process_time()
        for _ in range(args.requests):
            client.get(path)
        wall_ms = (time.perf_counter() - wall) / args.requests * 1000
        cpu_ms = (time.process_time() - cpu) / args.requests * 1000
        floor_cpu = floor_cpu or cpu_ms
        print(f"| {label} | {wall_ms:.2f} | {cpu_ms:.2f} | {floor_cpu / cpu_ms:.2f} |")
    load = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    print(f"load average: {load}")


if __name__ == "__main__":
    main()
