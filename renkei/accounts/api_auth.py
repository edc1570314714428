"""API authentication: the browser session, or a personal token sent as `Authorization: Bearer rk_…`.

Every endpoint is readable anonymously; being signed in only widens what the visibility
rules let through (e.g. contacts of fellow members), so a missing or bad token is not an
error but an anonymous request (or the session's, when there is one). Every write made with the
session cookie must carry the CSRF token; only a valid API token stands in for it.
"""

from django.contrib.auth.models import AnonymousUser
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja.errors import HttpError
from ninja.utils import check_csrf

from renkei.accounts.models import ApiToken

SAFE_METHODS = ("GET", "HEAD", "OPTIONS", "TRACE")


def request_token(request) -> ApiToken | None:
    """The active token of an active user that the request sends as `Authorization: Bearer …`, or None.

    Looked up once per request.
    """
    if not hasattr(request, "_renkei_api_token"):
        request._renkei_api_token = _bearer_token(request.headers.get("Authorization", ""))
    return request._renkei_api_token


def _bearer_token(header: str) -> ApiToken | None:
    if not header.startswith("Bearer "):
        return None
    token = ApiToken.objects.active().select_related("user").filter(digest=ApiToken.hash(header[7:].strip())).first()
    if token is None or not token.user.is_active:
        return None
    # Recorded at most once a minute, so the API does not write on every read.
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token


def request_user(request):
    """Return the user behind a request: the valid bearer token's, or the session's, or anonymous."""
    token = request_token(request)
    if token is not None:
        request.user = token.user
        return token.user
    if getattr(request, "user", None) is not None and request.user.is_authenticated:
        return request.user
    return AnonymousUser()


def optional_auth(request):
    """Every request passes; a write made with the session cookie must also carry the CSRF token."""
    user = request_user(request)
    if request.method not in SAFE_METHODS and user.is_authenticated:
        check_csrf_unless_token(request)
    return True


def check_csrf_unless_token(request) -> None:
    """Refuse (403) a write that neither authenticated with a valid API token nor carries the CSRF token.

    A browser sends the session cookie by itself, even on a request another site made it send: only
    the CSRF token shows that the request came from Renkei's own page. A valid API token vouches for
    the request on its own; an Authorization header with anything else in it vouches for nothing.
    """
    if request_token(request) is None and check_csrf(request) is not None:
        raise HttpError(403, _("The CSRF token is missing or wrong."))
