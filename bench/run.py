"""Measure Renkei's pages beside a floor page, in one run, interleaved (/work/shared/BENCHMARKING.md).

    .venv/bin/python bench/generate.py   # once: var/bench.sqlite3 at national scale
    .venv/bin/python bench/run.py        # or `make bench`, which does both

Serves the bench database with gunicorn (2 sync workers, DEBUG off, static files collected for
whitenoise), then for each round and each page: 3 s of warm-up, 15 s of
`wrk -t2 -c16 --timeout 60s --latency`, and a wait until the server's workers are idle, so the
requests still queued from one page do not spill into the next. wrk shares the machine's
cores with the server: compare the ratio to the floor page, not absolute figures.

The boards (bench/generate_board.py: 1,000,000 posts, 3,000,000 replies) are a page set of
their own, measured beside the same floor page:

    .venv/bin/python bench/run.py --pages board-list,board-post,board-search-common,board-search-rare

Search is measured on the search page (/search/?q=) or, while there is none, on the API
(/api/v1/search?q=), whichever answers first.

Options: --rounds N (2), --duration S (15), --pages floor,registry,... (the foundation's pages;
the floor page is always measured), --database-url URL (else DATABASE_URL, else
var/bench.sqlite3), --port P.
"""

import argparse
import hashlib
import importlib
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, unquote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.generate import ALLIANCE, DEFAULT_DB, MEMBER_EMAIL  # noqa: E402
from bench.generate_board import COMMON_WORD, DETAIL_REPLIES, RARE_WORD  # noqa: E402

PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
WARM_UP = 3


@dataclass
class Page:
    key: str
    label: str
    path: str
    signed_in: bool = False
    runs: list[dict] = field(default_factory=list)
    # Tried in turn when ``path`` does not answer 200 (a page not built yet).
    alternatives: list[str] = field(default_factory=list)
    target: float | None = None  # the least ratio to the floor page the page must reach
    target_p99: float | None = None  # ms
    # Whose session the page is read with (an email), when not the alliance member's; with
    # ``second_factor`` the session also counts as a two-factor sign-in (secretariat pages).
    user: str | None = None
    second_factor: bool = False


PAGES = [
    Page("floor", "floor: template with a 20-row table, no DB", "/bench/floor/"),
    Page("registry", "registry list (1,788 governments, page of 50)", "/local-governments/"),
    Page("search", "registry search かまいし", "/local-governments/?q=" + quote("かまいし")),
    Page("network", f"network page ({ALLIANCE}, 664 members)", f"/networks/{ALLIANCE}/"),
    Page("directory", "member directory (signed-in member)", f"/networks/{ALLIANCE}/directory/", signed_in=True),
    Page("api", "API: local governments ?q=kamaishi", "/api/v1/local-governments?q=kamaishi"),
]


def _search_page(key: str, label: str, word: str) -> Page:
    return Page(
        key,
        label,
        "/search/?q=" + quote(word),
        signed_in=True,
        alternatives=["/api/v1/search?q=" + quote(word)],
        target=0.20,
        target_p99=200,
    )


BOARD = f"/networks/{ALLIANCE}/board/"
BOARD_PAGES = [
    Page("board-list", "board list, page 1 (signed-in member)", BOARD, True, target=0.50, target_p99=200),
    Page(
        "board-post",
        f"a post with {DETAIL_REPLIES} replies (signed-in member)",
        BOARD + "{detail}/",
        True,
        target=0.50,
        target_p99=200,
    ),
    _search_page("board-search-common", f"search {COMMON_WORD} (in 10% of posts)", COMMON_WORD),
    _search_page("board-search-rare", f"search {RARE_WORD} (in 0.01% of posts)", RARE_WORD),
]


def detail_post(env: dict[str, str]) -> int:
    """The alliance post with DETAIL_REPLIES replies that bench/generate_board.py made."""
    code = f"""
import django; django.setup()
from renkei.board.models import Post
print(Post.objects.filter(network__slug={ALLIANCE!r}, reply_count={DETAIL_REPLIES}).values_list("pk", flat=True).last())
"""
    pk = subprocess.run([PYTHON, "-c", code], env=env, cwd=ROOT, check=True, capture_output=True, text=True)
    if pk.stdout.strip() == "None":
        raise SystemExit("No board data: run .venv/bin/python bench/generate_board.py first")
    return int(pk.stdout)


