"""The policy point: the only way to obtain a person's data or a case, and where each read
is logged.

For now it decides on membership and case relation: a worker sees a case that their acting
membership's team owns or works on; nobody browses. The consent issue (#7) adds legal basis,
consent per category and break-glass. Missing and forbidden give the same answer.
"""

from __future__ import annotations

from collections.abc import Callable
from uuid import UUID

from django.db.models import Exists, OuterRef, Q, QuerySet

from eenloket.accounts.models import CASEWORK_ROLES, Role
from eenloket.audit import processing
from eenloket.audit import selectors as audit_selectors
from eenloket.cases.models import Case, CaseTeam
from eenloket.core.actor import Actor
from eenloket.core.errors import NotFoundOrForbidden

# The data categories a case page shows; the consent issue refines this per recipient.
CASE_CATEGORIES = ("contact", "case_notes")


def _casework_team_id(actor: Actor):
    """Return the team the actor does case work for, or None when they do no case work."""
    membership = actor.membership
    if not actor.is_worker or membership is None:
        return None
    if not membership.is_current():
        return None
    if membership.role not in CASEWORK_ROLES:
        return None
    return membership.team_id


def does_casework(actor: Actor) -> bool:
    """Tell whether the actor acts through a membership that works on cases."""
    return _casework_team_id(actor) is not None


def visible_cases(actor: Actor) -> QuerySet[Case]:
    """Return, as a filter, the cases the actor may see: owned by or worked on by their team.

    This does not log: use it to compose queries and count. Showing cases goes through
    ``read_cases`` or ``case_for``, which log.
    """
    team_id = _casework_team_id(actor)
    if team_id is None:
        return Case.objects.none()
    works_on = CaseTeam.objects.filter(case=OuterRef("pk"), team_id=team_id)
    return Case.objects.filter(Q(owning_team_id=team_id) | Exists(works_on))


def read_cases(
    actor: Actor,
    *,
    activity: str,
    shape: Callable[[QuerySet[Case]], QuerySet[Case]] = lambda cases: cases,
) -> list[Case]:
    """Return the visible cases, filtered, ordered and sliced by ``shape``, and log the read.

    One processing-log line per person shown.
    """
    cases = list(shape(visible_cases(actor).select_related("person")))
    if cases:
        processing.record(
            activity=activity,
            actor=actor,
            subject_ids=[case.person_id for case in cases],
            categories=("contact",),
            status=processing.STATUS_OK,
            object_type="case_list",
        )
    return cases


def case_for(actor: Actor, case_id: UUID | str, *, activity: str = processing.CASE_VIEW) -> Case:
    """Return the case when the actor may see it, logging the read; else NotFoundOrForbidden.

    A refused attempt on a case that exists is logged too (status error, with the reason),
    so the citizen can see it.
    """
    try:
        case_id = UUID(str(case_id))
    except ValueError:
        raise NotFoundOrForbidden() from None
    try:
        case = (
            visible_cases(actor)
            .select_related("person", "owning_team__organisation")
            .get(pk=case_id)
        )
    except Case.DoesNotExist:
        refused = Case.objects.filter(pk=case_id).values_list("person_id", flat=True).first()
        if refused is not None:
            processing.record(
                activity=activity,
                actor=actor,
                subject_ids=[refused],
                categories=CASE_CATEGORIES,
                status=processing.STATUS_ERROR,
                reason="no_relation_to_case",
                object_type="case",
                object_id=case_id,
            )
        raise NotFoundOrForbidden() from None
    processing.record(
        activity=activity,
        actor=actor,
        subject_ids=[case.person_id],
        categories=CASE_CATEGORIES,
        status=processing.STATUS_OK,
        object_type="case",
        object_id=case.pk,
    )
    return case


def may_query_processing_log(actor: Actor) -> bool:
    """Tell whether the actor may search the processing log: a current privacy officer."""
    membership = actor.membership
    if not actor.is_worker or membership is None or not membership.is_current():
        return False
    return membership.role == Role.PRIVACY_OFFICER


def processing_log_for(actor: Actor, **filters) -> list:
    """Return processing log lines for oversight (one filter required), and log the search.

    Raise NotFoundOrForbidden for anyone but a privacy officer.
    """
    if not may_query_processing_log(actor):
        raise NotFoundOrForbidden()
    lines = list(audit_selectors.log_lines(**filters))
    person_id = filters.get("subject_person_id")
    processing.record(
        activity=processing.LOG_PRIVACY_QUERY,
        actor=actor,
        subject_ids=[person_id] if person_id else [],
        categories=("processing_log",),
        status=processing.STATUS_OK,
        object_type="processing_log",
        object_id=filters.get("trace_id") or filters.get("activity") or "",
    )
    return lines


def who_looked_for(actor: Actor, case_id) -> tuple[Case, list]:
    """Return the case and every access to its person's data in plain words, for showing to
    that person (a worker with them at the desk). Needs access to the case; logged."""
    case = case_for(actor, case_id)
    accesses = audit_selectors.who_looked(person_id=case.person_id)
    processing.record(
        activity=processing.LOG_SUBJECT_VIEW,
        actor=actor,
        subject_ids=[case.person_id],
        categories=("processing_log",),
        status=processing.STATUS_OK,
        object_type="case",
        object_id=case.pk,
    )
    return case, accesses
