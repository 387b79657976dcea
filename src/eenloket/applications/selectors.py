"""Reads of applications awaited."""

from __future__ import annotations

from eenloket.access import capabilities, casework
from eenloket.applications.models import Application, ApplicationState
from eenloket.audit import processing
from eenloket.core import clock
from eenloket.core.actor import Actor


def application_of(case, application_id) -> Application | None:
    """One application of a case already released by the policy point."""
    return (
        Application.objects.filter(case=case, pk=application_id)
        .select_related("organisation", "scheme__service")
        .first()
    )


def applications_of(case) -> list[Application]:
    """The applications of a case the policy point released to the actor. One query."""
    return list(
        Application.objects.filter(case=case).select_related("organisation", "scheme__service")
    )


def overdue_for(actor: Actor, limit: int = 50) -> list[Application]:
    """Waiting applications past their expected decision date, of cases the actor's team sees
    and whose notes their organisation may see; logged like a worklist. Two queries."""
    if not capabilities.does_casework(actor):
        return []
    overdue = list(
        Application.objects.filter(
            state=ApplicationState.WAITING,
            due_on__lt=clock.today(),
            case__in=casework.visible_cases(actor),
            case__owning_team__organisation_id=actor.membership.organisation_id,
        )
        .select_related("organisation", "case__person")
        .order_by("due_on")[:limit]
    )
    if overdue:
        processing.record(
            activity=processing.CASE_WORKLIST,
            actor=actor,
            subject_ids=[a.case.person_id for a in overdue],
            categories=("name", "case_notes"),
            status=processing.STATUS_OK,
            object_type="overdue_applications",
        )
    return overdue
