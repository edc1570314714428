"""Spam protection for the public form, without third-party services.

Three checks: a honeypot field people do not see, a minimum time between opening the form
and sending it (the opening time travels signed in the form), and a limit of inquiries per
email address and per client address over an hour, counted in Django's cache.
"""

import hashlib
import time

from django.conf import settings
from django.core import signing
from django.core.cache import cache

_SALT = "renkei.inquiries.form-opened"
# Opened more than a day ago: the form is stale (or the token was copied), ask to send again.
FORM_MAX_AGE = 24 * 60 * 60
RATE_WINDOW = 60 * 60


def min_fill_seconds() -> int:
    return getattr(settings, "RENKEI_INQUIRY_MIN_FILL_SECONDS", 3)


def rate_limits() -> tuple[int, int]:
    """How many inquiries an hour one email address and one client address may send."""
    return getattr(settings, "RENKEI_INQUIRY_RATE_LIMITS", (5, 10))


def opened_token(at: float | None = None) -> str:
    """A signed record of when the form was opened (now, unless ``at`` says otherwise)."""
    return signing.dumps(int(at if at is not None else time.time()), salt=_SALT)


def seconds_since_opened(token: str) -> float | None:
    """How long ago the form carrying ``token`` was opened; None when the token is forged or stale."""
    try:
        opened = signing.loads(token, salt=_SALT, max_age=FORM_MAX_AGE)
    except (signing.BadSignature, TypeError):
        return None
    if not isinstance(opened, int):
        return None
    elapsed = time.time() - opened
    return elapsed if elapsed <= FORM_MAX_AGE else None


def _keys(email: str, ip: str | None) -> list[tuple[str, int]]:
    per_email, per_ip = rate_limits()
    # The address is hashed: the cache need not hold who wrote.
    digest = hashlib.sha256(email.strip().lower().encode()).hexdigest()
    keys = [(f"inquiries:rate:email:{digest}", per_email)]
    if ip:
        keys.append((f"inquiries:rate:ip:{ip}", per_ip))
    return keys


def rate_limited(email: str, ip: str | None) -> bool:
    """Whether this address or this client has already sent as many inquiries as the hour allows."""
    counts = cache.get_many([key for key, _limit in _keys(email, ip)])
    return any(counts.get(key, 0) >= limit for key, limit in _keys(email, ip))


def rate_count(email: str, ip: str | None) -> None:
    """Count one inquiry sent against the address and the client, for the rest of the hour."""
    for key, _limit in _keys(email, ip):
        # add() starts the window only once; incr() is atomic and keeps that expiry on the caches
        # Renkei runs on (Redis, local memory, renkei/lib/filecache.py; not Django's file cache).
        cache.add(key, 0, RATE_WINDOW)
        try:
            cache.incr(key)
        except ValueError:  # expired between the two calls
            cache.set(key, 1, RATE_WINDOW)
