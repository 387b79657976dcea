"""The policy point for pages that are the owning organisation's alone (entitlement checks,
the overview letter): a partner on the case is refused, and the refusal is logged like any
other (#26: the authorisation matrix found these refusals made in the views, unlogged).

A module of its own, next to ``access.py``, so the move of the policy point into ``access/``
takes it along without a collision.
"""

from __future__ import annotations

from uuid import UUID

from eenloket.audit import processing
from eenloket.cases.models import Case
from eenloket.consent import access
from eenloket.core.actor import Actor
from eenloket.core.errors import NotFoundOrForbidden

OWNER_ONLY = "owner_only"


def case_for_owner(
    actor: Actor, case_id: UUID | str, *, activity: str = processing.CASE_VIEW
) -> Case:
    """Return the case when the actor's organisation owns it, logging the read; a partner on
    the case (or anyone else) gets NotFoundOrForbidden, and an attempt on a case that exists is
    logged as refused ("owner_only")."""
    case = access.case_for(actor, case_id, activity=activity, log=False)
    if case.disclosure.relation != "owner":
        access._refuse(actor, activity, case.person_id, ("name",), OWNER_ONLY, "case", case.pk)
        raise NotFoundOrForbidden()
    processing.record(
        activity=activity,
        actor=actor,
        subject_ids=[case.person_id],
        categories=["name"],
        status=processing.STATUS_OK,
        object_type="case",
        object_id=case.pk,
        bases=case.disclosure.log_bases(["name"]),
    )
    return case
