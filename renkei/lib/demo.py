"""The demo's people (`make run`): one address domain and one password, hashed once for all of them."""

import functools

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

DEMO_PASSWORD = "renkei-demo-2026"
DEMO_DOMAIN = "demo.renkei.example"


@functools.cache
def demo_password_hash() -> str:
    # One hash shared by every demo person: the password is printed for all to read anyway, and
    # hashing it afresh for each of a few dozen people would be most of the time setup_demo takes.
    return make_password(DEMO_PASSWORD)


def demo_user(email_local: str, name: str):
    """The demo person ``email_local``@demo.renkei.example, added with the demo password when new."""
    user, created = get_user_model().objects.get_or_create(
        email=f"{email_local}@{DEMO_DOMAIN}", defaults={"name": name}
    )
    if created:
        user.password = demo_password_hash()
        user.save(update_fields=["password"])
    return user
