"""200 people register at the same moment for 50 seats, against a real server on the bench database.

    .venv/bin/python bench/event_contention.py --database-url sqlite:////work/main/var/bench-events.sqlite3

Starts gunicorn as bench/run.py does (2 sync workers, DEBUG off), then measures three rushes.
The first is of the floor page (no database, no session): the same 200 requests at once cost
this much on this machine at best, the client included, which shares the two cores. The two
others are registrations, each on a fresh upcoming event of the alliance (50 seats, a waiting list, open to signed-in
people) with a fresh signed-in session for each of 200 bench users, never seen by the gunicorn
workers. The sessions are written as signing in writes them (through the shared cache), and
each user is read once, as the event page they had open read them; with --cold, both are only
in the database (the dearest case). Before each rush, the workers serve a few registrations to
another event, as workers that have been up a while have:

- floor: `GET /bench/floor/`, the floor page of bench/run.py;
- form: what people do, the event's registration form (`POST /events/{id}/register/` with
  "Register myself", the session cookie and its CSRF token), answered by a redirect to the ticket;
- api: `POST /api/v1/events/{id}/registrations`, answered with the registration's status.

In each, 200 threads wait at a barrier and send together (http.client, connected beforehand).
Prints p50/p99 of the requests, the server's CPU time per request (what the figures are made
of on a busy shared machine), and checks that exactly 50 were confirmed and 150 waitlisted, in
the database (and in the API's answers). Target: p99 under 500 ms.

Options: --people N (200), --seats N (50), --paths floor,form,api, --workers N (2),
--threads N (gthread workers), --port P, --cold.
"""

import argparse
import http.client
import json
import os
import secrets
import statistics
import string
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.generate import ALLIANCE  # noqa: E402
from bench.run import (  # noqa: E402
    GUNICORN,
    PYTHON,
    cpu_ticks,
    free_port,
    server_env,
    wait_for_server,
    wait_until_idle,
    worker_pids,
)

TARGET_P99_MS = 500
# Registrations each worker serves on another event before the rush: a worker that has been up
# for a while has loaded its code, URLs and translations long before (none of these people).
WARM_UP = 10

SETUP = """
import datetime, json, time, django
django.setup()
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.conf import settings
from importlib import import_module
from django.utils import timezone
from django.utils.module_loading import import_string
from renkei.events.models import Event
from renkei.networks.models import Network

start = timezone.now().replace(microsecond=0) + datetime.timedelta(days=30)
event, warm = (
    Event.objects.create(
        network=Network.objects.get(slug={alliance!r}), kind="seminar", title=title, title_ja=title,
        starts_at=start, ends_at=start + datetime.timedelta(hours=2), venue="ベンチ会場", venue_ja="ベンチ会場",
        capacity={seats}, waiting_list=True, registration_open_to="signed_in",
    )
    for title in ("同時申込ベンチ", "同時申込ベンチ（準備）")
)
backend = next(path for path in settings.AUTHENTICATION_BACKENDS if hasattr(import_string(path), "get_user"))
# Signed in as the site signs people in (the session engine writes through the cache), and the
# user read once, as the event page they had open did; cold: sessions only in the database.
SessionStore = import_module("django.contrib.sessions.backends.db" if {cold} else settings.SESSION_ENGINE).SessionStore
sessions = []
users = get_user_model().objects.filter(email__endswith="@bench.renkei.example").order_by("id")
for user in users[{offset}:{offset} + {people} + WARM_UP]:
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = backend
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    sessions.append(session.session_key)
    if not {cold}:
        import_string(backend)().get_user(user.pk)
print(json.dumps({{"event": event.pk, "warm": warm.pk, "sessions": sessions}}))
"""

COUNT = """
import json, django
django.setup()
from renkei.events.models import Event, Registration
event = Event.objects.get(pk={event})
statuses = list(Registration.objects.filter(event=event).values_list("status", flat=True))
print(json.dumps({{
    "confirmed": statuses.count("confirmed"), "waitlisted": statuses.count("waitlisted"),
    "confirmed_count": event.confirmed_count, "waitlisted_count": event.waitlisted_count,
}}))
"""


