"""Who may read a row: declared once per content model, and every list, page, feed and search reads it.

A model's QuerySet mixes in ``VisibleQuerySet`` and declares three things:

- ``network``: the path to the network the row belongs to ("network", "post__network"), or
  None for content of no network (its members' rows are then for members of any network);
- ``visibility``: the path to the field saying who reads a published row (``PUBLIC``,
  ``SIGNED_IN``, ``MEMBERS``), or None when every published row is ``default_visibility``;
- ``published()``: a Q of what is out for its readers (not a draft, not hidden, its date come).

From these: site admins read every row; a network's secretariat every row of its network,
published or not; everyone else the published rows their visibility opens to them. A model may
open more in ``also_visible(audience)`` (an organisation's own rows). ``visible_to(audience)``
and the one-row ``is_visible_to(audience)`` are the same rule, the latter answered from the
loaded row where it can be, without a query.
"""

import operator
from functools import reduce
from typing import Any

from django.db import models
from django.db.models import Q

from renkei.lib.audience import Audience
from renkei.lib.conditions import Undecided, holds

PUBLIC, SIGNED_IN, MEMBERS, NOBODY = "public", "signed_in", "members", "nobody"
NOTHING = Q(pk__in=[])


class VisibleQuerySet(models.QuerySet):
    network: str | None = "network"
    visibility: str | None = "visibility"
    default_visibility = PUBLIC

    def published(self) -> Q:
        """What of this model is out for its readers; everything, unless a model says otherwise."""
        return Q()

    def also_visible(self, audience: Audience) -> Q:
        """Rows this model opens to the audience beyond the declared rule (their own, say)."""
        return NOTHING

    def readable(self, audience: Audience) -> Q:
        """The declared rule for ``audience``, as a Q over this model."""
        if audience.site_admin:
            return Q()
        rule = self.published() & self._opens(audience)
        if self.network and audience.secretariat_of:
            rule = either(rule, Q(**{self.network + "_id__in": sorted(audience.secretariat_of)}))
        return either(rule, self.also_visible(audience))

    def _opens(self, audience: Audience) -> Q:
        """The published rows whose visibility lets ``audience`` in."""
        levels = [PUBLIC, SIGNED_IN] if audience.is_authenticated else [PUBLIC]
        members = NOTHING
        if audience.open_networks:
            members = Q(**{self.network + "_id__in": sorted(audience.open_networks)}) if self.network else Q()
        if self.visibility is None:
            return (
                Q() if self.default_visibility in levels else members if self.default_visibility == MEMBERS else NOTHING
            )
        return either(Q(**{self.visibility + "__in": levels}), Q(**{self.visibility: MEMBERS}) & members)

    def visible_to(self, audience, *, network_id: int | None = None):
        """The rows ``audience`` may read (a person is taken for their audience, see ``as_audience``).

        With ``network_id``, the rows of that one network: the same rule, decided from the
        audience's standing in it, so the query is a plain filter an index serves (a board's list).
        """
        audience = as_audience(audience)
        if network_id is None:
            return self if audience.site_admin else self.filter(self.readable(audience))
        if self.network is None:
            raise TypeError(f"{self.model.__name__} belongs to no network")
        rows = self.filter(**{self.network + "_id": network_id})
        if audience.site_admin or audience.runs(network_id):
            return rows
        member = Audience(user_id=audience.user_id, member_of=frozenset({network_id}) & audience.member_of)
        rule = self.published() & self._opens(member)
        return rows.filter(either(rule, self.also_visible(audience)))

    def public(self):
        """What anyone may read: the feeds, the sitemap, what an anonymous visitor finds."""
        return self.filter(self.readable(Audience()))

    def out(self):
        """The published rows, whoever reads them: what search indexes."""
        return self.filter(self.published())


class VisibleModel:
    """The one-row side of ``VisibleQuerySet``: ``obj.is_visible_to(audience)``, ``obj.is_published()``."""

    def _rows(self) -> VisibleQuerySet:
        return type(self)._default_manager.all()  # type: ignore[attr-defined]

    def is_published(self) -> bool:
        return self._holds(self._rows().published())

    def is_visible_to(self, audience) -> bool:
        audience = as_audience(audience)
        return audience.site_admin or self._holds(self._rows().readable(audience))

    def reach(self) -> str:
        """Who reads this row by the declared rule (besides its network's secretariat and site admins):
        ``PUBLIC``, ``SIGNED_IN``, ``MEMBERS`` (of its network) or ``NOBODY``."""
        rows = self._rows()
        if not self.is_published():
            return NOBODY
        if rows.visibility is None:
            return rows.default_visibility
        value: Any = self
        for part in rows.visibility.split("__"):
            value = getattr(value, part)
        return value

    def _holds(self, q: Q) -> bool:
        try:
            return holds(self, q)
        except Undecided:
            return self._rows().filter(q, pk=self.pk).exists()  # type: ignore[attr-defined]


_resolve = None


def resolve_with(resolver) -> None:
    """Tell ``as_audience`` how a person becomes an audience (the networks app does, at start-up)."""
    global _resolve
    _resolve = resolver


def as_audience(user_or_audience) -> Audience:
    """The audience itself, or a person's audience: for code that has only a user (tasks, tokens, feeds)."""
    if isinstance(user_or_audience, Audience):
        return user_or_audience
    if user_or_audience is None or not user_or_audience.is_authenticated:
        return Audience()
    if _resolve is None:
        raise RuntimeError("No audience resolver: is renkei.networks installed?")
    return _resolve(user_or_audience)


def either(*qs: Q) -> Q:
    """``q1 | q2 | ...``, where an empty Q means every row (Django's ``|`` would drop it)."""
    if any(not q for q in qs):
        return Q()
    return reduce(operator.or_, qs)