def plugged_page_sets() -> list[tuple[list[Page], Callable[[dict], dict] | None]]:
    """Page sets of later capabilities: each bench/pages_*.py has ``PAGES`` (a list of ``Page``)
    and may have ``resolve(env) -> {placeholder: value}`` to fill "{placeholder}" in its paths
    from the benchmark database (e.g. the id of an event with 1,000 registrants)."""
    sets = []
    for module_path in sorted(Path(__file__).parent.glob("pages_*.py")):
        module = importlib.import_module(f"bench.{module_path.stem}")
        sets.append((module.PAGES, getattr(module, "resolve", None)))
    return sets


def chosen_pages(names: str, env: dict[str, str]) -> list[Page]:
    """The pages named in ``names`` (comma-separated keys) and the floor page, their paths
    filled in from the benchmark database."""
    keys = {"floor", *names.split(",")}
    page_sets = [(PAGES, None), (BOARD_PAGES, lambda env: {"detail": str(detail_post(env))}), *plugged_page_sets()]
    pages = [p for pages, _ in page_sets for p in pages if p.key in keys]
    if unknown := keys - {p.key for p in pages}:
        raise SystemExit(f"Unknown pages: {', '.join(sorted(unknown))}")
    for set_pages, resolve in page_sets:
        chosen = [p for p in set_pages if p.key in keys]
        if chosen and resolve:
            for placeholder, value in resolve(env).items():
                for page in chosen:
                    page.path = page.path.replace("{" + placeholder + "}", value)
    return pages


def page_cookie(page: Page, cookie: str, cookies: dict) -> str | None:
    if page.user:
        return cookies[(page.user, page.second_factor)]
    return cookie if page.signed_in else None


def server_env(database_url: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url,
        DEBUG="False",
        RENKEI_HTTPS="0",  # wrk and the benchmarks speak plain http to gunicorn: no TLS in front
        SECRET_KEY=os.environ.get("SECRET_KEY", "renkei-bench-only"),
        RENKEI_BENCH="1",
        RENKEI_DEMO="0",
        DJANGO_SETTINGS_MODULE="renkei.settings",
        LOG_LEVEL="ERROR",
    )
    # A cache of its own per database: the shared cache keeps signed-in users and page versions,
    # which another database's rows must never answer.
    digest = hashlib.sha256(database_url.encode()).hexdigest()[:12]
    env.setdefault("CACHE_URL", f"filecache://{ROOT / 'var' / f'cache-bench-{digest}'}")
    return env


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def session_cookie(env: dict[str, str], email: str = MEMBER_EMAIL, second_factor: bool = False) -> str:
    """A signed-in session (by default an alliance member's staff), made directly in the session store."""
    code = f"""
import django; django.setup()
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.contrib.sessions.backends.db import SessionStore
from django.conf import settings
from django.utils.module_loading import import_string
import time
user = get_user_model().objects.get(email={email!r})
session = SessionStore()
if {second_factor!r}:
    session["account_authentication_methods"] = [
        {{"method": "password", "at": time.time(), "email": user.email}},
        {{"method": "mfa", "at": time.time(), "type": "totp"}},
    ]
session[SESSION_KEY] = str(user.pk)
session[BACKEND_SESSION_KEY] = next(
    path for path in settings.AUTHENTICATION_BACKENDS if hasattr(import_string(path), "get_user")
)
session[HASH_SESSION_KEY] = user.get_session_auth_hash()
session.create()
print(session.session_key)
"""
    key = subprocess.run([PYTHON, "-c", code], env=env, cwd=ROOT, check=True, capture_output=True, text=True)
    return f"sessionid={key.stdout.strip()}"


def time_registry_load(env: dict[str, str]) -> float:
    """Seconds for `manage.py registry_load` into an empty, migrated database, start-up included."""
    with tempfile.TemporaryDirectory() as tmp:
        scratch = dict(env, DATABASE_URL=f"sqlite:///{tmp}/registry.sqlite3")
        manage = [PYTHON, "manage.py"]
        subprocess.run([*manage, "migrate", "--noinput", "-v", "0"], env=scratch, cwd=ROOT, check=True)
        started = time.perf_counter()
        subprocess.run([*manage, "registry_load"], env=scratch, cwd=ROOT, check=True, capture_output=True)
        return time.perf_counter() - started


