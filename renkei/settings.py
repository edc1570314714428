"""Renkei settings: one module, configured from the environment.

Every value that differs between a laptop, CI and production comes from an
environment variable read through django-environ, which fails loudly on a value
of the wrong type. Tests override a handful of settings in ``renkei/settings_test.py``.
"""

import ipaddress
import os
from pathlib import Path

import environ
from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY", default="insecure-dev-key-change-me" if DEBUG else environ.Env.NOTSET)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# The load balancers or reverse proxies in front of Renkei (addresses or CIDR ranges, e.g.
# "10.0.0.0/8,192.0.2.7"): only a request from one of them may name its client in
# X-Forwarded-For (renkei/lib/clients.py). Empty: every client is its direct peer.
RENKEI_TRUSTED_PROXIES = env.list("RENKEI_TRUSTED_PROXIES", default=[])
for _proxy in RENKEI_TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(_proxy.strip(), strict=False)
    except ValueError as _error:
        raise ImproperlyConfigured(f"RENKEI_TRUSTED_PROXIES: {_error}") from None
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")
# Shows a banner on every page so nobody mistakes demo members and contacts for real ones.
RENKEI_DEMO = env.bool("RENKEI_DEMO", default=False)
# Serves bench/floor.py's floor page at /bench/floor/ for the benchmarks (bench/run.py).
RENKEI_BENCH = env.bool("RENKEI_BENCH", default=False)
# Serve kept pages, fragments and reads again until what they show changes; off, every page is
# drawn afresh (what the tests compare kept pages with).
RENKEI_KEEP_PAGES = env.bool("RENKEI_KEEP_PAGES", default=True)

INSTALLED_APPS = [
    # modeltranslation must come before the admin so its admin classes patch it.
    "modeltranslation",
    # Django's admin, open only to staff signed in with a second factor.
    "renkei.accounts.apps.AdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_htmx",
    # Lets /api/v1/docs serve Swagger UI from our own static files instead of a CDN.
    "ninja",
    "django_tasks",
    # Before django_tasks_db: its db_worker command (heartbeats, recovery) replaces the library's.
    "renkei.workers",
    "django_tasks_db",
    "import_export",
    "rules.apps.AutodiscoverRulesConfig",
    "simple_history",
    # Country names in Japanese and English (partnerships with governments abroad).
    "django_countries",
    "renkei.registry",
    "renkei.accounts",
    "renkei.organisations",
    "renkei.networks",
    "renkei.search",
    "renkei.board",
    "renkei.notifications",
    "renkei.events",
    "renkei.partnerships",
    "renkei.news",
    "renkei.inquiries",
    "renkei.matching",
    "renkei.web",
]

MIDDLEWARE = [
    # First, so every log line of the request carries its id (the load balancer's X-Request-ID).
    "log_request_id.middleware.RequestIDMiddleware",
    # Before anything asks whether the request came over https.
    "renkei.lib.clients.ForwardedProtoMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # A page view reads each generation of what it keeps from the shared cache once.
    "renkei.lib.generations.ReadingOnceMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "renkei.networks.audience.AudienceMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "renkei.accounts.middleware.SecondFactorMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "renkei.urls"
WSGI_APPLICATION = "renkei.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "renkei" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "renkei.web.context_processors.site",
            ],
        },
    }
]

# SQLite in WAL mode by default (one file under var/); DATABASE_URL switches to PostgreSQL.
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'var' / 'renkei.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
            "transaction_mode": "IMMEDIATE",
        }
    )
# Connections are kept between requests (opening one costs more than most pages' queries).
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Shared by every process on the machine (gunicorn workers, task workers), so a change seen by
# one is seen by all; several machines share Redis instead: CACHE_URL=rediscache://host:6379/1.
CACHES = {"default": env.cache("CACHE_URL", default=f"filecache://{BASE_DIR / 'var' / 'cache'}")}
if CACHES["default"]["BACKEND"].endswith("FileBasedCache"):
    # Django's, without listing the directory on every write (see renkei/lib/filecache.py).
    CACHES["default"]["BACKEND"] = "renkei.lib.filecache.FileBasedCache"
    CACHES["default"].setdefault("OPTIONS", {}).update({"MAX_ENTRIES": 20000, "CULL_FREQUENCY": 4})
# Rendered page fragments stay in each process's memory: their keys hold the version of what
# they show (read through the shared cache or the database), so they can never be out of date.
CACHES["fragments"] = {
    "BACKEND": "renkei.lib.fragmentcache.FragmentCache",
    "LOCATION": "renkei-fragments",
    "OPTIONS": {"MAX_ENTRIES": 1000},
}
# Sessions are read from the cache and written through to the database.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "renkei.accounts.backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_REDIRECT_URL = "web:my_home"
LOGIN_URL = "account_login"

# django-allauth: email is the login; accounts come from invitations, not open sign-up.
ACCOUNT_ADAPTER = "renkei.accounts.adapter.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
# Failed sign-ins counted per client address (one address cannot try many accounts) and per
# account (guessing one account's password does not lock out the others); the address is
# renkei/lib/clients.py's, through the adapter.
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/5m/key"}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Renkei"

