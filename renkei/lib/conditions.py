"""Whether one loaded row meets a Q: the one-row answer of a queryset's filter, without a query.

Reads the row's fields, following its foreign keys (loading them if they are not yet), for the
lookups a visibility rule uses. Anything else (a subquery, an expression) is ``Undecided``, and
the caller asks the database instead.
"""

import operator

from django.db import models
from django.db.models import Q


class Undecided(Exception):
    """A condition the loaded row cannot answer by itself (a subquery): the database is asked."""


OPERATORS = {
    "exact": operator.eq,
    "in": lambda value, choices: value in choices,
    "lt": operator.lt,
    "lte": operator.le,
    "gt": operator.gt,
    "gte": operator.ge,
    "isnull": lambda value, wanted: (value is None) == wanted,
}


def holds(obj, q: Q) -> bool:
    """Whether ``obj`` meets ``q``, read from its fields (and the rows they load)."""
    results = (holds(obj, child) if isinstance(child, Q) else _test(obj, child) for child in q.children)
    result = all(results) if q.connector == Q.AND else any(results)
    return not result if q.negated else result


def _test(obj, child) -> bool:
    if not isinstance(child, tuple):
        raise Undecided(child)  # an expression (Exists, say)
    lookup, wanted = child
    if isinstance(wanted, models.QuerySet | models.Expression):
        raise Undecided(lookup)
    *path, last = lookup.split("__")
    name = "exact" if last not in OPERATORS else last
    if last not in OPERATORS:
        path.append(last)
    value = obj
    for index, part in enumerate(path):
        if value is None:
            break
        field = value._meta.get_field(part) if part != "pk" else value._meta.pk
        # A foreign key at the end of the path is compared by its id, as the database does.
        last_key = index == len(path) - 1 and field.is_relation and field.concrete
        value = getattr(value, field.attname if last_key else part, None)
    if isinstance(value, models.Model):
        value = value.pk
    if name == "in":
        wanted = set(wanted)
    return OPERATORS[name](value, wanted)