def wait_for_server(url: str, process: subprocess.Popen, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit("gunicorn exited; see the output above")
        try:
            urllib.request.urlopen(url, timeout=5).read()
            return
        except (urllib.error.URLError, ConnectionError, TimeoutError):  # not up yet, or still starting
            time.sleep(0.3)
    raise SystemExit(f"gunicorn did not answer {url} within {timeout:.0f} s")


def fetch_status(url: str, cookie: str | None) -> int:
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def worker_pids(master: int) -> list[int]:
    children = Path(f"/proc/{master}/task/{master}/children")
    pids = [int(p) for p in children.read_text().split()] if children.exists() else []
    return [master, *pids]


def cpu_ticks(pids: list[int]) -> int:
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except FileNotFoundError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime + stime
    return total


def machine_busy(interval: float = 0.5) -> float:
    def read():
        values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
        idle = values[3] + values[4]
        return idle, sum(values)

    idle1, total1 = read()
    time.sleep(interval)
    idle2, total2 = read()
    return 1 - (idle2 - idle1) / max(total2 - total1, 1)


def wait_until_idle(master: int, limit: float = 60) -> None:
    """Until the server's processes stop using CPU, and the machine is mostly idle (or `limit` passes)."""
    deadline = time.monotonic() + limit
    pids = worker_pids(master)
    before = cpu_ticks(pids)
    while time.monotonic() < deadline:
        time.sleep(0.5)
        after = cpu_ticks(pids)
        if after - before == 0:
            break
        before = after
    while time.monotonic() < deadline and machine_busy() > 0.25:
        pass


UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def parse_wrk(output: str) -> dict:
    def latency(percentile: str) -> float | None:
        match = re.search(rf"^\s*{percentile}%\s+([\d.]+)(us|ms|s|m)\s*$", output, re.MULTILINE)
        return float(match.group(1)) * UNITS[match.group(2)] if match else None

    rps = re.search(r"Requests/sec:\s+([\d.]+)", output)
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    errors = re.search(r"Socket errors:.*", output)
    return {
        "rps": float(rps.group(1)) if rps else 0.0,
        "p50": latency("50"),
        "p99": latency("99"),
        "non2xx": int(bad.group(1)) if bad else 0,
        "errors": errors.group(0) if errors else "",
    }


def wrk(url: str, seconds: int, cookie: str | None) -> str:
    command = ["wrk", "-t2", "-c16", f"-d{seconds}s", "--timeout", "60s", "--latency", url]
    if cookie:
        command[1:1] = ["-H", f"Cookie: {cookie}"]
    return subprocess.run(command, check=True, capture_output=True, text=True).stdout


def fmt_ms(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value / 1000:.2f} s" if value >= 1000 else f"{value:.0f} ms" if value >= 10 else f"{value:.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--duration", type=int, default=15)
    parser.add_argument("--pages", default=",".join(p.key for p in PAGES))
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is missing: bash scripts/system-deps.sh --bench")
    database_url = args.database_url or f"sqlite:///{DEFAULT_DB}"
    if not args.database_url and not DEFAULT_DB.exists():
        raise SystemExit("var/bench.sqlite3 is missing: run .venv/bin/python bench/generate.py first")
    env = server_env(database_url)
    pages = chosen_pages(args.pages, env)

    registry_seconds = time_registry_load(env)
    print(f"registry_load from the data files into an empty database: {registry_seconds:.2f} s", flush=True)
    # Migrations added since the data was generated (nothing to do, usually).
    subprocess.run([PYTHON, "manage.py", "migrate", "--noinput", "-v", "0"], env=env, cwd=ROOT, check=True)
    subprocess.run([PYTHON, "manage.py", "collectstatic", "--noinput", "-v", "0"], env=env, cwd=ROOT, check=True)
    cookie = session_cookie(env)
    cookies = {(p.user, p.second_factor): session_cookie(env, p.user, p.second_factor) for p in pages if p.user}

    port = args.port or free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [GUNICORN, "renkei.wsgi", "-w", "2", "-k", "sync", "--no-control-socket", "-b", f"127.0.0.1:{port}"],
        env=env,
        cwd=ROOT,
    )
    try:
        wait_for_server(base + "/bench/floor/", server)
        for page in list(pages):
            for path in [page.path, *page.alternatives]:
                status = fetch_status(base + path, page_cookie(page, cookie, cookies))
                if status == 200:
                    page.path = path
                    break
                print(f"{page.key}: {path} answers HTTP {status}", flush=True)
            else:
                print(f"skipping {page.key}", flush=True)
                page.runs.append({"skipped": status})
        measured = [p for p in pages if not p.runs]
        for round_number in range(1, args.rounds + 1):
            for page in measured:
                url = base + page.path
                read_with = page_cookie(page, cookie, cookies)
                wrk(url, WARM_UP, read_with)
                wait_until_idle(server.pid)
                result = parse_wrk(wrk(url, args.duration, read_with))
                page.runs.append(result)
                print(
                    f"round {round_number} {page.key:<10} {result['rps']:8.1f} req/s  p50 {fmt_ms(result['p50']):>8}"
                    f"  p99 {fmt_ms(result['p99']):>8}  {result['errors']}"
                    + (f"  NON-2xx: {result['non2xx']}" if result["non2xx"] else ""),
                    flush=True,
                )
                wait_until_idle(server.pid)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)

    print_report(pages, registry_seconds, env, args)


