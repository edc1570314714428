"""A task worker killed with SIGKILL in the middle of sending loses no email and sends none twice.

Real worker processes (`manage.py db_worker`) send over real SMTP (aiosmtpd in this process) from
a database file they share with the test: the test database itself on PostgreSQL, a copy of it
in a SQLite file otherwise. The mail server kills the worker while it waits for the answer to an
email, so that email was not accepted; a second worker takes the dead one's work back once the
lease (RENKEI_CLAIM_LEASE, two seconds here) lapsed, and every recipient counts one email.
"""

import os
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from collections import defaultdict
from contextlib import contextmanager
from email import message_from_bytes
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from renkei.board.models import Post
from renkei.board.services import categories_create_defaults
from renkei.board.tasks import fan_out_post
from renkei.news import sending
from renkei.news.models import Article, Delivery, Issue, Subscriber
from renkei.news.services import article_create, issue_create
from renkei.notifications.models import Delivery as Via
from renkei.notifications.models import Follow, Kind, Notification, Preference
from renkei.testing import build_world

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(settings.BASE_DIR)
LEASE = 2
ON_DATABASE_TASKS = override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})


class MailServer:
    """Keeps what it accepted; at the ``kill_at``-th email it kills ``victim`` instead of accepting it.

    Until ``reopen``, it refuses what still arrives from the victim's other connections: the
    victim died before those emails were accepted.
    """

    def __init__(self):
        self.received: list[tuple[str, str]] = []
        self.lock = threading.Lock()
        self.kill_at: int | None = None
        self.victim: subprocess.Popen | None = None
        self.closed = False

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            if self.victim is not None and len(self.received) >= (self.kill_at or 0):
                self.victim.send_signal(signal.SIGKILL)
                self.victim.wait()
                self.victim, self.closed = None, True
            if self.closed:
                return "451 4.3.0 Try again later"
            message_id = message_from_bytes(envelope.content)["Message-ID"]
            self.received += [(recipient, message_id) for recipient in envelope.rcpt_tos]
        return "250 OK"

    def reopen(self) -> None:
        with self.lock:
            self.closed = False

    def count(self) -> int:
        with self.lock:
            return len(self.received)

    def by_recipient(self) -> dict[str, list[str]]:
        copies = defaultdict(list)
        for recipient, message_id in self.received:
            copies[recipient].append(message_id)
        return copies


@pytest.fixture
def mail_server():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = MailServer()
    controller = Controller(server, hostname="127.0.0.1", port=port)
    controller.start()
    server.port = port
    yield server
    controller.stop()


class Database:
    """The database the worker processes use: the test's own on PostgreSQL, a file copy of it on SQLite."""

    def __init__(self, directory: Path):
        self.file = directory / "renkei.sqlite3"
        self.sqlite = connection.vendor == "sqlite"

    def url(self) -> str:
        if self.sqlite:
            return f"sqlite:///{self.file}"
        db = connection.settings_dict
        return f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"

    def hand_over(self) -> None:
        """Give the workers what the test wrote (SQLite's test database lives in this process's memory)."""
        if self.sqlite:
            connection.ensure_connection()
            with sqlite3.connect(self.file) as copy:
                connection.connection.backup(copy)

    def take_back(self) -> None:
        """See what the workers wrote."""
        if self.sqlite:
            connection.ensure_connection()
            with sqlite3.connect(self.file) as copy:
                copy.backup(connection.connection)


@pytest.fixture
def database(tmp_path):
    return Database(tmp_path)


def _environment(database: Database, mail_server: MailServer) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "renkei.settings",
        "SECRET_KEY": "renkei-worker-crash-test",
        "DEBUG": "0",
        "RENKEI_HTTPS": "0",
        "DATABASE_URL": database.url(),
        "CONN_MAX_AGE": "0",
        "CACHE_URL": "locmemcache://",
        "EMAIL_URL": f"smtp://127.0.0.1:{mail_server.port}",
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "RENKEI_CLAIM_LEASE": str(LEASE),
        "LOG_LEVEL": "ERROR",
    }


def _worker(environment: dict, name: str) -> subprocess.Popen:
    command = [sys.executable, "manage.py", "db_worker", "--no-reload", "--no-startup-delay", "--interval", "0.2"]
    return subprocess.Popen(
        [*command, "--worker-id", name, "-v", "0"], cwd=ROOT, env=environment, stdout=subprocess.DEVNULL
    )


def _manage(environment: dict, *args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=environment, check=True, capture_output=True)


