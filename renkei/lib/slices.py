"""The first rows of several slices of one table, in one query.

"The five newest articles of each network" is a slice per network, which its own index serves.
Written as ``pk IN (slice) OR pk IN (slice)`` the database reads the whole table to test each
row against the slices, and a window function ranks every row of every network; a ``UNION ALL``
of the slices reads only what each slice reads. Django does not slice the parts of a union on
every database, so the union is written here around each slice's own SQL.
"""

from django.db import connections
from django.db.models import QuerySet


def ids_of_slices(slices: list[QuerySet]) -> list:
    """The primary keys the sliced querysets select, in one query (each queryset: ``.values("pk")[:n]``)."""
    if not slices:
        return []
    parts, params = [], []
    for part in slices:
        sql, part_params = part.query.sql_with_params()
        parts.append(f"SELECT * FROM ({sql}) AS slice_{len(parts)}")
        params.extend(part_params)
    with connections[slices[0].db].cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        return [row[0] for row in cursor.fetchall()]
