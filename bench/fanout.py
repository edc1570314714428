"""The fan-out of a new post to 5,000 followers: the author's request, then the background work.

    .venv/bin/python bench/fanout.py            # var/bench-fanout.sqlite3, replaced if it exists

What goes in: the registry, one network whose 1,788 member organisations are every local
government of Japan, 5,000 users on their staff, each following the network and asking for
followed posts by email at once (the most work a post can cause). What is timed:

- the author's POST of the board's new-post form, through the whole middleware stack: it
  must only enqueue the fan-out (a row for the task worker), not do it (target < 200 ms);
- the background work (board.tasks.fan_out_post): finding who may read the post, 5,000
  notifications in bulk and 5,000 emails (target < 5 s):
  - in this process, with the emails built to the bytes Django's SMTP backend would send;
  - as production runs it: the fan-out enqueued, then done by two task workers
    (`manage.py db_worker`, one per core), which share the emails in tasks of 500 and each
    send over NOTIFICATION_EMAIL_CONNECTIONS connections (default 4), timed from the enqueue
    until every notification is marked emailed;
  - for comparison, in one task in this process over one connection.
  The SMTP server runs in a process of its own: aiosmtpd (a Python server, the one the tests
  use: it spends about 1 ms of CPU on each message, as much as the sender), then Postfix's
  smtp-sink (C, made for measuring mail senders; fetched into var/postfix by
  `bash scripts/system-deps.sh --bench`). Each line gives the wall time, the senders' CPU
  time and the SMTP server's (from /proc/<pid>/stat): all share the machine's two cores.

DATABASE_URL chooses another database (then nothing is deleted first); the environment's
NOTIFICATION_EMAIL_CONNECTIONS the workers' connections. The machine should be
quiet (`cat /proc/loadavg`, 1-minute figure under ~1.5): the load is printed with the results.
"""

import functools
import os
import random
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import generate  # noqa: E402

DEFAULT_DB = ROOT / "var" / "bench-fanout.sqlite3"
# Postfix's SMTP test server (C, accepts and discards mail), from Debian's postfix package
# unpacked into var/postfix by `scripts/system-deps.sh --bench`: what a real mail server costs.
SMTP_SINK = ROOT / "var" / "postfix" / "usr" / "sbin" / "smtp-sink"
SMTP_SINK_LIBS = ROOT / "var" / "postfix" / "usr" / "lib" / "postfix"
FOLLOWERS = 5_000
# Task workers sharing the emails, as `manage.py db_worker` processes: one per core here.
WORKERS = 2
# The fan-out run in this process, its emails sent here too (the backend that runs tasks at once).
IN_PROCESS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
REQUESTS = 5
SLUG = "fanout-bench"


def setup_django() -> None:
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{DEFAULT_DB}")
    # Nothing is printed or sent unless a run below points the SMTP backend at aiosmtpd.
    os.environ["EMAIL_URL"] = "memorymail://"
    # The request must only enqueue: the database backend, as in production.
    os.environ.setdefault("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")
    generate.setup_django()


def step(label: str, since: float) -> float:
    now = time.perf_counter()
    print(f"  {label:<52} {now - since:6.2f} s", flush=True)
    return now


