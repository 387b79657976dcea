"""Make a read of personal data around the policy point fail loudly (docs/decisions/0031).

Every model that holds personal data (declared once, in access/guarded.py) has a
``GuardedManager`` as its default manager. While an interface serves a request (``serving()``,
entered by ``PolicyPointMiddleware`` around the whole request, the rendering of a lazy or
streaming response included), its querysets refuse to be evaluated — fetched, counted,
tested for existence, aggregated, updated, deleted, or used in another query (``__in``,
``Subquery``, ``Exists``, a union: the SQL query itself carries the release, see
``GuardedQuery``) — unless the policy point released them. Only the policy point
(``eenloket.access``) can release one: it holds the one key, claimed once at import
(``claim_key``). Which module built the query does not matter,
so there is no stack to walk: a view, a template, a generic view or a related manager
(``person.cases.all()``) reading around the policy point is refused the same way.

Open on purpose:

- ``Model._base_manager``, Django's own (used by ``save()``, ``refresh_from_db()`` and forward
  foreign keys such as ``case.person``: they read what the policy point already released).
  Services lock, create and update through it (decision 0021); interfaces never name it
  (``backoffice/tests/test_policy_point_guard.py`` checks their source).
- Creating rows through ``objects``: it hands nothing out.
- Code that does not serve a request: background jobs and commands (they act as the system),
  migrations, and tests' own set-up and checks.
"""

from __future__ import annotations

import contextlib
from contextvars import ContextVar

from django.conf import settings
from django.db import models
from django.db.models import sql

_serving: ContextVar[bool] = ContextVar("eenloket_serving_an_interface", default=False)

_KEY = object()
_key_claimed = False


class PolicyPointBypassed(RuntimeError):
    """Personal data was read while serving a request without going through the policy point."""


def claim_key() -> object:
    """Hand the one key that releases guarded querysets to the policy point. It can be claimed
    once per process: a second claim is refused, so no other module holds it."""
    global _key_claimed
    if _key_claimed:
        raise PolicyPointBypassed("the policy point's key was claimed already")
    _key_claimed = True
    return _KEY


@contextlib.contextmanager
def serving():
    """Serve an interface: inside, unreleased reads of guarded models are refused."""
    token = _serving.set(True)
    try:
        yield
    finally:
        _serving.reset(token)


def is_serving() -> bool:
    """Tell whether an interface is serving a request now (inside ``serving()``)."""
    return _serving.get()


def is_released(instance: models.Model) -> bool:
    """Tell whether the policy point handed this row out (it came from a released queryset)."""
    return getattr(instance, "_released_by_policy_point", False)


def _refuse(model) -> None:
    raise PolicyPointBypassed(
        f"{model._meta.label} was read while serving a request without the policy "
        "point; obtain it through eenloket.access (docs/decisions/0031)"
    )


def _enforced() -> bool:
    return _serving.get() and getattr(settings, "EENLOKET_ENFORCE_POLICY_POINT", True)


class GuardedQuery(sql.Query):
    """The SQL query of a guarded queryset: it carries the release with it.

    ``Subquery(queryset)``, ``Exists(queryset)`` and ``union()`` take the queryset's query
    and drop the queryset, so a check on the queryset alone never sees them. This query
    refuses to be compiled to SQL at all (on its own, as a subquery, an ``__in`` lookup, an
    ``Exists`` or a part of a union) while serving a request, unless the policy point
    released it; clones keep the mark, so a released queryset's filters, values and
    subqueries stay released.
    """

    released_by_policy_point = False

    def get_compiler(self, using=None, connection=None, elide_empty=True):
        if not self.released_by_policy_point and _enforced():
            _refuse(self.model)
        return super().get_compiler(using, connection, elide_empty)


class GuardedQuerySet(models.QuerySet):
    """A queryset that refuses to be evaluated while serving a request, unless released."""

    def __init__(self, model=None, query=None, using=None, hints=None):
        super().__init__(model, query or GuardedQuery(model), using, hints)
        self._released = False

    def released(self, key) -> GuardedQuerySet:
        """Return this queryset released by the policy point (which alone holds ``key``)."""
        if key is not _KEY:
            raise PolicyPointBypassed("only the policy point releases personal data")
        clone = self._chain()
        clone._released = True
        clone.query.released_by_policy_point = True
        return clone

    def _clone(self):
        clone = super()._clone()
        clone._released = self._released
        return clone

    def _refuse_unless_released(self) -> None:
        if not self._released and _enforced():
            _refuse(self.model)

    def _fetch_all(self):
        if self._result_cache is None:
            self._refuse_unless_released()
            super()._fetch_all()
            if self._released:
                # Rows the policy point handed out; selectors read what belongs to them.
                for row in self._result_cache:
                    if isinstance(row, models.Model):
                        row._released_by_policy_point = True
        else:
            super()._fetch_all()

    def iterator(self, chunk_size=None):
        self._refuse_unless_released()
        return super().iterator(chunk_size)

    def count(self):
        if self._result_cache is None:
            self._refuse_unless_released()
        return super().count()

    def exists(self):
        if self._result_cache is None:
            self._refuse_unless_released()
        return super().exists()

    def aggregate(self, *args, **kwargs):
        self._refuse_unless_released()
        return super().aggregate(*args, **kwargs)

    def update(self, **kwargs):
        self._refuse_unless_released()
        return super().update(**kwargs)

    def delete(self):
        self._refuse_unless_released()
        return super().delete()

    def explain(self, *args, **kwargs):
        self._refuse_unless_released()
        return super().explain(*args, **kwargs)

    def resolve_expression(self, *args, **kwargs):
        # Used as a subquery (``pk__in=Handover.objects.filter(...)``): the outer query would
        # read it without ever evaluating this queryset. (``Subquery`` and ``Exists`` skip
        # this: ``GuardedQuery.get_compiler`` stops them.)
        self._refuse_unless_released()
        return super().resolve_expression(*args, **kwargs)


class GuardedManager(models.Manager.from_queryset(GuardedQuerySet)):
    """Default manager of a model that holds personal data (see the module docstring)."""
