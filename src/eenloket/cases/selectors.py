"""Reads of cases; always given the actor, always through the policy point."""

from django.db.models import F

from eenloket.audit import processing
from eenloket.cases.models import Case, CaseStatus
from eenloket.consent import access
from eenloket.core.actor import Actor

WORKLIST_SIZE = 50


def worklist(*, actor: Actor, limit: int = WORKLIST_SIZE) -> list[Case]:
    """Return the actor's team's open and on-hold cases, the most urgent next step first."""

    def shape(cases):
        return (
            cases.exclude(status=CaseStatus.CLOSED)
            .select_related("owning_team__organisation")
            .order_by(F("next_step_due").asc(nulls_first=True), "opened_at")[:limit]
        )

    return access.read_cases(actor, activity=processing.CASE_WORKLIST, shape=shape)
