"""Every page carries a Content-Security-Policy and a Permissions-Policy; with DEBUG off, https only.

Pages had neither policy, production had no HSTS, no https redirect and cookies sent over plain
http unless SECURE_COOKIES=1 (which the README did not mention), and `check --deploy` warned.
Production settings are read in a separate process, as a server starts with its environment.
"""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.http import HttpResponse
from django.template import engines
from django.utils import translation

from renkei.testing import build_world, login_with_second_factor

ROOT = Path(__file__).resolve().parent.parent
HOST = "renkei.example.jp"


def _directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    return {name: values for name, *values in (part.split() for part in policy.split(";") if part.strip())}


# --- Content-Security-Policy and Permissions-Policy ----------------------------------------------


@pytest.fixture
def world(db):
    with translation.override("ja"):
        return build_world()


PAGES = ["/", "/en/", "/networks/alliance/", "/local-governments/", "/events/", "/accounts/login/", "/api/v1/docs"]


@pytest.mark.parametrize("path", PAGES)
def test_pages_allow_only_the_sites_own_scripts_and_inline_ones_with_the_nonce(client, world, path):
    response = client.get(path)
    assert response.status_code == 200
    directives = _directives(response)
    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"][0] == "'self'"
    assert "'unsafe-inline'" not in directives["script-src"] and "'unsafe-eval'" not in directives["script-src"]
    assert directives["object-src"] == ["'none'"] and directives["frame-ancestors"] == ["'none'"]
    # Nothing from other hosts: every source is the site itself (or a QR code drawn as data: in img-src).
    sources = {value for values in directives.values() for value in values}
    assert not {value for value in sources if not value.startswith("'") and value != "data:"}
    for tag in re.findall(r"<script\b[^>]*>", response.content.decode()):
        assert "src=" in tag or "nonce=" in tag or 'type="application/json"' in tag, tag


def test_a_signed_in_secretariat_page_and_the_admin_carry_the_policy(client, world):
    login_with_second_factor(client, world.secretariat)
    for path in ("/networks/alliance/manage/", "/accounts/profile/"):
        assert "script-src 'self'" in client.get(path)["Content-Security-Policy"]
    world.secretariat.is_staff = world.secretariat.is_superuser = True
    world.secretariat.save()
    assert "script-src 'self'" in client.get("/admin/organisations/contact/")["Content-Security-Policy"]


def test_an_inline_script_runs_only_with_the_nonce_of_its_own_response(rf):
    from csp.middleware import CSPMiddleware

    template = engines["django"].from_string('<script nonce="{{ request.csp_nonce }}">go()</script>')

    def view(request):
        return HttpResponse(template.render({}, request))

    first, second = (CSPMiddleware(view)(rf.get("/")) for _n in range(2))
    nonce = re.search(r'nonce="([^"]+)"', first.content.decode()).group(1)
    assert f"'nonce-{nonce}'" in _directives(first)["script-src"]
    assert f"'nonce-{nonce}'" not in _directives(second)["script-src"]


def test_pages_turn_off_the_browser_features_renkei_never_uses(client, world):
    policy = client.get("/")["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment", "usb", "browsing-topics"):
        assert f"{feature}=()" in policy


# --- https in production ------------------------------------------------------------------------

PROBE = """
import json
import django
django.setup()
from django.conf import settings
from django.test import Client
client = Client(HTTP_HOST="renkei.example.jp")
plain = client.get("/robots.txt")
secure = client.get("/robots.txt", secure=True)
balancer = client.get("/robots.txt", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_PROTO="https")
forged = client.get("/robots.txt", REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_PROTO="https")
print(json.dumps({
    "plain": [plain.status_code, plain.get("Location")],
    "hsts": secure.get("Strict-Transport-Security"),
    "balancer": balancer.status_code,
    "forged": forged.status_code,
    "health": client.get("/healthz").status_code,
    "cookies_secure": [settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE],
}))
"""


def _production_env(tmp_path, **overrides) -> dict[str, str]:
    """A production server's environment: DEBUG off, a real secret, its host and its balancer."""
    # Not the browser tests' DJANGO_ALLOW_ASYNC_UNSAFE, which production never sets.
    unset = ("DEBUG", "RENKEI_HTTPS", "SECURE_COOKIES", "DJANGO_ALLOW_ASYNC_UNSAFE")
    env = {key: value for key, value in os.environ.items() if key not in unset}
    env.update(
        DJANGO_SETTINGS_MODULE="renkei.settings",
        DEBUG="0",
        SECRET_KEY="x7Qm-production-like-secret-" + "k3Zp9Lw2Vt8Rn4Yb6Hc1Jd5Gf0" * 2,
        ALLOWED_HOSTS=HOST,
        CSRF_TRUSTED_ORIGINS=f"https://{HOST}",
        SITE_URL=f"https://{HOST}",
        RENKEI_TRUSTED_PROXIES="10.0.0.0/8",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        CACHE_URL="locmemcache://",
        STATIC_ROOT=str(tmp_path / "static"),
        MEDIA_ROOT=str(tmp_path / "media"),
    )
    env.update(overrides)
    return env


def _probe(env) -> dict:
    done = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_with_debug_off_the_site_is_https_only_unless_renkei_https_is_0(tmp_path):
    seen = _probe(_production_env(tmp_path))
    assert seen["plain"] == [301, f"https://{HOST}/robots.txt"]
    assert seen["hsts"] == "max-age=31536000; includeSubDomains; preload"
    assert seen["cookies_secure"] == [True, True]
    # The balancer says the visitor came over https; anyone else saying so is not believed.
    assert (seen["balancer"], seen["forged"]) == (200, 301)
    # The balancer asks each node over plain http whether it is healthy.
    assert seen["health"] == 200

    # A test machine without TLS in front.
    seen = _probe(_production_env(tmp_path, RENKEI_HTTPS="0"))
    assert seen["plain"] == [200, None]
    assert seen["hsts"] is None
    assert seen["cookies_secure"] == [False, False]


def test_check_deploy_reports_nothing(tmp_path):
    env = _production_env(tmp_path)
    done = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    output = done.stdout + done.stderr
    assert done.returncode == 0, output
    assert not re.search(r"\bW\d{3}\b", output), output
    assert "System check identified no issues" in output
