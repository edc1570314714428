"""Renkei on several machines: two web nodes and two task workers, each a process with its own
memory, sharing PostgreSQL and Redis as production does.

What one node changes, the other sees on its next request: kept pages and access decisions are
keyed by generations in Redis. While PostgreSQL or Redis is down, requests get a clean 503 and
nothing half-written stays; once it is back, the same browser carries on. Runs on PostgreSQL (the
suite's second pass), where the test database can be shared with other processes.
"""

import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time

import pytest
from django.db import connection
from django.test import override_settings

from renkei.board.models import Post
from renkei.board.services import categories_create_defaults, post_create
from renkei.networks.models import Membership
from renkei.organisations.models import Staff
from renkei.testing import PASSWORD, UserFactory, build_world
from renkei.web.tests.nodes import (
    ROOT,
    Browser,
    PostgresServer,
    RedisServer,
    collect_static,
    node_environment,
    postgres_runnable,
    start_node,
    stop,
    wait_for,
)

STATIC_ROOT = ROOT / "var" / "static-nodes"
pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith("postgres"),
        reason="several processes share the test database on PostgreSQL only",
    ),
    pytest.mark.skipif(shutil.which("redis-server") is None, reason="needs Debian's redis-server"),
]


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
    return node_environment(
        database_url=(
            f"postgres://{database['USER']}:{database['PASSWORD']}@{database['HOST']}:{database['PORT']}/"
            f"{database['NAME']}"
        ),
        cache_url=redis_url.replace("redis://", "rediscache://"),
        static_root=STATIC_ROOT,
    ) | {"CONN_MAX_AGE": "0"}  # no connection outlives a request: the test database is dropped at the end


@pytest.fixture(scope="module")
def static_files(redis_url, django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        collect_static(_environment(redis_url))


@pytest.fixture(scope="module")
def nodes(redis_url, static_files, django_db_setup, django_db_blocker):
    """Two gunicorn web nodes; yields their base addresses."""
    with django_db_blocker.unblock():
        environment = _environment(redis_url)
    started = [start_node(environment) for _ in range(2)]
    bases = [base for _, base in started]
    try:
        for base in bases:
            wait_for(base + "/healthz")
        yield bases
    finally:
        for process, _ in started:
            stop(process)


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


def _sign_in(browser: Browser, base: str, user) -> None:
    # The nodes run the production settings, whose hashers do not read the tests' fast one.
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.PBKDF2PasswordHasher"]):
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])
    browser.log_in(base, user.email, PASSWORD)


def _sign_in_with_second_factor(browser: Browser, base: str, user) -> None:
    from allauth.mfa.totp.internal.auth import (
        TOTP,
        format_hotp_value,
        generate_totp_secret,
        hotp_value,
        yield_hotp_counters_from_time,
    )

    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    _sign_in(browser, base, user)
    status, page = browser.get(base + "/accounts/2fa/authenticate/")
    assert status == 200
    code = format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))
    status, _ = browser.post(base + "/accounts/2fa/authenticate/", page, {"code": code})
    assert status == 302


def test_a_session_signed_in_on_one_node_works_on_the_other(nodes, shared_cache):
    world = build_world()
    a, b = nodes
    alice = Browser()
    _sign_in(alice, a, world.alice)
    directory = f"/networks/{world.network.slug}/directory/"
    status, page = alice.get(b + directory)
    assert status == 200
    assert "南砺市" in page


def test_a_second_factor_given_on_one_node_holds_on_the_other(nodes, shared_cache):
    world = build_world()
    a, b = nodes
    secretariat = Browser()
    _sign_in_with_second_factor(secretariat, a, world.secretariat)
    status, page = secretariat.get(b + f"/networks/{world.network.slug}/manage/")
    assert status == 200


def _page(browser: Browser, url: str) -> str:
    status, page = browser.get(url)
    assert status == 200, (url, status)
    return page


def test_what_one_node_changes_the_other_shows_at_once(nodes, shared_cache):
    """Each change goes through node A's forms; node B's kept pages and access decisions follow at once."""
    world = build_world()
    category = categories_create_defaults(world.network)[0]
    colleague = UserFactory(email="colleague@example.jp", name="松原 同僚")
    Staff.objects.create(user=colleague, organisation=world.alice_org, role=Staff.Role.ADMIN)
    a, b = nodes
    alice, bob, alices_colleague, secretariat = Browser(), Browser(), Browser(), Browser()
    _sign_in(alice, a, world.alice)
    _sign_in(bob, a, world.bob)
    _sign_in(alices_colleague, a, colleague)
    _sign_in_with_second_factor(secretariat, a, world.secretariat)
    directory = f"/networks/{world.network.slug}/directory/"
    board = f"/networks/{world.network.slug}/board/"
    for person in (alice, bob):
        assert person.get(b + directory)[0] == 200  # kept on node B, with each one's audience
    title = "二つ目のノードでも見える投稿"
    assert title not in _page(alice, b + board)  # the board list kept on node B

    new = board + "new/"
    fields = {"category": category.pk, "title": title, "body": "本文", "visibility": Post.Visibility.MEMBERS}
    status, post = bob.post(a + new, _page(bob, a + new), fields)
    assert status == 302, status
    assert title in _page(alice, b + board)
    page = _page(alice, b + post)  # the post page kept on node B

    status, _ = alice.post(a + post + "reply/", page, {"body": "ノードAから返信します"})
    assert status == 302, status
    assert "ノードAから返信します" in _page(alice, b + post)

    status, _ = secretariat.post(a + post + "hide/", _page(secretariat, a + post), {"state": "on"})
    assert status == 302, status
    assert title not in _page(alice, b + board)

    membership = Membership.objects.get(network=world.network, organisation=world.bob_org)
    edit = f"/networks/{world.network.slug}/manage/members/{membership.pk}/"
    withdrawn = {"status": Membership.Status.WITHDRAWN, "tier": membership.tier_id, "joined_on": "", "left_on": ""}
    status, _ = secretariat.post(a + edit, _page(secretariat, a + edit), withdrawn)
    assert status == 302, status
    assert bob.get(b + directory)[0] == 403

    # Alice's colleague, an administrator of 松原市 too, removes her from its staff and takes over her contacts.
    alice_staff = Staff.objects.get(user=world.alice, organisation=world.alice_org)
    removal = f"/organisations/{world.alice_org.pk}/staff/{alice_staff.pk}/remove/"
    status, _ = alices_colleague.post(a + removal, _page(alices_colleague, a + removal), {"to_user": colleague.pk})
    assert status == 302, status
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
    _sign_in(alice, a, world.alice)
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


