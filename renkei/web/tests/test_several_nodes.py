"""Renkei on several machines: two web nodes and two task workers, each a process with its own
memory, sharing PostgreSQL and Redis as production does.

What one node changes, the other sees on its next request: kept pages and access decisions are
keyed by generations in Redis. Runs on PostgreSQL (the suite's second pass), where the test
database can be shared with other processes.
"""

import http.cookiejar
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test import override_settings

from renkei.board.models import Post
from renkei.board.services import categories_create_defaults, post_create, post_hide
from renkei.networks.models import Membership
from renkei.testing import PASSWORD, build_world

ROOT = Path(settings.BASE_DIR)
STATIC_ROOT = ROOT / "var" / "static-nodes"
pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith("postgres"),
        reason="several processes share the test database on PostgreSQL only",
    ),
    pytest.mark.skipif(shutil.which("redis-server") is None, reason="needs Debian's redis-server"),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=10)
            return
        except OSError:  # refused, reset or timed out while the node starts
            time.sleep(0.2)
    raise AssertionError(f"{url} did not answer in {seconds} s")


class RedisServer:
    """Debian's redis-server on a port of its own, without persistence, as a restart loses it all."""

    def __init__(self, directory):
        self.directory = directory
        self.port = _free_port()
        self.url = f"redis://127.0.0.1:{self.port}/1"
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            ["redis-server", "--bind", "127.0.0.1", "--port", str(self.port), "--save", "", "--appendonly", "no"],
            cwd=self.directory,
            stdout=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", self.port)) == 0:
                    return
            time.sleep(0.05)
        raise AssertionError("redis-server did not start")

    def stop(self):
        self.process.terminate()
        self.process.wait(10)


@pytest.fixture(scope="module")
def redis_server(tmp_path_factory):
    server = RedisServer(tmp_path_factory.mktemp("redis"))
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def redis_url(redis_server):
    return redis_server.url


def _environment(redis_url: str) -> dict:
    database = connection.settings_dict
    return {
        **os.environ,
        "DATABASE_URL": (
            f"postgres://{database['USER']}:{database['PASSWORD']}@{database['HOST']}:{database['PORT']}/"
            f"{database['NAME']}"
        ),
        "CACHE_URL": redis_url.replace("redis://", "rediscache://"),
        "CONN_MAX_AGE": "0",
        "DEBUG": "0",
        "RENKEI_HTTPS": "0",  # plain http between the test and the nodes
        "STATIC_ROOT": str(STATIC_ROOT),
        "SECRET_KEY": "renkei-several-nodes-test",
        "DJANGO_SETTINGS_MODULE": "renkei.settings",
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
    }


@pytest.fixture(scope="module")
def nodes(redis_url, django_db_setup, django_db_blocker):
    """Two gunicorn web nodes; yields their base addresses."""
    with django_db_blocker.unblock():
        environment = _environment(redis_url)
    # Production serves the collected, hashed static files.
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"], cwd=ROOT, env=environment, check=True
    )
    ports = [_free_port(), _free_port()]
    processes = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "renkei.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "1",
                "--no-control-socket",
            ],
            cwd=ROOT,
            env=environment,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        for port in ports
    ]
    bases = [f"http://127.0.0.1:{port}" for port in ports]
    try:
        for base in bases:
            _wait_for(base + "/healthz")
        yield bases
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(20)


@pytest.fixture
def shared_cache(redis_url):
    """This process writes through the same Redis as the nodes, so its signals reach them."""
    caches = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": redis_url},
        "fragments": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    }
    with override_settings(CACHES=caches):
        from django.core.cache import cache

        cache.clear()
        yield


class Browser:
    """A person's browser: one cookie jar, whichever node answers."""

    def __init__(self):
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), _NoRedirect()
        )

    def get(self, url: str) -> tuple[int, str]:
        try:
            with self.opener.open(url, timeout=30) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def post(self, url: str, form_page: str, data: dict) -> tuple[int, str]:
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form_page).group(1)
        body = urllib.parse.urlencode({"csrfmiddlewaretoken": token, **data}).encode()
        request = urllib.request.Request(url, data=body, headers={"Referer": url})
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.headers.get("Location", "")
        except urllib.error.HTTPError as error:
            return error.code, error.headers.get("Location", "")

    def sign_in(self, base: str, user) -> None:
        # The nodes run the production settings, whose hashers do not read the tests' fast one.
        with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.PBKDF2PasswordHasher"]):
            user.set_password(PASSWORD)
            user.save(update_fields=["password"])
        status, page = self.get(base + "/accounts/login/")
        assert status == 200
        status, location = self.post(base + "/accounts/login/", page, {"login": user.email, "password": PASSWORD})
        assert status == 302, status


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def test_a_session_signed_in_on_one_node_works_on_the_other(nodes, shared_cache):
    world = build_world()
    a, b = nodes
    alice = Browser()
    alice.sign_in(a, world.alice)
    directory = f"/networks/{world.network.slug}/directory/"
    status, page = alice.get(b + directory)
    assert status == 200
    assert "南砺市" in page


