"""Test overrides: fast hashing, in-memory cache and email, tasks run at once."""

import os

# Tests need no real secret; set one before the main settings insist on it.
os.environ.setdefault("SECRET_KEY", "renkei-tests-only")
# The test client and the live server speak plain http (security/test_headers.py tests https).
os.environ["RENKEI_HTTPS"] = "0"

from renkei.settings import *  # noqa: E402, F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "default"},
    "fragments": {"BACKEND": "renkei.lib.fragmentcache.FragmentCache", "LOCATION": "fragments"},
}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
WHITENOISE_USE_FINDERS = True
ACCOUNT_RATE_LIMITS = False  # type: ignore[assignment]  # allauth: False turns rate limits off
LOGGING = {"version": 1, "disable_existing_loggers": False}
# Look static files up on demand instead of scanning STATIC_ROOT at start-up, so a
# collectstatic running beside the tests (benchmarks) cannot break them.
WHITENOISE_AUTOREFRESH = True
# Every Japanese page a test renders is read for the glossary's faults (docs/glossary.md).
MIDDLEWARE = [*MIDDLEWARE, "renkei.web.wording.WordingRecorder"]  # noqa: F405