@pytest.fixture
def own_postgres():
    """A PostgreSQL cluster of the test's own, as the shared one must keep running."""
    if not postgres_runnable():
        pytest.skip("needs Debian's PostgreSQL binaries (and its postgres user when run as root)")
    server = PostgresServer()
    try:
        server.create()
        yield server
    finally:
        server.remove()


# Run by a node's settings against the test's own cluster: the schema, the registry, the personas.
MAKE_WORLD = """
import json

import django

django.setup()
from django.core.management import call_command

from renkei.board.services import categories_create_defaults
from renkei.registry.loading import load_registry
from renkei.testing import build_world

call_command("migrate", verbosity=0)
load_registry()
world = build_world()
category = categories_create_defaults(world.network)[0]
print(json.dumps({"slug": world.network.slug, "category": category.pk, "email": world.alice.email}))
"""


def _until(condition, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def _board_rows(server: PostgresServer) -> dict:
    with server.connect() as database:
        return {
            table: database.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("board_post", "board_post_themes", "board_attachment", "board_postrevision")
        } | {
            "search entries": database.execute(
                "SELECT count(*) FROM search_searchentry entry"
                " JOIN django_content_type type ON type.id = entry.content_type_id WHERE type.app_label = 'board'"
            ).fetchone()[0]
        }


def test_a_postgresql_restart_fails_requests_cleanly_and_leaves_nothing_half_written(
    own_postgres, static_files, tmp_path
):
    environment = node_environment(
        database_url=own_postgres.url,
        cache_url=f"filecache://{tmp_path / 'cache'}",
        static_root=STATIC_ROOT,
    )  # with production's lasting connections, checked before each request's first query
    made = subprocess.run(
        [sys.executable, "-c", MAKE_WORLD], cwd=ROOT, env=environment, check=True, capture_output=True, text=True
    )
    world = json.loads(made.stdout.splitlines()[-1])
    node, base = start_node(environment)
    try:
        wait_for(base + "/healthz")
        alice = Browser()
        alice.log_in(base, world["email"], PASSWORD)
        board = f"/networks/{world['slug']}/board/"
        new = board + "new/"
        assert alice.get(base + board)[0] == 200
        form = _page(alice, base + new)
        fields = {"category": world["category"], "body": "本文", "visibility": Post.Visibility.MEMBERS}

        # A post cut off inside its transaction: its row is written, its search entry waits on a lock
        # when PostgreSQL shuts down.
        holder = own_postgres.connect()
        holder.execute("BEGIN")
        holder.execute("LOCK TABLE search_searchentry IN SHARE MODE")
        answers = {}
        sending = threading.Thread(
            target=lambda: answers.update(cut=alice.post(base + new, form, {**fields, "title": "停止で途切れた投稿"}))
        )
        sending.start()
        with own_postgres.connect() as watcher:
            waiting = (
                "SELECT pid FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%search_searchentry%'"
            )
            _until(lambda: watcher.execute(waiting).fetchone() is not None)
            (pid,) = watcher.execute(waiting).fetchone()
            wrote_post = (
                "SELECT 1 FROM pg_locks JOIN pg_class ON pg_class.oid = pg_locks.relation"
                " WHERE pg_locks.pid = %s AND relname = 'board_post' AND mode = 'RowExclusiveLock'"
            )
            assert watcher.execute(wrote_post, [pid]).fetchone() is not None
        own_postgres.stop()
        sending.join(30)
        holder.close()
        assert answers["cut"][0] == 503

        # While PostgreSQL is down: a page and a post both get the clean 503.
        status, page = alice.get(base + board)
        assert status == 503
        assert "nothing you sent was saved" in page
        assert alice.post(base + new, form, {**fields, "title": "停止中の投稿"})[0] == 503

        own_postgres.start()
        assert set(_board_rows(own_postgres).values()) == {0}  # neither post nor any row of it

        # The same browser carries on: still signed in, and a new post is saved whole.
        assert alice.get(base + board)[0] == 200
        status, post = alice.post(base + new, _page(alice, base + new), {**fields, "title": "再開後の投稿"})
        assert status == 302, status
        assert "再開後の投稿" in _page(alice, base + post)
        rows = _board_rows(own_postgres)
        assert (rows["board_post"], rows["search entries"]) == (1, 1)
    finally:
        stop(node)
