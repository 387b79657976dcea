"""Reads of the applications of a case the policy point released. Which overdue applications a
team sees is the policy point's (``access.casework.overdue_applications``)."""

from __future__ import annotations

from eenloket.access.release import rows_of
from eenloket.applications.models import Application


def application_of(case, application_id) -> Application | None:
    """One application of a case already released by the policy point."""
    return (
        rows_of(Application, case)
        .filter(pk=application_id)
        .select_related("organisation", "scheme__service")
        .first()
    )


def applications_of(case) -> list[Application]:
    """The applications of a case the policy point released to the actor. One query."""
    return list(rows_of(Application, case).select_related("organisation", "scheme__service"))
