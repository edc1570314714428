"""Setting up the authenticator app returns the secretariat to the page it asked for.

allauth's activation ends on the recovery codes (or the two-factor overview). Renkei keeps the
page that asked for the second factor in ``next`` through both, so that after saving the codes
one link leads back to it.
"""

from allauth.mfa.totp.views import ActivateTOTPView
from django.urls import reverse
from django.utils.http import urlencode

from renkei.lib.urls import safe_next


class ActivateAndReturn(ActivateTOTPView):
    def get_success_url(self) -> str:
        target = safe_next(self.request)
        if self.did_generate_recovery_codes:
            codes = reverse("mfa_view_recovery_codes")
            return f"{codes}?{urlencode({'next': target})}" if target else codes
        return target or super().get_success_url()


activate_totp = ActivateAndReturn.as_view()