LANGUAGE_CODE = "ja"
LANGUAGES = [("ja", _("Japanese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Tokyo"
USE_I18N = True
USE_TZ = True
MODELTRANSLATION_DEFAULT_LANGUAGE = "ja"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("ja",)

STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "var" / "static")
# The project's own CSS, icons and vendored scripts (renkei/ itself is not an app).
STATICFILES_DIRS = [BASE_DIR / "renkei" / "static"]
MEDIA_URL = "media/"
# Uploads are served only through the views that check who may see them (renkei/urls.py), so
# they must not lie where the static files are served from, to anyone.
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "var" / "media")
if any(Path(MEDIA_ROOT).resolve().is_relative_to(Path(top).resolve()) for top in (STATIC_ROOT, *STATICFILES_DIRS)):
    raise ImproperlyConfigured("MEDIA_ROOT lies under the static files, which are served to anyone.")
# Uploads on local disk by default; on several machines, S3-compatible object storage through
# django-storages (STORAGE_BACKEND=storages.backends.s3.S3Storage). The bucket stays private:
# every file reaches readers through Renkei's views. Credentials come from AWS_ACCESS_KEY_ID and
# AWS_SECRET_ACCESS_KEY in the environment, read by boto3 itself.
AWS_STORAGE_BUCKET_NAME = env.str("AWS_STORAGE_BUCKET_NAME", default="")
AWS_S3_ENDPOINT_URL = env.str("AWS_S3_ENDPOINT_URL", default="") or None
AWS_S3_REGION_NAME = env.str("AWS_S3_REGION_NAME", default="") or None
AWS_DEFAULT_ACL = None
AWS_QUERYSTRING_AUTH = True
STORAGES = {
    "default": {"BACKEND": env.str("STORAGE_BACKEND", default="django.core.files.storage.FileSystemStorage")},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG
# Board attachments: the largest file a member may attach to a post (bytes). Attachments are
# served only through the board's own view, which checks who may read the post.
BOARD_ATTACHMENT_MAX_BYTES = env.int("BOARD_ATTACHMENT_MAX_BYTES", default=10 * 1024 * 1024)

# Email: console in development, SMTP from EMAIL_URL in production (smtp://user:pass@host:587).
_email = env.email("EMAIL_URL", default="consolemail://")
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
# `make run` keeps what it sends in an outbox that staff read at /outbox/ (docs: README).
OUTBOX_DIR = env.path("OUTBOX_DIR", default=BASE_DIR / "var" / "outbox")
if DEBUG and "EMAIL_URL" not in os.environ:
    EMAIL_BACKEND = "renkei.lib.outbox.OutboxBackend"
EMAIL_HOST = _email.get("EMAIL_HOST", "localhost")
EMAIL_PORT = _email.get("EMAIL_PORT", 25)
EMAIL_HOST_USER = _email.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = _email.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = _email.get("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Renkei <noreply@renkei.example>")
# A post's fan-out sends its emails over this many SMTP connections at once: the mail server
# answers each one message after another, so one connection mostly waits (backends other than
# SMTP always use one).
NOTIFICATION_EMAIL_CONNECTIONS = env.int("NOTIFICATION_EMAIL_CONNECTIONS", default=4)

# Background work (emails, imports): django-tasks with its database backend; a worker runs
# `manage.py db_worker`.
TASKS = {"default": {"BACKEND": env.str("TASKS_BACKEND", default="django_tasks_db.DatabaseBackend")}}
# Seconds a worker holds claimed work (newsletter deliveries, running tasks) without showing
# signs of life; past it, the work is taken back and done again by a live worker.
RENKEI_CLAIM_LEASE = env.int("RENKEI_CLAIM_LEASE", default=300)
if RENKEI_CLAIM_LEASE < 1:
    raise ImproperlyConfigured("RENKEI_CLAIM_LEASE: give a number of seconds, 1 or more.")

SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# https only: plain http is redirected, browsers are told never to use it again (HSTS, subdomains
# included, ready for the preload list) and cookies go over https alone. On unless DEBUG;
# RENKEI_HTTPS=0 turns it off for a machine without TLS in front (scripts/production.sh).
RENKEI_HTTPS = env.bool("RENKEI_HTTPS", default=not DEBUG)
if RENKEI_HTTPS:
    SECURE_SSL_REDIRECT = True
    # The load balancer asks each node over plain http whether it is healthy.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_HSTS_SECONDS = 365 * 24 * 60 * 60
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
# A balancer that ends TLS says so in X-Forwarded-Proto; it is believed only from one of
# RENKEI_TRUSTED_PROXIES (renkei/lib/clients.py drops it from anyone else).
if RENKEI_TRUSTED_PROXIES:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Content-Security-Policy (django-csp): everything from the site itself, nothing from other hosts.
# An inline <script> runs only with the response's nonce: nonce="{{ request.csp_nonce }}" (the
# nonce is new on every response, so such a script cannot sit in a kept page). Style attributes
# (a map legend's colours, the newsletter preview) stay allowed, <style> elements only from the
# site's files; browsers without style-src-elem/-attr fall back to style-src.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, UNSAFE_INLINE],
        "style-src-elem": [SELF, NONCE],
        "style-src-attr": [UNSAFE_INLINE],
        # Authenticator set-up shows its QR code as a data: image.
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# Browser features no page of Renkei uses, turned off for the site and anything it might frame.
PERMISSIONS_POLICY: dict[str, list[str]] = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "browsing-topics",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
    )
}

# Every request has an id: the load balancer's X-Request-ID, or one made here. It is sent back in
# the response and carried by each log line. Logs are one JSON object a line (LOG_FORMAT=json,
# the default when DEBUG is off) for the log collector, or plain text.
LOG_REQUEST_ID_HEADER = "HTTP_X_REQUEST_ID"
GENERATE_REQUEST_ID_IF_NOT_IN_HEADER = True
REQUEST_ID_RESPONSE_HEADER = "X-Request-ID"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "log_request_id.filters.RequestIDFilter"}},
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(request_id)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
        "plain": {"format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": env.str("LOG_FORMAT", default="plain" if DEBUG else "json"),
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
}

# Imports larger than this many rows run in the background with progress shown.
RENKEI_IMPORT_BACKGROUND_ROWS = env.int("RENKEI_IMPORT_BACKGROUND_ROWS", default=200)
