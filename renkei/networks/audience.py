"""Resolving a person's ``Audience`` once per request, and keeping it no longer than it holds.

A person's rights are kept in the shared cache under two generations: ``access``, which every
change of who-may-what bumps (a membership, a staff role, a network's secretariat, an account
deactivated, an authenticator added or removed), and the person's own. Such changes are rare next
to page views, so one generation for all is enough, and the next request after a change, on any
machine, resolves the rights afresh.

Writes in bulk (``QuerySet.update``, imports) send no signal: the QuerySets of those rows
(``renkei.lib.audience.AccessQuerySet``) call ``access_changed`` for them.
"""

from contextvars import ContextVar

from django.core.cache import cache
from django.utils.functional import SimpleLazyObject

from renkei.lib.audience import ANONYMOUS, Audience, person_generations
from renkei.networks.models import Membership, Network
from renkei.organisations.models import Staff

TIMEOUT = 3600
# The request this thread is answering, so that its user's audience is resolved once.
_ANSWERING: ContextVar = ContextVar("renkei_answering", default=None)


def _has_second_factor(session) -> bool:
    # allauth records each authentication step of the session; "mfa" is the second factor.
    methods = session.get("account_authentication_methods", []) if session is not None else []
    return any(m.get("method") == "mfa" for m in methods)


def _rights(user) -> dict:
    from allauth.mfa.utils import is_mfa_enabled

    roles = list(Staff.objects.filter(user=user).values_list("organisation_id", "role", "organisation__kind"))
    organisations = frozenset(org for org, _role, _kind in roles)
    return {
        "site_admin": bool(user.is_superuser),
        "site_staff": bool(user.is_staff),
        "mfa_enabled": bool(is_mfa_enabled(user)),
        "organisations": organisations,
        "administers": frozenset(org for org, role, _kind in roles if role == Staff.Role.ADMIN),
        "organisation_kinds": frozenset(kind for _org, _role, kind in roles),
        "member_of": frozenset(
            Membership.objects.filter(status=Membership.Status.ACTIVE, organisation_id__in=organisations)
            .values_list("network_id", flat=True)
            .distinct()
        )
        if organisations
        else frozenset(),
        "secretariat_of": frozenset(
            Network.objects.filter(secretariat_id__in=organisations).values_list("id", flat=True)
        )
        if organisations
        else frozenset(),
    }


def audience_of(user, session=None) -> Audience:
    """The audience of ``user`` in a session (the second factor is the session's)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return ANONYMOUS
    answering = _ANSWERING.get()
    if session is None and answering is not None and answering.__dict__.get("user") is user:
        # Code that has only the request's user (``Network.standing_of``): the request's audience.
        return request_audience(answering)
    key = "audience:{}:{}:{}".format(user.pk, *person_generations(user.pk))
    rights = cache.get(key)
    if rights is None:
        rights = _rights(user)
        cache.set(key, rights, TIMEOUT)
    held = {name: value for name, value in rights.items() if name != "mfa_enabled"}
    second_factor = rights["mfa_enabled"] and _has_second_factor(session)
    return Audience(user_id=user.pk, second_factor=second_factor, **held)


def request_audience(request) -> Audience:
    """The request's audience, resolved on first use and then read from the request."""
    audience = getattr(request, "_audience", None)
    if audience is None:
        user = getattr(request, "user", None)
        audience = audience_of(user, getattr(request, "session", None))
        request._audience = audience
    return audience


class AudienceMiddleware:
    """Gives every request ``request.audience``, resolved only if something reads it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.audience = SimpleLazyObject(lambda: request_audience(request))
        answering = _ANSWERING.set(request)
        try:
            return self.get_response(request)
        finally:
            _ANSWERING.reset(answering)