def django_json(env: dict[str, str], code: str) -> dict:
    result = subprocess.run([PYTHON, "-c", code], env=env, cwd=ROOT, check=True, capture_output=True, text=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def register(
    path: str, port: int, event: int, session: str, barrier: threading.Barrier, results: list, index: int
) -> None:
    csrf = "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(32))
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    connection.connect()  # before the barrier, so the requests leave together
    headers = {"Cookie": f"sessionid={session}; csrftoken={csrf}", "Referer": f"http://127.0.0.1:{port}/"}
    if path == "floor":
        url, body, expected = "/bench/floor/", None, 200
    elif path == "api":
        url, body, expected = f"/api/v1/events/{event}/registrations", "{}", 201
        headers.update({"Content-Type": "application/json", "X-CSRFToken": csrf})
    else:
        url, body, expected = f"/events/{event}/register/", f"csrfmiddlewaretoken={csrf}&myself=on", 302
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    barrier.wait()
    started = time.perf_counter()
    connection.request("GET" if body is None else "POST", url, body=body, headers=headers)
    response = connection.getresponse()
    answer = response.read()
    elapsed = (time.perf_counter() - started) * 1000
    connection.close()
    if response.status != expected:
        status = f"HTTP {response.status}: {answer[:200]!r}"
    elif path == "api":
        status = json.loads(answer).get("status")
    elif path == "floor":
        status = "served"
    else:
        status = "registered"  # the ticket says which; the database is counted below
    results[index] = (elapsed, status)


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def rush(path: str, env: dict[str, str], port: int, args, master: int, offset: int) -> bool:
    """One rush of ``args.people`` registrations at once; prints its figures, returns whether all was right."""
    code = SETUP.replace("WARM_UP", str(WARM_UP)).format(
        alliance=ALLIANCE, seats=args.seats, people=args.people, offset=offset, cold=args.cold
    )
    setup = django_json(env, code)
    event, sessions = setup["event"], setup["sessions"]
    if len(sessions) < args.people + WARM_UP:
        raise SystemExit(f"Only {len(sessions)} bench users: run bench/generate.py on this database first")
    sessions, warm_sessions = sessions[: args.people], sessions[args.people :]
    # Two at a time, so that both workers serve some.
    for pair in range(0, len(warm_sessions), 2):
        warm_results: list = [None, None]
        warm_barrier = threading.Barrier(2)
        pairs = [
            threading.Thread(target=register, args=(path, port, setup["warm"], session, warm_barrier, warm_results, i))
            for i, session in enumerate(warm_sessions[pair : pair + 2])
        ]
        for thread in pairs:
            thread.start()
        for thread in pairs:
            thread.join()
    wait_until_idle(master)
    barrier = threading.Barrier(args.people)
    results: list = [None] * args.people
    threads = [
        threading.Thread(target=register, args=(path, port, event, session, barrier, results, i))
        for i, session in enumerate(sessions)
    ]
    pids = worker_pids(master)
    ticks = cpu_ticks(pids)
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    wall = time.perf_counter() - started
    # The server's own CPU time per request: what the figures are made of on a busy shared machine.
    cpu_ms = (cpu_ticks(pids) - ticks) * 1000 / os.sysconf("SC_CLK_TCK") / args.people

    done = [r for r in results if r is not None]
    times = [elapsed for elapsed, _status in done]
    statuses = [status for _elapsed, status in done]
    p50, p99 = statistics.median(times), percentile(times, 99)
    if path == "floor":
        print(f"floor: {args.people} requests at once for the floor page (no database): the best this machine does")
    else:
        label = "the registration form" if path == "form" else "POST /api/v1/events/{id}/registrations"
        print(f"{path}: {args.people} registrations at once for {args.seats} seats through {label} (event {event})")
    print(f"  all answered within {wall:.1f} s; the server's CPU time: {cpu_ms:.1f} ms a request")
    if path == "api":
        print(f"  answers: {statuses.count('confirmed')} confirmed, {statuses.count('waitlisted')} waitlisted")
    for other in sorted({s for s in statuses if s not in ("confirmed", "waitlisted", "registered", "served")}):
        print(f"  {statuses.count(other)} × {other}")
    if path != "floor":
        stored = django_json(env, COUNT.format(event=event))
        print(f"  database: {stored}")
    verdict = "meets" if p99 < TARGET_P99_MS else "MISSES"
    print(f"  p50 {p50:.0f} ms, p99 {p99:.0f} ms, max {max(times):.0f} ms ({verdict} p99 < {TARGET_P99_MS} ms)")
    print(f"  load average: {Path('/proc/loadavg').read_text().strip()}", flush=True)
    if path == "floor":
        return statuses.count("served") == args.people
    waiting = args.people - args.seats
    right = stored == {"confirmed": args.seats, "waitlisted": waiting, "confirmed_count": args.seats,
                       "waitlisted_count": waiting}  # fmt: skip
    if path == "api":
        right = right and statuses.count("confirmed") == args.seats and statuses.count("waitlisted") == waiting
    else:
        right = right and statuses.count("registered") == args.people
    return right and len(done) == args.people


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--people", type=int, default=200)
    parser.add_argument("--seats", type=int, default=50)
    parser.add_argument("--paths", default="floor,form,api", help="any of floor, form, api (floor,form,api)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (2)")
    parser.add_argument("--threads", type=int, default=1, help="threads per worker (gthread) instead of sync workers")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument(
        "--cold", action="store_true", help="sessions and users in the database only, not in the shared cache"
    )
    args = parser.parse_args()
    if not args.database_url:
        raise SystemExit("--database-url (or DATABASE_URL) is needed: the bench database with generate.py's users")
    paths = [path.strip() for path in args.paths.split(",") if path.strip()]
    if not paths or set(paths) - {"floor", "form", "api"}:
        raise SystemExit("--paths takes floor, form, api, or several of them")
    env = server_env(args.database_url)
    port = args.port or free_port()
    workers = ["-k", "sync"] if args.threads <= 1 else ["-k", "gthread", "--threads", str(args.threads)]
    print(f"gunicorn: {args.workers} workers, {' '.join(workers)}", flush=True)
    server = subprocess.Popen(
        [GUNICORN, "renkei.wsgi", "-w", str(args.workers), *workers, "--no-control-socket", "-b", f"127.0.0.1:{port}"],
        env=env,
        cwd=ROOT,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_server(f"http://127.0.0.1:{port}/bench/floor/", server)
        outcomes = []
        for i, path in enumerate(paths):
            wait_until_idle(server.pid)
            # Each rush with people of its own: none of them has been seen by the server.
            outcomes.append(rush(path, env, port, args, server.pid, offset=i * (args.people + WARM_UP)))
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert all(outcomes), "a rush ended with other figures than the seats allow: see above"


if __name__ == "__main__":
    main()
