"""Who is asking: the one answer every view, template, selector, feed, export and search reads.

An ``Audience`` is resolved once per request (``renkei.networks.audience``) from the person's
staff roles, their organisations' memberships and the networks those organisations run. Nothing
else works out a person's standing. It is plain data, so ``lib`` stays a leaf: the apps that
hold memberships fill it in.

``key`` names the rights, not the person: two people with the same rights may share a kept
page, and two with different rights never do. Pages that show what is a person's own (their
follows, their read marks) add that to their own key.
"""

import hashlib
from dataclasses import dataclass, field
from functools import cached_property

from django.db import models

from renkei.lib import generations

# The generation every change of who-may-what bumps; and each person's own.
ACCESS = "access"


def person_scope(user_id: int) -> str:
    return f"user:{user_id}"


def access_changed(*user_ids: int) -> None:
    """Make every kept audience be resolved afresh; with ``user_ids``, these people's accounts too.

    Called with no argument on every change of a membership, a staff role or a network's
    secretariat; with the people's ids on a change of their accounts (deactivated, made a site
    admin) or second factors. Signals call it for saves and deletes, ``AccessQuerySet`` for
    writes in bulk.
    """
    generations.bump(*([person_scope(pk) for pk in user_ids] or [ACCESS]))


class AccessQuerySet(models.QuerySet):
    """The QuerySet of rows that decide who may see and do what: memberships, staff roles, networks, accounts.

    Writes in bulk (``update``, ``delete``, ``bulk_create``, ``bulk_update``) send no
    ``post_save``: these call ``access_changed`` themselves, so whatever path changes such rows
    (a service, an import, the admin, a script), the people affected see their new rights on
    their next request.
    """

    # The fields whose change changes someone's rights; None: every field.
    access_fields: frozenset[str] | None = None

    def _touches(self, fields) -> bool:
        return self.access_fields is None or bool(set(fields) & self.access_fields)

    def _affected(self) -> list:
        """What ``changed`` needs to know of the rows about to be written, read before the write."""
        return []

    def _affected_of(self, objs) -> list:
        return []

    def changed(self, affected: list) -> None:
        """Rights have changed: by default everyone's audience is resolved afresh."""
        access_changed()

    def update(self, **kwargs):
        if not self._touches(kwargs):
            return super().update(**kwargs)
        affected = self._affected()
        count = super().update(**kwargs)
        self.changed(affected)
        return count

    update.alters_data = True  # type: ignore[attr-defined]

    def delete(self):
        affected = self._affected()
        deleted = super().delete()
        self.changed(affected)
        return deleted

    delete.alters_data = True  # type: ignore[attr-defined]
    delete.queryset_only = True  # type: ignore[attr-defined]

    def bulk_create(self, objs, *args, **kwargs):
        created = super().bulk_create(objs, *args, **kwargs)
        self.changed(self._affected_of(created))
        return created

    def bulk_update(self, objs, fields, *args, **kwargs):
        if not self._touches(fields):
            return super().bulk_update(objs, fields, *args, **kwargs)
        objs = list(objs)
        count = super().bulk_update(objs, fields, *args, **kwargs)
        self.changed(self._affected_of(objs))
        return count


def person_generation(user_id: int) -> str:
    """What a person's kept account row is keyed by."""
    return generations.read(person_scope(user_id))[0]


def person_generations(user_id: int) -> tuple[str, ...]:
    """What a person's kept audience is keyed by: everyone's access, and their own account."""
    return generations.read(ACCESS, person_scope(user_id))


@dataclass(frozen=True)
class Audience:
    user_id: int | None = None
    site_admin: bool = False
    # Django's staff flag: who handles the platform's own inquiries.
    site_staff: bool = False
    # Signed in with a second factor in this session (allauth.mfa).
    second_factor: bool = False
    # Organisations the person is staff of, and those of which they are an administrator.
    organisations: frozenset[int] = field(default_factory=frozenset)
    administers: frozenset[int] = field(default_factory=frozenset)
    # The kinds of those organisations (municipality, company, national agency…).
    organisation_kinds: frozenset[str] = field(default_factory=frozenset)
    # Networks with an active membership of one of those organisations, and networks they run.
    member_of: frozenset[int] = field(default_factory=frozenset)
    secretariat_of: frozenset[int] = field(default_factory=frozenset)

    @property
    def is_authenticated(self) -> bool:
        return self.user_id is not None

    @property
    def is_anonymous(self) -> bool:
        return self.user_id is None

    @property
    def open_networks(self) -> frozenset[int]:
        """Networks whose members' area this audience may enter: as a member or as the secretariat."""
        return self.member_of | self.secretariat_of

    def enters(self, network_id: int) -> bool:
        """May read the members' area of the network (site admins read everything)."""
        return self.site_admin or network_id in self.member_of or network_id in self.secretariat_of

    def is_member(self, network_id: int) -> bool:
        return network_id in self.member_of

    def runs(self, network_id: int) -> bool:
        """Is staff of the network's secretariat (what the secretariat may *see*)."""
        return network_id in self.secretariat_of

    def manages(self, network_id: int) -> bool:
        """May act as the network's secretariat: its staff, signed in with a second factor."""
        return self.second_factor and network_id in self.secretariat_of

    def is_staff_of(self, organisation_id: int, *, admin: bool = False) -> bool:
        return organisation_id in (self.administers if admin else self.organisations)

    def standing(self, network_id: int) -> tuple[bool, bool]:
        """(member, secretariat) of the network: the pair pages used to work out for themselves."""
        return self.is_member(network_id) or self.runs(network_id), self.runs(network_id)

    @cached_property
    def key(self) -> str:
        """A short stable name of these rights, for keeping pages (never the person's id)."""
        if self.is_anonymous:
            return "anonymous"
        rights = (
            self.site_admin,
            self.site_staff,
            self.second_factor,
            sorted(self.organisations),
            sorted(self.administers),
            sorted(self.organisation_kinds),
            sorted(self.member_of),
            sorted(self.secretariat_of),
        )
        return "a" + hashlib.sha256(repr(rights).encode()).hexdigest()[:20]


ANONYMOUS = Audience()
