"""What Renkei's browser tests share: screens, the axe-core check, the width check, sign-in."""

import json
import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("RENKEI_CHROMIUM", "/usr/bin/chromium")
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
# Debian's Chromium, headless; no calls home, so the other-origin check sees only the site's own.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
# URLs the browser resolves itself, without asking any host.
BROWSER_INTERNAL = ("data:", "blob:", "about:", "chrome:", "chrome-extension:", "devtools:")


@dataclass(frozen=True)
class Screen:
    """A screen size and a site language to run a test at."""

    name: str
    width: int
    height: int
    lang: str

    @property
    def is_phone(self) -> bool:
        return self.width < 600

    def path(self, path: str) -> str:
        """The path in this screen's language: Japanese is served at /, English at /en/."""
        return path if self.lang == "ja" else f"/{self.lang}{path}"

    def text(self, ja: str, en: str) -> str:
        """What the page says in this screen's language."""
        return ja if self.lang == "ja" else en


DESKTOP_JA = Screen("desktop-ja", 1280, 800, "ja")
DESKTOP_EN = Screen("desktop-en", 1280, 800, "en")
PHONE_JA = Screen("phone-ja", 390, 844, "ja")
PHONE_EN = Screen("phone-en", 390, 844, "en")
SCREENS = [DESKTOP_JA, DESKTOP_EN, PHONE_JA, PHONE_EN]


def origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def check_axe(page: Page) -> None:
    """Fail when axe-core finds a serious or critical accessibility violation on the page."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        # Evaluated through the browser's DevTools, so axe is neither a request to anywhere nor an
        # inline script, which the page's Content-Security-Policy would refuse.
        page.evaluate(AXE.read_text(encoding="utf-8"))
    results = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    bad = [v for v in results["violations"] if v.get("impact") in ("serious", "critical")]
    if bad:
        lines = [f"axe-core found {len(bad)} serious or critical violation(s) on {page.url}:"]
        for violation in bad:
            lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
            lines.append(f"  {violation['helpUrl']}")
            for node in violation["nodes"][:10]:
                lines.append(f"    at {json.dumps(node['target'], ensure_ascii=False)}: {node['html'][:200]}")
                if node.get("failureSummary"):
                    lines.append("      " + node["failureSummary"].replace("\n", "\n      "))
        pytest.fail("\n".join(lines), pytrace=False)


def check_fits_width(page: Page) -> None:
    """Fail when the page scrolls sideways: wide content must scroll inside its own box."""
    # Measured once the stylesheet has applied: right after a click the new page may not have it yet.
    page.wait_for_load_state("load")
    overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
    if overflow > 0:
        # Elements wider than the screen that are not inside a box scrolling on its own.
        wide = page.evaluate(
            """() => [...document.querySelectorAll('body *')]
                .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
                .filter(e => !e.closest('.table-scroll'))
                .slice(0, 5).map(e => e.outerHTML.slice(0, 120))"""
        )
        pytest.fail(f"{page.url} is {overflow}px wider than the screen; widest elements:\n" + "\n".join(wide))


def login(page: Page, email: str, password: str, *, lang: str = "ja") -> None:
    """Sign in through the real sign-in form."""
    page.goto(("" if lang == "ja" else f"/{lang}") + "/accounts/login/")
    form = page.locator("main form").filter(has=page.locator("input[name='password']"))
    form.locator("input[name='login']").fill(email)
    form.locator("input[name='password']").fill(password)
    with page.expect_navigation():
        form.locator("[type='submit']").first.click()
    if urlsplit(page.url).path.endswith("/accounts/login/"):
        errors = page.locator(".errorlist, [role='alert']").all_inner_texts()
        raise AssertionError(f"signing in as {email} failed: {errors}")


def open_menu(page: Page) -> None:
    """Open the header's menu where it is folded behind its button (phone width); elsewhere nothing to do."""
    button = page.locator("header .menu-button")
    if button.is_visible() and page.locator("header details.site-menu[open]").count() == 0:
        button.click()
