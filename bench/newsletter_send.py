"""Send one newsletter issue to 100,000 subscribers as background work, into a local SMTP server.

    DATABASE_URL=sqlite:////work/main/var/bench-news.sqlite3 .venv/bin/python bench/newsletter_send.py

Needs the subscribers of bench/generate_news.py. Starts an SMTP server (aiosmtpd) in a process of
its own that only counts the messages it receives, and a task worker (`manage.py db_worker`,
DEBUG off) that sends to it; then sends a new issue to the alliance's subscribers exactly as the
secretariat's button does (sending.issue_send: the work is queued for the worker), and watches.
Prints emails per second (from the queueing to the last email, and while sending) and the
worker's resident memory (RSS now, and its peak) as 10,000, 50,000 and 100,000 emails have gone.

For a trial, generate fewer subscribers into a database of its own (generate_news.py --subscribers N).
"""

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.generate import ALLIANCE, setup_django  # noqa: E402
from bench.run import PYTHON, free_port  # noqa: E402

MARKS = (10_000, 50_000, 100_000)
TARGET = 200  # emails per second

COUNTER = """
import signal, sys, threading, time
from aiosmtpd.controller import Controller

class Count:
    received = 0
    async def handle_DATA(self, server, session, envelope):
        Count.received += len(envelope.rcpt_tos)
        return "250 OK"

out = sys.argv[2]
controller = Controller(Count(), hostname="127.0.0.1", port=int(sys.argv[1]))
controller.start()
stop = threading.Event()
signal.signal(signal.SIGTERM, lambda *a: stop.set())
while not stop.wait(0.5):
    open(out, "w").write(str(Count.received))
open(out, "w").write(str(Count.received))
controller.stop()
"""


def memory(pid: int) -> tuple[int, int]:
    """(VmRSS, VmHWM) of a process, in MiB."""
    values = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(("VmRSS:", "VmHWM:")):
            key, value = line.split(":")
            values[key] = int(value.split()[0]) // 1024
    return values.get("VmRSS", 0), values.get("VmHWM", 0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.parse_args()
    setup_django()
    from django.conf import settings
    from django.db import connection

    from renkei.networks.models import Network
    from renkei.news import sending
    from renkei.news.models import Article, Delivery, Issue, Subscriber
    from renkei.news.services import issue_create

    network = Network.objects.get(slug=ALLIANCE)
    confirmed = Subscriber.objects.filter(network=network, status=Subscriber.Status.CONFIRMED)
    total = confirmed.count()
    if not total:
        raise SystemExit("No subscribers: run bench/generate_news.py first")
    articles = list(Article.objects.public().filter(network=network).order_by("-published_at", "-id")[:5])
    issue = issue_create(
        network=network,
        author=None,
        title_ja=f"ベンチマーク号 {time.strftime('%Y-%m-%d %H:%M:%S')}",
        introduction_ja="今月の活動報告をお届けします。",
        articles=articles,
    )

    port = free_port()
    workdir = Path(tempfile.mkdtemp(prefix="renkei-smtp-"))
    count_file = workdir / "count"
    counter = subprocess.Popen([PYTHON, "-c", COUNTER, str(port), str(count_file)])
    env = dict(
        os.environ,
        DEBUG="False",
        SECRET_KEY=os.environ.get("SECRET_KEY", "renkei-bench-only"),
        EMAIL_URL=f"smtp://127.0.0.1:{port}",
        LOG_LEVEL="ERROR",
        DATABASE_URL=os.environ["DATABASE_URL"],
    )
    worker = subprocess.Popen(
        [PYTHON, "manage.py", "db_worker", "--interval", "0.2", "--no-reload", "--no-startup-delay"], env=env, cwd=ROOT
    )
    try:
        time.sleep(3)  # the worker and the SMTP server start
        assert settings.TASKS["default"]["BACKEND"].endswith("DatabaseBackend"), (
            "the bench needs the database task backend"
        )
        queued = time.perf_counter()
        sending.issue_send(issue=issue, to_contacts=False, to_subscribers=True)
        first_sent = None
        marks: dict[int, tuple[float, int, int]] = {}
        while True:
            time.sleep(0.25)
            sent = Delivery.objects.filter(issue=issue, status=Delivery.Status.SENT).count()
            if sent and first_sent is None:
                first_sent = time.perf_counter()
            for mark in MARKS:
                if mark <= total and sent >= mark and mark not in marks:
                    marks[mark] = (time.perf_counter() - queued, *memory(worker.pid))
            state = Issue.objects.filter(pk=issue.pk).values_list("status", flat=True).get()
            if state == Issue.Status.SENT:
                break
            if worker.poll() is not None:
                raise SystemExit("The task worker stopped")
        finished = time.perf_counter()
        rss, peak = memory(worker.pid)
    finally:
        worker.send_signal(signal.SIGTERM)
        worker.wait(timeout=30)
        counter.send_signal(signal.SIGTERM)
        counter.wait(timeout=30)
    received = int(count_file.read_text() or 0)
    counts = sending.delivery_counts(issue)
    elapsed = finished - queued
    sending_time = finished - (first_sent or queued)
    print(f"database: {connection.settings_dict['NAME']}  load: {Path('/proc/loadavg').read_text().strip()}")
    print(
        f"issue to {total:,} subscribers: sent {counts['sent']:,}, refused {counts['bounced']:,}, "
        f"received by the SMTP server {received:,}"
    )
    print(
        f"{elapsed:.1f} s from queueing to the last email: {counts['sent'] / elapsed:.0f} emails/s "
        f"({counts['sent'] / sending_time:.0f} emails/s once sending started); target ≥ {TARGET}: "
        f"{'meets' if counts['sent'] / elapsed >= TARGET else 'MISSES'}"
    )
    print("worker memory as the emails went (RSS now / peak so far):")
    for mark, (at, rss_then, peak_then) in sorted(marks.items()):
        print(f"  {mark:>7,} sent at {at:6.1f} s: RSS {rss_then} MiB / peak {peak_then} MiB")
    print(f"  finished: RSS {rss} MiB / peak {peak} MiB")
    assert received == counts["sent"], "the SMTP server did not receive every email sent"


if __name__ == "__main__":
    main()
