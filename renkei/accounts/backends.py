"""Signing in with allauth, and finding the signed-in person without a query on every page."""

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from django.core.cache import cache
from django.db import transaction

# A signed-in page otherwise spends a database round trip on the user row alone. The row is
# kept in the shared cache and dropped whenever the user is saved or deleted; the timeout
# bounds how long a change made by a bulk update (which sends no signal) can go unseen.
TIMEOUT = 300


def _key(user_id) -> str:
    return f"user:{user_id}"


class AuthenticationBackend(AllauthBackend):
    def get_user(self, user_id):
        user = cache.get(_key(user_id))
        if user is None:
            user = super().get_user(user_id)
            if user is not None:
                cache.set(_key(user_id), user, TIMEOUT)
        return user


def forget_user(sender, instance, **kwargs) -> None:
    """Drop a saved or deleted user from the cache (connected in AccountsConfig.ready).

    Now and again once the transaction commits: a request that read the old row before the
    commit may have cached it after the first deletion, and would keep, say, a deactivated
    account signed in until the timeout.
    """
    key = _key(instance.pk)
    cache.delete(key)
    transaction.on_commit(lambda: cache.delete(key))
