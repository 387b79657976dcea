"""How the policy point hands out rows of the guarded models (docs/decisions/0031).

While a request is served, a queryset of a guarded model (access/guarded.py) refuses to be
evaluated unless it was released here. This module holds the one key that releases them
(``core.policy_guard.claim_key``): the policy point's own modules read through ``release``;
a domain selector that shows what belongs to a case the policy point already released (its
contacts, facts, handovers) reads through ``rows_of``. Interfaces use neither: they call the
policy point's decisions and the domain selectors (tested in
backoffice/tests/test_policy_point_guard.py).
"""

from __future__ import annotations

from django.db.models import Model, QuerySet

from eenloket.core.policy_guard import PolicyPointBypassed, claim_key, is_released, is_serving

_KEY = claim_key()


def release(model: type[Model]) -> QuerySet:
    """Every row of a guarded model, released: for the policy point's own modules, which decide
    (and log) what of it reaches anyone."""
    return model._default_manager.all().released(_KEY)


def rows_of(model: type[Model], cases, *, via: str = "case") -> QuerySet:
    """The rows of ``model`` that belong to cases the policy point released to the actor (one
    case or several), or to their persons: ``via`` is the lookup from ``model`` to the case
    (``"case"``, ``"contact__case"``) or to the person (``"person"``, ``"represented"``).

    The read was decided and logged when the case was released (``casework.case_for``,
    ``citizens.citizen_case``); the selector still shows only what the case's ``disclosure``
    allows. While a request is served, a case that did not come from the policy point raises
    PolicyPointBypassed (jobs and tests may pass any case).
    """
    cases = [cases] if isinstance(cases, Model) else list(cases)
    if is_serving():
        for case in cases:
            if not is_released(case):
                raise PolicyPointBypassed(
                    f"rows of {model._meta.label} were asked for a case the policy point did "
                    "not release"
                )
    target = _target(model, via)
    if target == "people.Person":
        keys = list(dict.fromkeys(case.person_id for case in cases))
    elif target == "cases.Case":
        keys = [case.pk for case in cases]
    else:
        raise ValueError(f"{model._meta.label}.{via} leads to {target}, not a case or a person")
    rows = release(model)
    if len(keys) == 1:
        return rows.filter(**{via: keys[0]})
    return rows.filter(**{f"{via}__in": keys})


def _target(model: type[Model], via: str) -> str:
    for name in via.split("__"):
        model = model._meta.get_field(name).related_model
    return model._meta.label
