"""Query shapes the planners need help with (docs/performance.md)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db.models import Lookup, Q


class InSubquery(Lookup):
    """``column IN (subquery)`` that PostgreSQL can still answer from an index inside an OR.

    ``a = 1 OR id IN (SELECT ...)`` makes PostgreSQL test every row against a hashed subplan:
    it reads the whole table. Written ``id = ANY(ARRAY(SELECT ...))`` the subquery runs once,
    before the scan, and each side of the OR becomes an index scan (a BitmapOr). Other
    databases get the plain ``IN``, which SQLite already answers from indexes. Use it in a
    filter as ``InSubquery(F("pk"), queryset.values("id"))``; the subquery must be
    uncorrelated.
    """

    lookup_name = "in_subquery"
    prepare_rhs = False

    def get_db_prep_lookup(self, value, connection):
        return ("%s", [value])

    def _sides(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = compiler.compile(self.rhs)
        if not rhs.startswith("("):
            rhs = f"({rhs})"
        return lhs, rhs, (*lhs_params, *rhs_params)

    def as_sql(self, compiler, connection):
        lhs, rhs, params = self._sides(compiler, connection)
        return f"{lhs} IN {rhs}", params

    def as_postgresql(self, compiler, connection):
        lhs, rhs, params = self._sides(compiler, connection)
        return f"{lhs} = ANY(ARRAY{rhs})", params


def keyset_after(fields: Sequence[str], values: Sequence[Any]) -> Q:
    """The rows after ``values`` in the order of ``fields``, ascending, nulls first.

    Keyset pagination: a page starts after the last row of the page before (its values of the
    ordering fields, the last one unique, e.g. the primary key) instead of an OFFSET that reads
    and throws away every earlier row. ``(a, b, c) > (x, y, z)`` as
    ``a > x OR (a = x AND b > y) OR (a = x AND b = y AND c > z)``, where ``> NULL`` means "not
    null" and ``= NULL`` means "is null"; an index on the fields answers it.
    """
    after = Q(pk__in=[])
    equal = Q()
    for name, value in zip(fields, values, strict=True):
        if value is None:
            after |= equal & Q(**{f"{name}__isnull": False})
            equal &= Q(**{f"{name}__isnull": True})
        else:
            after |= equal & Q(**{f"{name}__gt": value})
            equal &= Q(**{name: value})
    return after
