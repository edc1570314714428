"""API authentication: the browser session, or a personal token sent as `Authorization: Bearer rk_…`.

Every endpoint is readable anonymously; being signed in only widens what the visibility
rules let through (e.g. contacts of fellow members), so a missing or bad token is not an
error but an anonymous request.
"""

from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from renkei.accounts.models import ApiToken


def request_user(request):
    """Return the user behind a request: the session's, or the bearer token's, or anonymous."""
    if getattr(request, "user", None) is not None and request.user.is_authenticated:
        return request.user
    header = request.headers.get("Authorization", "")
    if header.startswith("Bearer "):
        token = (
            ApiToken.objects.active().select_related("user").filter(digest=ApiToken.hash(header[7:].strip())).first()
        )
        if token is not None and token.user.is_active:
            # Recorded at most once a minute, so the API does not write on every read.
            now = timezone.now()
            if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
                ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
            request.user = token.user
            return token.user
    return AnonymousUser()


def optional_auth(request):
    request_user(request)
    return True
