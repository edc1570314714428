"""Turns a missing second factor on secretariat pages into the way to get one."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from renkei.networks.access import SecondFactorRequired


def second_factor_redirect(request, next_path: str, *, enter_code: str, set_up: str):
    """Send the signed-in user to their second factor, then back to ``next_path``.

    Without an authenticator app yet they go to its activation (told ``set_up``); with one, to
    allauth's reauthentication by code (told ``enter_code``), which records the "mfa" step in the
    session.
    """
    from allauth.mfa.models import Authenticator
    from allauth.mfa.utils import is_mfa_enabled

    next_query = urlencode({"next": next_path})
    if is_mfa_enabled(request.user, [Authenticator.Type.TOTP]):
        messages.info(request, enter_code)
        return redirect(f"{reverse('mfa_reauthenticate')}?{next_query}")
    messages.warning(request, set_up)
    return redirect(f"{reverse('mfa_activate_totp')}?{next_query}")


class SecondFactorMiddleware:
    """Redirects a secretariat without a two-factor session to set one up or to enter a code."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, SecondFactorRequired):
            return None
        return second_factor_redirect(
            request,
            request.get_full_path(),
            enter_code=_("Secretariat pages need your authenticator code. Enter it to continue."),
            set_up=_(
                "Secretariat pages need two-factor sign-in. Set up an authenticator app, then open the page again."
            ),
        )
