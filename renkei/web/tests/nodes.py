"""Real processes for the several-machines tests: gunicorn web nodes, Debian's redis-server and
PostgreSQL, and a browser that keeps its cookies whichever node answers."""

import glob
import http.cookiejar
import os
import pwd
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import psycopg
from django.conf import settings

ROOT = Path(settings.BASE_DIR)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=10)
            return
        except OSError:  # refused, reset or timed out while the node starts
            time.sleep(0.2)
    raise AssertionError(f"{url} did not answer in {seconds} s")


def node_environment(*, database_url: str, cache_url: str, static_root: Path) -> dict:
    """The production settings of a node, with plain http between the test and the node."""
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "CACHE_URL": cache_url,
        "DEBUG": "0",
        "RENKEI_HTTPS": "0",
        "STATIC_ROOT": str(static_root),
        "SECRET_KEY": "renkei-several-nodes-test",
        "DJANGO_SETTINGS_MODULE": "renkei.settings",
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
    }


def collect_static(environment: dict) -> None:
    """Production serves the collected, hashed static files."""
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"], cwd=ROOT, env=environment, check=True
    )


def start_node(environment: dict) -> tuple[subprocess.Popen, str]:
    """One gunicorn web node with one worker; returns the process and its base address once it answers."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "renkei.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1",
         "--no-control-socket"],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    return process, f"http://127.0.0.1:{port}"


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    process.wait(20)


class RedisServer:
    """Debian's redis-server on a port of its own, without persistence, as a restart loses it all."""

    def __init__(self, directory):
        self.directory = directory
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/1"
        self.process: subprocess.Popen | None = None

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
        stop(self.process)


def postgres_binaries() -> Path | None:
    """The newest of Debian's PostgreSQL versions installed, as scripts/postgres.sh picks it."""
    found = [Path(path) for path in glob.glob("/usr/lib/postgresql/*/bin") if Path(path, "pg_ctl").exists()]
    if not found:
        return None
    return max(found, key=lambda path: [int(part) for part in re.findall(r"\d+", path.parent.name)])


def _postgres_user() -> str | None:
    try:
        return pwd.getpwnam("postgres").pw_name
    except KeyError:
        return None


def postgres_runnable() -> bool:
    """PostgreSQL refuses to run as root: root runs it as Debian's postgres user."""
    return postgres_binaries() is not None and (os.getuid() != 0 or _postgres_user() is not None)


class PostgresServer:
    """A throw-away PostgreSQL cluster of its own (user and password "renkei"), to stop and start at will.

    The cluster lives in a fresh directory under /tmp, which Debian's postgres user can reach when
    the tests run as root, and is deleted by ``remove``.
    """

    def __init__(self):
        self.bin = postgres_binaries()
        self.directory = Path(tempfile.mkdtemp(prefix="renkei-postgres-"))
        self.data = self.directory / "data"
        self.port = free_port()
        self.server_url = f"postgres://renkei:renkei@127.0.0.1:{self.port}"
        self.url = f"{self.server_url}/renkei"
        self.run_as: list[str] = []
        if os.getuid() == 0:
            shutil.chown(self.directory, user="postgres")
            self.run_as = ["runuser", "-u", "postgres", "--", "env", "-C", "/"]

    def _run(self, *command: str) -> None:
        subprocess.run([*self.run_as, *command], check=True, stdout=subprocess.DEVNULL)

    def create(self) -> None:
        """initdb, start, and create the database "renkei"."""
        password = self.directory / "password"
        self._run("sh", "-c", f"echo renkei > {password}")
        self._run(
            str(self.bin / "initdb"), "-D", str(self.data), "-U", "renkei", f"--pwfile={password}",
            "-A", "scram-sha-256", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync",
        )  # fmt: skip
        self.start()
        with psycopg.connect(f"{self.server_url}/postgres", autocommit=True) as connection:
            connection.execute("CREATE DATABASE renkei")

    def start(self) -> None:
        options = (
            f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1"
            " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        self._run(
            str(self.bin / "pg_ctl"), "-D", str(self.data), "-l", str(self.directory / "server.log"), "-w",
            "-o", options, "start",
        )  # fmt: skip

    def stop(self) -> None:
        """A fast shutdown: open transactions are rolled back and their connections cut."""
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop")

    def connect(self) -> psycopg.Connection:
        return psycopg.connect(self.url, autocommit=True)

    def remove(self) -> None:
        subprocess.run(
            [*self.run_as, str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        shutil.rmtree(self.directory, ignore_errors=True)


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
        """Send a form with the CSRF token of ``form_page``; returns the status and where it redirects."""
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form_page).group(1)
        body = urllib.parse.urlencode({"csrfmiddlewaretoken": token, **data}).encode()
        request = urllib.request.Request(url, data=body, headers={"Referer": url})
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.headers.get("Location", "")
        except urllib.error.HTTPError as error:
            return error.code, error.headers.get("Location", "")

    def log_in(self, base: str, email: str, password: str) -> None:
        status, page = self.get(base + "/accounts/login/")
        assert status == 200
        status, location = self.post(base + "/accounts/login/", page, {"login": email, "password": password})
        assert status == 302, status


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None