def build():
    """The network, its 1,788 members and 5,000 followers; returns (network, author, category)."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command
    from django.db import transaction

    from renkei.board.models import Category
    from renkei.board.services import categories_create_defaults
    from renkei.networks.models import Membership, Network, Tier
    from renkei.notifications.models import Delivery, Follow, Kind, Preference
    from renkei.organisations.models import Organisation, Staff
    from renkei.registry.loading import load_registry
    from renkei.registry.models import LocalGovernment

    User = get_user_model()
    rng = random.Random(5000)
    t = time.perf_counter()
    call_command("migrate", "--noinput", verbosity=0)
    t = step("migrate", t)
    if not LocalGovernment.objects.exists():
        load_registry()
    t = step("registry", t)

    with transaction.atomic():
        secretariat = Organisation.objects.create(
            kind=Organisation.Kind.SECRETARIAT, name="ベンチ事務局", name_ja="ベンチ事務局", name_en="Bench secretariat"
        )
        network = Network.objects.create(
            slug=SLUG, kind=Network.Kind.PROJECT, name="ベンチ連携", name_en="Bench network", secretariat=secretariat
        )
        tier = Tier.objects.create(network=network, name="会員", name_en="Member")
        categories_create_defaults(network)
        generate.organisations_for_governments()
        members = list(Organisation.objects.exclude(local_government=None).values_list("id", flat=True))
        Membership.objects.bulk_create(
            [Membership(network=network, organisation_id=org, tier=tier) for org in members], batch_size=1000
        )
    t = step(f"network with {len(members):,} member organisations", t)

    with transaction.atomic():
        password = make_password("renkei-bench")
        author = User.objects.create(email="author@fanout.bench.renkei.example", name="投稿 者", password=password)
        Staff.objects.create(user=author, organisation_id=members[0])
        User.objects.bulk_create(
            [
                User(email=f"follower{i:05d}@fanout.bench.renkei.example", name=f"フォロワー{i:05d}", password=password)
                for i in range(FOLLOWERS)
            ],
            batch_size=2000,
        )
        followers = list(
            User.objects.filter(
                email__startswith="follower", email__endswith="@fanout.bench.renkei.example"
            ).values_list("id", flat=True)
        )
        Staff.objects.bulk_create(
            [Staff(user_id=u, organisation_id=rng.choice(members)) for u in followers], batch_size=2000
        )
        Follow.objects.bulk_create([Follow(user_id=u, network=network) for u in followers], batch_size=2000)
        Preference.objects.bulk_create(
            [Preference(user_id=u, kind=Kind.FOLLOWED_POST, delivery=Delivery.IMMEDIATE) for u in followers],
            batch_size=2000,
        )
    step(f"{len(followers):,} followers (staff, follow, immediate email)", t)
    return network, author, network.board_categories.get(kind=Category.Kind.CALL)


def time_requests(network, author, category) -> list[int]:
    """POST the new-post form REQUESTS times; returns the posts' ids and prints the times."""
    from django.test import Client
    from django_tasks_db.models import DBTaskResult

    from renkei.board.models import Post

    client = Client()
    client.force_login(author)
    url = f"/en/networks/{network.slug}/board/new/"
    # The process's first request loads templates and URLs; a worker has done that long before.
    assert client.get(url).status_code == 200
    queued = DBTaskResult.objects.count()
    times = []
    for i in range(REQUESTS):
        data = {
            "category": category.pk,
            "title": f"観光イベントへの出展者募集 {i}",
            "body": "出展者を募集します。",
            "visibility": "members",
        }
        started = time.perf_counter()
        response = client.post(url, data)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 302, response.content.decode()[:2000]
    posts = list(Post.objects.filter(network=network).order_by("-id").values_list("id", flat=True)[:REQUESTS])
    print(
        f"  author's request (POST new post, {REQUESTS}×)             "
        f"median {statistics.median(times):6.1f} ms, max {max(times):6.1f} ms"
    )
    print(f"  fan-out tasks queued by those requests                {DBTaskResult.objects.count() - queued:>8}")
    return posts


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@functools.cache
def wire_backend():
    from django.core.mail.backends.base import BaseEmailBackend

    class WireBackend(BaseEmailBackend):
        """Everything Django's SMTP backend does to a message except sending it: the bytes on the wire."""

        def send_messages(self, email_messages):
            for message in email_messages:
                message.message().as_bytes(linesep="\r\n")
            return len(email_messages)

    return WireBackend


@functools.cache
def counting_smtp_backend():
    from django.core.mail.backends.smtp import EmailBackend

    class CountingSMTPBackend(EmailBackend):
        """Django's SMTP backend, noting each connection it opens (from several threads: a list)."""

        opened: list = []

        def open(self):
            created = super().open()
            if created:
                self.opened.append(self)
            return created

    return CountingSMTPBackend


def server_cpu(pid: int | None) -> float:
    """The CPU time (user + system) a process has used so far, in seconds."""
    if pid is None:
        return 0.0
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def time_task(post_id: int, label: str, server_pid: int | None = None) -> None:
    from bench.fanout import counting_smtp_backend  # the module Django's setting names, not __main__
    from renkei.board.tasks import fan_out_post
    from renkei.notifications.models import Notification

    opened = counting_smtp_backend().opened
    opened.clear()
    server = server_cpu(server_pid)
    started, cpu = time.perf_counter(), time.process_time()
    created = fan_out_post.call(post_id=post_id)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    server = server_cpu(server_pid) - server
    emailed = Notification.objects.filter(url__endswith=f"/{post_id}/", emailed_at__isnull=False).count()
    plural = "" if len(opened) == 1 else "s"
    smtp = f", SMTP server CPU {server:5.2f} s, {len(opened)} connection{plural}" if server_pid else ""
    print(
        f"  fan-out task, {label:<38} {elapsed:6.2f} s  (task CPU {cpu:5.2f} s{smtp}; "
        f"{created:,} notifications, {emailed:,} emailed)",
        flush=True,
    )


