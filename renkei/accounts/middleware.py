"""Turns a missing second factor on secretariat pages into the way to get one."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from renkei.networks.access import SecondFactorRequired


class SecondFactorMiddleware:
    """Redirects a secretariat without a two-factor session to set one up or to enter a code.

    Without an authenticator app yet they go to its activation; with one, to allauth's
    reauthentication by code, which records the "mfa" step in the session and comes back here.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, SecondFactorRequired):
            return None
        from allauth.mfa.models import Authenticator
        from allauth.mfa.utils import is_mfa_enabled

        next_query = urlencode({"next": request.get_full_path()})
        if is_mfa_enabled(request.user, [Authenticator.Type.TOTP]):
            messages.info(request, _("Secretariat pages need your authenticator code. Enter it to continue."))
            return redirect(f"{reverse('mfa_reauthenticate')}?{next_query}")
        messages.warning(
            request,
            _("Secretariat pages need two-factor sign-in. Set up an authenticator app, then open the page again."),
        )
        return redirect(f"{reverse('mfa_activate_totp')}?{next_query}")
