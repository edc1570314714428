"""CPU time of one registration, beside a signed-in POST that does nothing, in one process.

    .venv/bin/python bench/registration_cpu.py                 # var/bench-registration.sqlite3, built if missing
    .venv/bin/python bench/registration_cpu.py --requests 300 --rebuild

Less noisy than bench/event_contention.py on a shared machine: no HTTP server, each request
sent through Django's test client (all middleware, DEBUG off, the shared cache directory as
bench/run.py's server has it) and timed with the thread's CPU clock. The three kinds of request
are interleaved, one of each in turn, on the same data:

- nothing: `POST /bench/nothing/`, a view added by this bench that only answers 204 to a
  signed-in person (login_required, and the CSRF token checked as on every POST);
- form: the event's registration form (`POST /events/{id}/register/` with "Register myself"),
  answered by a redirect to the ticket;
- api: `POST /api/v1/events/{id}/registrations`, answered with the registration's status.

Each request is made by a different person, signed in as the site signs people in (the session
engine writes through the shared cache), they and their rights read once beforehand, as the
event page they had open read them. The events are upcoming events of the alliance, open to signed-in people, with
a quarter of the requests as seats and a waiting list: some confirm, the rest wait. Prints the
median and p90 CPU ms of each, and the ratio of each to the do-nothing POST.

The data is its own (built in under a minute when missing): the registry, the demo networks,
and bench users on the staff of the alliance's members. The shared cache is bench/run.py's file
cache for the database; several machines share Redis instead, which CACHE_URL chooses:

    CACHE_URL=rediscache://127.0.0.1:63790/1 .venv/bin/python bench/registration_cpu.py   # scripts/redis.sh

Options: --requests N (200 of each), --database-url URL, --rebuild, --profile form|api
(cProfile of that kind of request: by own time, then Renkei's functions by cumulative time).
"""

import argparse
import os
import statistics
import sys
import time
import types
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.generate import ALLIANCE  # noqa: E402
from bench.run import server_env  # noqa: E402

DEFAULT_DB = ROOT / "var" / "bench-registration.sqlite3"
EMAIL_DOMAIN = "@regbench.renkei.example"
WARM_UP = 10


def build(people: int) -> None:
    """The registry, the demo networks, and ``people`` users on the staff of the alliance's members."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command
    from django.db import transaction

    from renkei.networks.models import Membership
    from renkei.organisations.models import Staff
    from renkei.registry.loading import load_registry
    from renkei.web.demo import load_demo

    User = get_user_model()
    started = time.perf_counter()
    call_command("migrate", "--noinput", verbosity=0)
    if not User.objects.filter(email__startswith="matsubara@").exists():
        load_registry()
        load_demo()
    have = User.objects.filter(email__endswith=EMAIL_DOMAIN).count()
    if have < people:
        members = list(
            Membership.objects.active().filter(network__slug=ALLIANCE).values_list("organisation_id", flat=True)
        )
        password = make_password("renkei-bench")
        with transaction.atomic():
            User.objects.bulk_create(
                [
                    User(email=f"person{i:05d}{EMAIL_DOMAIN}", name=f"ベンチ 申込者{i:05d}", password=password)
                    for i in range(have, people)
                ],
                batch_size=1000,
            )
            new = User.objects.filter(email__endswith=EMAIL_DOMAIN).order_by("id").values_list("id", flat=True)
            Staff.objects.bulk_create(
                [Staff(user_id=pk, organisation_id=members[i % len(members)]) for i, pk in enumerate(new[have:])],
                batch_size=1000,
                ignore_conflicts=True,
            )
    print(f"data ready in {time.perf_counter() - started:.1f} s", flush=True)


def do_nothing_urls():
    """The project's URLs and a signed-in POST that does nothing, as a URL module of its own."""
    from django.contrib.auth.decorators import login_required
    from django.http import HttpResponse
    from django.urls import path
    from django.views.decorators.csrf import csrf_protect
    from django.views.decorators.http import require_POST

    import renkei.urls

    @login_required
    @csrf_protect
    @require_POST
    def nothing(request):
        return HttpResponse(status=204)

    module = types.ModuleType("bench_registration_urls")
    module.urlpatterns = [path("bench/nothing/", nothing), *renkei.urls.urlpatterns]  # type: ignore[attr-defined]
    return module


def sessions_for(users) -> list[str]:
    """A signed-in session for each user, written as signing in writes it; each user and their rights read once.

    As the event page they had open read them: the user through the auth backend's cache, their
    audience (what they may see) through the shared cache.
    """
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.utils.module_loading import import_string

    from renkei.networks.audience import audience_of

    backend = next(p for p in settings.AUTHENTICATION_BACKENDS if hasattr(import_string(p), "get_user"))
    store = import_module(settings.SESSION_ENGINE).SessionStore
    keys = []
    for user in users:
        session = store()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = backend
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        keys.append(session.session_key)
        audience_of(import_string(backend)().get_user(user.pk), session)
    return keys


