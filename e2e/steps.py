"""Steps the flow tests share: page checks, texts in a screen's language, links in emails, 2FA sign-in."""

import re
import time

from django.utils import translation
from django.utils.translation import gettext, pgettext
from playwright.sync_api import Page, expect

from e2e.browser import Screen, check_axe, check_fits_width, login
from renkei.testing import PASSWORD

TOTP_PERIOD = 30


def check_page(page: Page) -> None:
    """The page as loaded, stylesheets included, fits the screen and is axe-core clean."""
    # A click that navigates returns once the new page has started; measure it only when loaded.
    page.wait_for_load_state("load")
    check_fits_width(page)
    check_axe(page)


def text_in(screen: Screen, message: str, *, context: str = "", **params) -> str:
    """The site's translation of ``message`` (in ``context``) in the screen's language, ``params`` filled in."""
    with translation.override(screen.lang):
        text = pgettext(context, message) if context else gettext(message)
        return text % params if params else text


def link_in_email(message, fragment: str, screen: Screen) -> str:
    """The path of the link in an email that contains ``fragment``, in the screen's language."""
    match = re.search(rf"https?://[^/\s]+(/\S*{re.escape(fragment)}\S*)", message.body)
    assert match, f"no link with {fragment} in the email:\n{message.body}"
    return screen.path(match[1].removeprefix("/en"))


def activate_authenticator(user) -> str:
    """Set up an authenticator app for ``user``, as if they had scanned its QR code; returns its secret."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from django.core.cache import cache

    cache.clear()  # allauth remembers used authenticator codes in the cache, by user id
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def current_totp_code(secret: str) -> str:
    """The authenticator app's code now; near the end of a period, the next period's."""
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    left = TOTP_PERIOD - time.time() % TOTP_PERIOD
    if left < 3:
        time.sleep(left + 0.2)
    return format_hotp_value(hotp_value(secret, int(time.time()) // TOTP_PERIOD))


def sign_in_with_authenticator(page: Page, screen: Screen, user, secret: str) -> None:
    """Sign in through the real forms: email and password, then the authenticator app's code."""
    login(page, user.email, PASSWORD, lang=screen.lang)
    assert "/accounts/2fa/authenticate/" in page.url, f"no authenticator code was asked for: {page.url}"
    code = page.locator("input[name='code']")
    expect(code).to_be_visible()
    check_page(page)
    code.fill(current_totp_code(secret))
    with page.expect_navigation():
        page.locator("main form").filter(has=code).locator("[type='submit']").first.click()
    assert "/accounts/" not in page.url, f"the authenticator code was refused: {page.url}"
