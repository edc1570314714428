"""Browser tests: Playwright driving Debian's Chromium against pytest-django's live server.

Every page a test opens is watched for requests to other hosts: they are aborted, recorded,
and fail the test at teardown, because Renkei's pages must load nothing from elsewhere
(members often sit inside closed networks). Whatever a page's Content-Security-Policy refuses
(an inline script without the nonce, a <style> element, an eval) fails the test too.

Tests are marked ``@pytest.mark.e2e``. The ``page`` fixture runs a test four times: desktop
(1280×800) and phone (390×844), Japanese and English (the ``screen`` fixture says which);
``page_at(screen)`` opens one more page. Helpers are in e2e/browser.py. Each xdist worker has
its own test database, live server and Chromium, so test files run in parallel.
"""

import os
import shutil
import subprocess

import pytest

# Playwright's sync API runs an event loop in this thread; Django would otherwise refuse the
# database calls that tests make between two browser steps.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from playwright.sync_api import Browser, Page, Route, expect, sync_playwright  # noqa: E402

from e2e.browser import AXE, BROWSER_INTERNAL, CHROMIUM, CHROMIUM_ARGS, ROOT, SCREENS, Screen, origin  # noqa: E402

expect.set_options(timeout=10_000)


def pytest_collection_modifyitems(items):
    # Everything under e2e/ is a browser test, marked or not, so `-m "not e2e"` leaves it out.
    for item in items:
        if item.nodeid.startswith("e2e/"):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser() -> Browser:
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: run scripts/system-deps.sh (apt-get install chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def axe_installed() -> None:
    if AXE.exists():
        return
    npm = shutil.which("npm")
    if npm is None:
        pytest.fail("node_modules/axe-core is missing and npm is not installed: run scripts/system-deps.sh")
    subprocess.run([npm, "ci", "--no-audit", "--no-fund", "--silent"], cwd=ROOT, check=True)


@pytest.fixture
def registry(transactional_db) -> None:
    """The registry, put back if a flush emptied it (loading takes 0.2 s)."""
    from renkei.registry.loading import load_registry
    from renkei.registry.models import LocalGovernment

    if not LocalGovernment.objects.exists():
        load_registry()


@pytest.fixture
def board_world(registry):
    """The personas, and their network's board with its six default categories."""
    from renkei.board.services import categories_create_defaults
    from renkei.testing import build_world

    world = build_world()
    categories_create_defaults(world.network)
    return world


class OtherOrigins:
    """A route handler: requests to anywhere but the live server are aborted and remembered."""

    def __init__(self, own: str):
        self.own = own
        self.blocked: list[str] = []

    def __call__(self, route: Route) -> None:
        url = route.request.url
        if url.startswith(BROWSER_INTERNAL) or origin(url) == self.own:
            route.continue_()
        else:
            self.blocked.append(url)
            route.abort("blockedbyclient")


@pytest.fixture
def page_at(browser, live_server, registry, axe_installed):
    """Open a page at a Screen; at teardown, fail if any page asked another origin for anything."""
    opened = []

    def open_page(screen: Screen) -> Page:
        context = browser.new_context(
            base_url=live_server.url,
            viewport={"width": screen.width, "height": screen.height},
            is_mobile=screen.is_phone,
            has_touch=screen.is_phone,
            locale="ja-JP" if screen.lang == "ja" else "en-GB",
            timezone_id="Asia/Tokyo",
            service_workers="block",
        )
        other = OtherOrigins(origin(live_server.url))
        context.route("**/*", other)
        # A stylesheet, script or image of the site's own that fails is a broken page too;
        # documents are left to the tests, which may open a 403 or 404 on purpose.
        context.on("response", lambda r: _note_broken_asset(r, broken))
        # Chromium reports each refusal of the Content-Security-Policy on the page's console.
        context.on("console", lambda m: _note_csp_violation(m, refused))
        opened.append((context, other))
        return context.new_page()

    broken: list[str] = []
    refused: list[str] = []
    yield open_page

    blocked = [url for _context, other in opened for url in other.blocked]
    for context, _other in opened:
        context.close()
    assert not blocked, "pages requested other origins:\n" + "\n".join(blocked)
    assert not broken, "the site's own assets failed to load:\n" + "\n".join(broken)
    assert not refused, "the Content-Security-Policy refused something:\n" + "\n".join(refused)


def _note_broken_asset(response, broken: list[str]) -> None:
    if response.status >= 400 and response.request.resource_type != "document":
        broken.append(f"{response.status} {response.url}")


def _note_csp_violation(message, refused: list[str]) -> None:
    if "Content Security Policy" in message.text:
        refused.append(f"{message.location.get('url', '')}: {message.text}")


@pytest.fixture(params=SCREENS, ids=[screen.name for screen in SCREENS])
def screen(request) -> Screen:
    return request.param


@pytest.fixture
def page(page_at, screen) -> Page:
    """A page at each screen in turn: desktop and phone, Japanese and English."""
    return page_at(screen)
