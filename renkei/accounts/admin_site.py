"""Django's admin behind the same sign-in as the rest of Renkei, second factor included.

The admin shows every contact's email and phone, so it asks what the secretariat's pages ask:
an active staff member whose session was signed in with a second factor (allauth.mfa). People
sign in through allauth (its rate limits, its second factor); the admin's own password form is
never shown.
"""

from django.conf import settings
from django.contrib import admin
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, resolve_url
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from renkei.accounts.middleware import second_factor_redirect
from renkei.lib.urls import safe_next
from renkei.networks.access import user_has_second_factor


class AdminSite(admin.AdminSite):
    def has_permission(self, request):
        return super().has_permission(request) and user_has_second_factor(request)

    def login(self, request, extra_context=None):
        """Where the admin sends whoever it does not let in: to sign in, or to their second factor."""
        next_path = safe_next(request) or reverse("admin:index", current_app=self.name)
        user = request.user
        if not user.is_authenticated:
            return redirect(f"{resolve_url(settings.LOGIN_URL)}?{urlencode({REDIRECT_FIELD_NAME: next_path})}")
        if not (user.is_active and user.is_staff):
            raise PermissionDenied
        if not user_has_second_factor(request):
            return second_factor_redirect(
                request,
                next_path,
                enter_code=_("The admin needs your authenticator code. Enter it to continue."),
                set_up=_("The admin needs two-factor sign-in. Set up an authenticator app, then open the admin again."),
            )
        return redirect(next_path)