def _wait_until(condition, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: not within {seconds} s")
        time.sleep(0.05)


def _settled(mail_server: MailServer, expected: int) -> None:
    """Every expected email arrived, and nothing more comes for a moment (a second copy would)."""
    _wait_until(lambda: len(mail_server.by_recipient()) >= expected, 90, f"{expected} recipients")
    last = -1
    while mail_server.count() != last:
        last = mail_server.count()
        time.sleep(LEASE)


@contextmanager
def _killed_then_recovered(database: Database, mail_server: MailServer, *, kill_at: int, then: tuple[str, ...]):
    """Run a worker until the mail server kills it at its ``kill_at``-th email; run another, let
    the lease lapse and run the management command ``then``; stop the second worker on exit."""
    environment = _environment(database, mail_server)
    database.hand_over()
    first = _worker(environment, "crash-first")
    mail_server.kill_at, mail_server.victim = kill_at, first
    try:
        _wait_until(lambda: first.poll() is not None, 90, "the worker killed in the middle")
    finally:
        if first.poll() is None:
            first.kill()
    assert first.returncode == -signal.SIGKILL
    assert mail_server.count() == kill_at
    mail_server.reopen()
    second = _worker(environment, "crash-second")
    try:
        time.sleep(LEASE + 1)
        _manage(environment, *then)
        yield
    finally:
        second.send_signal(signal.SIGTERM)
        second.wait(30)
        database.take_back()


def _each_once(mail_server: MailServer, recipients: list[str], *, in_flight: int = 0) -> None:
    """Every recipient got one email; at most ``in_flight`` got a second copy of it, with its Message-ID.

    A copy is what a worker killed between the server's acceptance of an email and its record
    leaves behind: one per connection it was sending over, besides the one the kill stopped.
    """
    copies = mail_server.by_recipient()
    assert sorted(copies) == sorted(recipients)
    assert all(len(set(ids)) == 1 for ids in copies.values()), "a recipient got two different emails"
    twice = {recipient: ids for recipient, ids in copies.items() if len(ids) != 1}
    assert len(twice) <= in_flight, f"{len(twice)} recipients got more than one email: {list(twice.items())[:3]}"
    assert all(len(ids) == 2 for ids in twice.values())


def test_a_newsletter_of_1500_loses_no_email_and_sends_none_twice_when_its_worker_is_killed(database, mail_server):
    world = build_world()
    article = article_create(
        network=world.network,
        author=world.secretariat,
        kind=Article.Kind.NOTICE,
        title_ja="お知らせ",
        body_ja="本文です。",
        visibility=Article.Visibility.PUBLIC,
    )
    issue = issue_create(network=world.network, author=world.secretariat, title_ja="12月号", articles=[article])
    recipients = [f"reader{n:04d}@example.jp" for n in range(1500)]
    Subscriber.objects.bulk_create(
        Subscriber(network=world.network, email=email, status=Subscriber.Status.CONFIRMED) for email in recipients
    )
    with ON_DATABASE_TASKS:
        sending.issue_send(issue=issue, to_contacts=False, to_subscribers=True)

    with _killed_then_recovered(database, mail_server, kill_at=700, then=("news_resume",)):
        _settled(mail_server, len(recipients))

    _each_once(mail_server, recipients)
    issue.refresh_from_db()
    assert issue.status == Issue.Status.SENT
    assert Delivery.objects.filter(issue=issue, status=Delivery.Status.SENT).count() == 1500
    assert not DBTaskResult.objects.running().exists()


def test_a_fan_out_to_1000_followers_loses_no_email_and_sends_none_twice_when_its_worker_is_killed(
    database, mail_server
):
    world = build_world()
    users = get_user_model().objects.bulk_create(
        get_user_model()(email=f"follower{n:04d}@example.jp", name=f"フォロワー{n}", password="!") for n in range(1000)
    )
    Follow.objects.bulk_create(Follow(user=user, network=world.network) for user in users)
    Preference.objects.bulk_create(
        Preference(user=user, kind=Kind.FOLLOWED_POST, delivery=Via.IMMEDIATE) for user in users
    )
    post = Post.objects.create(
        network=world.network,
        category=categories_create_defaults(world.network)[0],
        author=world.alice,
        author_organisation=world.alice_org,
        title="観光イベントへの参加募集",
        body="本文",
        visibility=Post.Visibility.SIGNED_IN,
    )
    with ON_DATABASE_TASKS:
        fan_out_post.enqueue(post_id=post.pk)

    with _killed_then_recovered(database, mail_server, kill_at=402, then=("send_digests",)):
        _settled(mail_server, len(users))

    # Four connections (NOTIFICATION_EMAIL_CONNECTIONS): the three not stopped by the kill may each
    # have had an email accepted and not yet recorded.
    _each_once(mail_server, [user.email for user in users], in_flight=3)
    assert Notification.objects.filter(emailed_at=None).count() == 0
    assert Notification.objects.count() == 1000
    assert not DBTaskResult.objects.running().exists()
    assert DBTaskResult.objects.exclude(status="SUCCESSFUL").count() == 0
