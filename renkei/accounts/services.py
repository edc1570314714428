"""Writes on accounts: the language for email, personal API tokens."""

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from renkei.accounts.models import ApiToken


def user_language_set(*, user, language: str) -> None:
    """Remember the language ``user`` reads email in (one of settings.LANGUAGES)."""
    if language in dict(settings.LANGUAGES) and language != user.language:
        user.language = language
        user.save(update_fields=["language"])


@transaction.atomic
def api_token_create(*, user, name: str) -> tuple[ApiToken, str]:
    """Create a personal API token; returns it with the raw token, which is never stored nor shown again."""
    raw = ApiToken.generate()
    token = ApiToken.objects.create(user=user, name=name, prefix=raw[:8], digest=ApiToken.hash(raw))
    return token, raw


@transaction.atomic
def api_token_revoke(*, token: ApiToken) -> None:
    """Revoke a token: requests bearing it are anonymous from now on."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