def time_workers(post_id: int, label: str, port: int, server_pid: int) -> None:
    """The fan-out as production runs it: enqueued, then done by WORKERS task workers (db_worker)."""
    from django_tasks_db.models import DBTaskResult

    from renkei.board.tasks import fan_out_post
    from renkei.notifications.models import Notification

    DBTaskResult.objects.all().delete()  # the requests' fan-outs: each is timed on its own here
    env = {**os.environ, "EMAIL_URL": f"smtp://127.0.0.1:{port}", "TASKS_BACKEND": "django_tasks_db.DatabaseBackend"}
    command = [sys.executable, "manage.py", "db_worker", "--interval", "0.05", "--no-startup-delay", "-v", "0"]
    workers = [subprocess.Popen(command, env=env, cwd=ROOT) for _ in range(WORKERS)]
    try:
        settle([worker.pid for worker in workers])
        before = [server_cpu(worker.pid) for worker in workers]
        server = server_cpu(server_pid)
        emailed = Notification.objects.filter(url__endswith=f"/{post_id}/", emailed_at__isnull=False)
        started = time.perf_counter()
        fan_out_post.enqueue(post_id=post_id)
        done = 0
        while done < FOLLOWERS and time.perf_counter() - started < 120:
            time.sleep(0.05)
            done = emailed.count()
        elapsed = time.perf_counter() - started
        cpu = sum(server_cpu(worker.pid) - b for worker, b in zip(workers, before, strict=True))
        server = server_cpu(server_pid) - server
    finally:
        for worker in workers:
            worker.terminate()
        for worker in workers:
            worker.wait()
    print(
        f"  fan-out, {label:<44} {elapsed:6.2f} s  (workers' CPU {cpu:5.2f} s, SMTP server CPU {server:5.2f} s; "
        f"{done:,} emailed)",
        flush=True,
    )


def settle(pids: list[int]) -> None:
    """Until these processes have started (Django set up) and wait idle for work."""
    before = -1.0
    for _ in range(200):
        time.sleep(0.25)
        now = sum(server_cpu(pid) for pid in pids)
        if now == before:
            return
        before = now


def main() -> None:
    if "DATABASE_URL" not in os.environ:
        DEFAULT_DB.parent.mkdir(exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{DEFAULT_DB}{suffix}").unlink(missing_ok=True)
    setup_django()
    from django.test.utils import override_settings

    print("Building the data:")
    network, author, category = build()
    print(f"Timing (load average at the start: {load_average()}):")
    posts = time_requests(network, author, category)
    with override_settings(EMAIL_BACKEND="bench.fanout.WireBackend", TASKS=IN_PROCESS):
        time_task(posts[0], "emails built, not sent")

    # The SMTP server runs in its own process, as a real one would: it must not share this one's CPU.
    servers = [("aiosmtpd", lambda port: [sys.executable, "-m", "aiosmtpd", "-n", "-l", f"127.0.0.1:{port}",
                                          "-c", "aiosmtpd.handlers.Sink"], {})]  # fmt: skip
    sink = SMTP_SINK if SMTP_SINK.exists() else None
    if sink is not None:
        servers.append(("Postfix's smtp-sink", smtp_sink_command, {"LD_LIBRARY_PATH": str(SMTP_SINK_LIBS)}))
    else:
        print("  (Postfix's smtp-sink is not in var/postfix: `bash scripts/system-deps.sh --bench` fetches it)")
    for (name, command, env), (many, one) in zip(servers, [posts[1:3], posts[3:5]], strict=False):
        port = free_port()
        server = subprocess.Popen(command(port), env={**os.environ, **env}, stdout=subprocess.DEVNULL)
        try:
            wait_for(port)
            time_workers(many, f"{WORKERS} task workers, {name}", port, server.pid)
            with override_settings(
                EMAIL_BACKEND="bench.fanout.CountingSMTPBackend",
                EMAIL_HOST="127.0.0.1",
                EMAIL_PORT=port,
                NOTIFICATION_EMAIL_CONNECTIONS=1,
                TASKS=IN_PROCESS,
            ):
                time_task(one, "in one task over one connection", server.pid)
        finally:
            server.terminate()
            server.wait()
    print(f"  load average (1, 5, 15 min) at the end: {load_average()}")


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def smtp_sink_command(port: int) -> list[str]:
    # smtp-sink drops to another user when started as root (it insists on being told which).
    as_user = ["-u", "nobody"] if os.geteuid() == 0 else []
    return [str(SMTP_SINK), *as_user, f"127.0.0.1:{port}", "256"]


def wait_for(port: int) -> None:
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("the SMTP server did not start")


def __getattr__(name):
    # EMAIL_BACKEND names a class by its path; it is made only once Django is set up.
    if name == "WireBackend":
        return wire_backend()
    if name == "CountingSMTPBackend":
        return counting_smtp_backend()
    raise AttributeError(name)


if __name__ == "__main__":
    main()
