"""Query shapes the planners need help with (docs/performance.md)."""

from __future__ import annotations

from django.db.models import Lookup


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
