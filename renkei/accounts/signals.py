"""Receivers for allauth's signals."""

from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.models import Authenticator

from renkei.accounts.services import user_language_set


def remember_language(sender, request, user, **kwargs):
    # Emails follow the language a person last signed in with (the page's language).
    language = getattr(request, "LANGUAGE_CODE", None)
    if language:
        user_language_set(user=user, language=language)


def record_second_factor_on_activation(sender, request, user, authenticator, **kwargs):
    # Activating an authenticator app means entering a valid code from it in this session, so the
    # session counts as signed in with a second factor and secretariat pages open without asking again.
    if request is not None and authenticator.type == Authenticator.Type.TOTP:
        record_authentication(request, user, "mfa", id=authenticator.pk, type=authenticator.type)