def test_a_second_factor_given_on_one_node_holds_on_the_other(nodes, shared_cache):
    from allauth.mfa.totp.internal.auth import (
        TOTP,
        format_hotp_value,
        generate_totp_secret,
        hotp_value,
        yield_hotp_counters_from_time,
    )

    world = build_world()
    secret = generate_totp_secret()
    TOTP.activate(world.secretariat, secret)
    a, b = nodes
    secretariat = Browser()
    secretariat.sign_in(a, world.secretariat)
    status, page = secretariat.get(a + "/accounts/2fa/authenticate/")
    assert status == 200
    code = format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))
    status, _ = secretariat.post(a + "/accounts/2fa/authenticate/", page, {"code": code})
    assert status == 302
    status, page = secretariat.get(b + f"/networks/{world.network.slug}/manage/")
    assert status == 200


def test_what_one_node_changes_the_other_shows_at_once(nodes, shared_cache):
    world = build_world()
    a, b = nodes
    alice = Browser()
    alice.sign_in(a, world.alice)
    directory = f"/networks/{world.network.slug}/directory/"
    assert alice.get(b + directory)[0] == 200  # kept on node B, with Alice's audience
    board = f"/networks/{world.network.slug}/board/"
    assert alice.get(b + board)[0] == 200  # the board list kept on node B
    post = post_create(
        network=world.network,
        author=world.bob,
        author_organisation=world.bob_org,
        category=categories_create_defaults(world.network)[0],
        title="二つ目のノードでも見える投稿",
        body="本文",
        visibility=Post.Visibility.MEMBERS,
    )
    assert post.title in alice.get(b + board)[1]
    post_hide(post=post, hidden=True)
    assert post.title not in alice.get(b + board)[1]
    membership = Membership.objects.get(network=world.network, organisation=world.alice_org)
    membership.status = Membership.Status.WITHDRAWN
    membership.save()
    assert alice.get(b + directory)[0] == 403
    assert alice.get(a + directory)[0] == 403


def test_a_task_enqueued_once_runs_once_with_two_workers(redis_url, shared_cache, tmp_path):
    from renkei.web.tests.node_tasks import note

    notes = tmp_path / "notes.txt"
    environment = _environment(redis_url)
    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}):
        for number in range(60):
            note.enqueue(str(notes), number)
    workers = [
        subprocess.Popen(
            [sys.executable, "manage.py", "db_worker", "--interval", "0.1"],
            cwd=ROOT,
            env=environment,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        for _ in range(2)
    ]
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if notes.exists() and len(notes.read_text().split()) >= 60:
                break
            time.sleep(0.2)
        time.sleep(1)  # a task run twice would show by now
    finally:
        for worker in workers:
            worker.send_signal(signal.SIGTERM)
        for worker in workers:
            worker.wait(20)
    runs = sorted(int(line) for line in notes.read_text().split())
    assert runs == list(range(60))


def test_a_redis_restart_loses_no_write_and_leaves_no_stale_page(nodes, redis_server, shared_cache):
    world = build_world()
    a, b = nodes
    alice = Browser()
    alice.sign_in(a, world.alice)
    board = f"/networks/{world.network.slug}/board/"
    category = categories_create_defaults(world.network)[0]
    assert alice.get(b + board)[0] == 200  # kept on node B
    redis_server.stop()
    try:
        status, page = alice.get(b + board)
        assert status == 503  # a clean refusal, not a page drawn without its generations
        assert "nothing you sent was saved" in page
        with pytest.raises(Exception, match="(?i)connect"):
            post_create(
                network=world.network,
                author=world.bob,
                author_organisation=world.bob_org,
                category=category,
                title="キャッシュ停止中の投稿",
                body="本文",
                visibility=Post.Visibility.MEMBERS,
            )
        assert not Post.objects.filter(title="キャッシュ停止中の投稿").exists()  # nothing half-written
    finally:
        redis_server.start()
    post = post_create(
        network=world.network,
        author=world.bob,
        author_organisation=world.bob_org,
        category=category,
        title="再開後の投稿",
        body="本文",
        visibility=Post.Visibility.MEMBERS,
    )
    status, page = alice.get(b + board)  # still signed in: sessions are written through to the database
    assert status == 200
    assert post.title in page
