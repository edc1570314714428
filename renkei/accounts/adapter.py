from allauth.account.adapter import DefaultAccountAdapter
from django.core.exceptions import PermissionDenied

from renkei.lib.clients import client_address


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        # Accounts are created by accepting an invitation, never by open sign-up.
        return False

    def get_client_ip(self, request) -> str:
        # allauth's rate limits (sign-in, password reset, codes) count per client address:
        # Renkei's reading of it, which trusts X-Forwarded-For only from RENKEI_TRUSTED_PROXIES.
        address = client_address(request)
        if address is None:
            raise PermissionDenied("Unable to determine client IP address")
        return address
