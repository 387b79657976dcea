"""Legal holds (#23, retention): the privacy officer sees them and places one on a dossier by
its id (a complaint, an objection or a court case names the dossier); nobody else. A hold
shows the case id, the kind, the reason and the dates: no content of the dossier."""

from __future__ import annotations

from eenloket.access._common import uuid_or_none
from eenloket.access.capabilities import may_query_processing_log
from eenloket.access.release import release
from eenloket.cases.models import Case
from eenloket.core.actor import Actor
from eenloket.core.errors import NotFoundOrForbidden
from eenloket.retention.models import LegalHold


def legal_holds(actor: Actor) -> list[LegalHold]:
    """Every hold, the ones in force first; for the privacy officer only. One query."""
    if not may_query_processing_log(actor):
        raise NotFoundOrForbidden()
    return list(
        release(LegalHold)
        .select_related("placed_by", "released_by")
        .order_by("released_at", "until")[:500]
    )


def legal_hold_for(actor: Actor, hold_id) -> LegalHold:
    """One hold, for the privacy officer to release; else NotFoundOrForbidden."""
    if not may_query_processing_log(actor):
        raise NotFoundOrForbidden()
    hold = release(LegalHold).filter(pk=uuid_or_none(hold_id)).first()
    if hold is None:
        raise NotFoundOrForbidden()
    return hold


def case_to_hold(actor: Actor, case_id) -> Case:
    """The dossier the privacy officer puts a hold on, by its id (nothing of it is shown);
    NotFoundOrForbidden for anyone else, and for an id that does not exist."""
    if not may_query_processing_log(actor):
        raise NotFoundOrForbidden()
    case = release(Case).filter(pk=uuid_or_none(case_id)).first()
    if case is None:
        raise NotFoundOrForbidden()
    return case
