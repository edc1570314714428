"""Signing in with allauth, and finding the signed-in person without a query on every page."""

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from django.core.cache import cache

from renkei.lib.audience import access_changed, person_generation

# A signed-in page otherwise spends a database round trip on the user row alone. The row is kept
# in the shared cache under the person's generation (renkei.lib.audience), which a save, a delete
# or a bulk change of these accounts bumps: a deactivated account is signed out on its next request.
TIMEOUT = 3600


class AuthenticationBackend(AllauthBackend):
    def get_user(self, user_id):
        key = f"user:{user_id}:{person_generation(user_id)}"
        user = cache.get(key)
        if user is None:
            user = super().get_user(user_id)
            if user is not None:
                cache.set(key, user, TIMEOUT)
        return user


def forget_user(sender, instance, **kwargs) -> None:
    """A user saved or deleted (deactivated, made a site admin…): read afresh, rights included."""
    access_changed(instance.pk)


def forget_authenticator(sender, instance, **kwargs) -> None:
    """A second factor added or removed changes what its owner may do as a secretariat."""
    access_changed(instance.user_id)