def mean(values):
    values = [v for v in values if v is not None]
    return sum(values) / len(values) if values else None


def print_report(pages: list[Page], registry_seconds: float, env: dict[str, str], args) -> None:
    floor = next((p for p in pages if p.key == "floor" and p.runs and "rps" in p.runs[0]), None)
    floor_rps = mean([r["rps"] for r in floor.runs]) if floor else None
    print()
    print("| page | req/s | p50 | p99 | ratio to floor | req/s by round |")
    print("|---|---|---|---|---|---|")
    for page in pages:
        if page.runs and "skipped" in page.runs[0]:
            print(f"| {page.label} | not measured: HTTP {page.runs[0]['skipped']} | | | | |")
            continue
        rps = mean([r["rps"] for r in page.runs])
        p99 = mean([r["p99"] for r in page.runs])
        ratio = f"{rps / floor_rps:.3f}" if floor_rps and rps is not None else "—"
        rounds = ", ".join(f"{r['rps']:.0f}" for r in page.runs)
        if page.target is not None and floor_rps:
            met = rps / floor_rps >= page.target and p99 is not None and p99 < (page.target_p99 or float("inf"))
            p99_target = f", p99 < {page.target_p99:.0f} ms" if page.target_p99 else ""
            ratio += f" ({'meets' if met else 'MISSES'} ≥ {page.target:.2f}{p99_target})"
        print(
            f"| {page.label} `{unquote(page.path)}` | {rps:.1f} | {fmt_ms(mean([r['p50'] for r in page.runs]))} "
            f"| {fmt_ms(p99)} | {ratio} | {rounds} |"
        )
    print()
    print(f"registry_load (data files → empty database, process start-up included): {registry_seconds:.2f} s")
    print("Data:")
    sizes = subprocess.run(
        [PYTHON, "-c", "import django; django.setup(); from bench.generate import print_sizes; print_sizes()"],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    print(sizes.rstrip())
    if any(p in BOARD_PAGES for p in pages):
        board_sizes = subprocess.run(
            [
                PYTHON,
                "-c",
                "import django; django.setup(); from django.db import connection; "
                "from bench.generate_board import print_sizes; print_sizes(connection)",
            ],
            env=env,
            cwd=ROOT,
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        print(board_sizes.rstrip())
    versions = subprocess.run(
        [
            PYTHON,
            "-c",
            "import django, sqlite3, platform, gunicorn; print(f'Django {django.get_version()}, "
            "Python {platform.python_version()}, gunicorn {gunicorn.__version__}, SQLite {sqlite3.sqlite_version}')",
        ],
        capture_output=True,
        text=True,
    ).stdout.strip()
    load = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    print(f"{versions}, {os.cpu_count()} CPUs; load average at the end: {load}")
    print(
        f"wrk -t2 -c16 -d{args.duration}s --timeout 60s --latency; {args.rounds} rounds interleaved, "
        f"{WARM_UP} s warm-up, idle wait between runs"
    )
    rerun = f".venv/bin/python bench/run.py --rounds {args.rounds} --duration {args.duration} --pages {args.pages}"
    if args.database_url:
        rerun += f" --database-url {args.database_url}"
    print(f"Re-run: {rerun}")


if __name__ == "__main__":
    main()