def new_event(title: str, seats: int):
    import datetime

    from django.utils import timezone

    from renkei.events.models import Event
    from renkei.networks.models import Network

    start = timezone.now().replace(microsecond=0) + datetime.timedelta(days=30)
    return Event.objects.create(
        network=Network.objects.get(slug=ALLIANCE),
        kind="seminar",
        title=title,
        title_ja=title,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
        venue="ベンチ会場",
        venue_ja="ベンチ会場",
        capacity=seats,
        waiting_list=True,
        registration_open_to="signed_in",
    )


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", f"sqlite:///{DEFAULT_DB}"))
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--rebuild", action="store_true", help="start from an empty database (SQLite only)")
    parser.add_argument("--profile", choices=["form", "api"], help="cProfile this kind of request")
    args = parser.parse_args()
    if args.rebuild and args.database_url.startswith("sqlite:///"):
        for suffix in ("", "-wal", "-shm"):
            Path(f"{args.database_url.removeprefix('sqlite:///')}{suffix}").unlink(missing_ok=True)
    DEFAULT_DB.parent.mkdir(exist_ok=True)
    os.environ.update(server_env(args.database_url))
    # No static files are served here: whitenoise need not say their directory is missing.
    warnings.filterwarnings("ignore", message="No directory at")
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.cache import cache
    from django.test import Client

    kinds = ["nothing", "form", "api"]
    per_kind = args.requests + WARM_UP
    build(per_kind * len(kinds))
    settings.ROOT_URLCONF = do_nothing_urls()
    # Registrations from an earlier run must not answer for this one (their events are new anyway).
    cache.clear()

    seats = max(1, args.requests // 4)
    events = {"form": new_event("CPU計測（申込フォーム）", seats), "api": new_event("CPU計測（API）", seats)}
    users = list(get_user_model().objects.filter(email__endswith=EMAIL_DOMAIN).order_by("id")[: per_kind * len(kinds)])
    sessions = sessions_for(users)
    people = {kind: sessions[i * per_kind : (i + 1) * per_kind] for i, kind in enumerate(kinds)}
    csrf = "b" * 32

    # One client, as one server process: its handler loads the middleware once.
    client = Client(HTTP_HOST="127.0.0.1", enforce_csrf_checks=True)

    def request(kind: str, session: str):
        client.cookies.clear()  # nothing of the previous person (their messages' cookie)
        client.cookies["sessionid"] = session
        client.cookies["csrftoken"] = csrf
        if kind == "nothing":
            return client.post("/bench/nothing/", {"csrfmiddlewaretoken": csrf}), 204
        if kind == "form":
            url = f"/events/{events['form'].pk}/register/"
            return client.post(url, {"csrfmiddlewaretoken": csrf, "myself": "on"}), 302
        url = f"/api/v1/events/{events['api'].pk}/registrations"
        return client.post(url, "{}", content_type="application/json", HTTP_X_CSRFTOKEN=csrf), 201

    times: dict[str, list[float]] = {kind: [] for kind in kinds}
    profiler = None
    if args.profile:
        import cProfile

        profiler = cProfile.Profile()
    for i in range(per_kind):
        for kind in kinds:
            profiling = profiler is not None and kind == args.profile and i >= WARM_UP
            if profiling:
                profiler.enable()
            started = time.thread_time()
            response, expected = request(kind, people[kind][i])
            cpu = (time.thread_time() - started) * 1000
            if profiling:
                profiler.disable()
            if response.status_code != expected:
                raise SystemExit(f"{kind}: HTTP {response.status_code}: {response.content[:300]!r}")
            if i >= WARM_UP:
                times[kind].append(cpu)

    from renkei.events.models import Event, Registration

    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    print(f"{args.requests} requests of each kind, interleaved; {seats} seats an event; {engine}")
    print("| request | median CPU ms | p90 CPU ms | median / do-nothing POST |")
    print("|---|---|---|---|")
    floor = statistics.median(times["nothing"])
    labels = {
        "nothing": "do-nothing signed-in POST",
        "form": "registration form POST /events/{id}/register/",
        "api": "API POST /api/v1/events/{id}/registrations",
    }
    for kind in kinds:
        median = statistics.median(times[kind])
        print(f"| {labels[kind]} | {median:.2f} | {percentile(times[kind], 90):.2f} | {median / floor:.2f} |")
    for kind, event in events.items():
        statuses = list(Registration.objects.filter(event=event).values_list("status", flat=True))
        stored = Event.objects.get(pk=event.pk)
        print(
            f"{kind}: {statuses.count('confirmed')} confirmed, {statuses.count('waitlisted')} waitlisted "
            f"(the event's counts: {stored.confirmed_count}, {stored.waitlisted_count})"
        )
        assert statuses.count("confirmed") == seats == stored.confirmed_count
    load = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    print(f"load average: {load}")
    if profiler is not None:
        import pstats

        pstats.Stats(profiler).sort_stats("tottime").print_stats(40)
        pstats.Stats(profiler).sort_stats("cumulative").print_stats("renkei|django_tasks|ninja|sessions|messages", 80)


if __name__ == "__main__":
    main()
