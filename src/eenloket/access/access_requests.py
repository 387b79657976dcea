"""Asking access (#6): a worker who found a person whose case another team owns asks that
team's coordinator to let their team work on it. Before it is granted they learn only which
team owns which open case, nothing of the dossier; the coordinator who decides sees the request
with the person's name. Granting it is a service (``cases.services.access_request_decide``)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from uuid import UUID

from django.db.models import QuerySet

from eenloket.access.capabilities import casework_team_id, coordinator_team_id, does_casework
from eenloket.access.casework import visible_cases
from eenloket.access.release import release
from eenloket.audit import processing, register
from eenloket.cases.models import AccessRequest, AccessRequestState, Case, CaseStatus
from eenloket.core.actor import Actor
from eenloket.core.errors import NotFoundOrForbidden


@dataclass(frozen=True)
class CaseToAsk:
    """A case the actor's team may ask to work on: its id and who owns it, nothing of the
    dossier. ``asked``: the team already has an open request for it."""

    case_id: UUID
    owning_team: str
    organisation: str
    asked: bool


def _cases_to_ask(actor: Actor, person_id, just_found: Iterable[str]) -> QuerySet[Case]:
    if not does_casework(actor) or str(person_id) not in {str(i) for i in just_found}:
        raise NotFoundOrForbidden()
    return (
        release(Case)
        .filter(person_id=person_id, person__merged_into__isnull=True)
        .exclude(status=CaseStatus.CLOSED)
        .exclude(pk__in=visible_cases(actor).values("pk"))
    )


def cases_to_ask_access_for(
    actor: Actor, person_id, *, just_found: Iterable[str]
) -> list[CaseToAsk]:
    """Return the open cases of a person the actor just found (by search) that their team does
    not see, as case ids with the owning team's name only, so the worker can ask that team's
    coordinator for access. Else NotFoundOrForbidden. Logged (category "involvement")."""
    rows = list(
        _cases_to_ask(actor, person_id, just_found)
        .order_by("opened_at")
        .values_list("pk", "owning_team__name", "owning_team__organisation__name")
    )
    asked = set(
        release(AccessRequest)
        .filter(
            case_id__in=[pk for pk, _team, _org in rows],
            requesting_team_id=casework_team_id(actor),
            state=AccessRequestState.REQUESTED,
        )
        .values_list("case_id", flat=True)
    )
    processing.record(
        activity=register.CASE_ACCESS_ASK,
        actor=actor,
        subject_ids=[person_id],
        categories=("involvement",),
        status=processing.STATUS_OK,
        object_type="person_cases",
    )
    return [CaseToAsk(pk, team, org, pk in asked) for pk, team, org in rows]


def case_for_access_request(actor: Actor, person_id, case_id, *, just_found) -> Case:
    """Return one of ``cases_to_ask_access_for`` as a case object, only to hand it to
    ``cases.services.access_request_create``: never show it. Else NotFoundOrForbidden."""
    case = _cases_to_ask(actor, person_id, just_found).filter(pk=case_id).first()
    if case is None:
        raise NotFoundOrForbidden()
    return case


def access_requests_to_decide(actor: Actor) -> list[AccessRequest]:
    """Return the open access requests for cases the actor's team owns, oldest first, when the
    actor is its coordinator (else none), in one query. Logged: one line per person."""
    team_id = coordinator_team_id(actor)
    if team_id is None:
        return []
    requests = list(
        release(AccessRequest)
        .filter(state=AccessRequestState.REQUESTED, case__owning_team_id=team_id)
        .select_related("case__person", "requesting_team__organisation", "requested_by")
        .order_by("created_at")[:100]
    )
    if requests:
        processing.record(
            activity=register.CASE_ACCESS_DECIDE,
            actor=actor,
            subject_ids=[r.case.person_id for r in requests],
            categories=("contact",),
            status=processing.STATUS_OK,
            object_type="access_request_list",
        )
    return requests


def access_request_for_decision(actor: Actor, request_id) -> AccessRequest:
    """Return an access request for a case the actor's team owns, when the actor is its
    coordinator; else NotFoundOrForbidden (refusals of existing requests are logged)."""
    try:
        request_id = UUID(str(request_id))
    except ValueError:
        raise NotFoundOrForbidden() from None
    team_id = coordinator_team_id(actor)
    request = (
        release(AccessRequest)
        .filter(pk=request_id)
        .select_related("case__person", "requesting_team__organisation", "requested_by")
        .first()
    )
    if request is None:
        raise NotFoundOrForbidden()
    allowed = team_id is not None and request.case.owning_team_id == team_id
    processing.record(
        activity=register.CASE_ACCESS_DECIDE,
        actor=actor,
        subject_ids=[request.case.person_id],
        categories=("contact",),
        status=processing.STATUS_OK if allowed else processing.STATUS_ERROR,
        reason="" if allowed else "not_coordinator_of_owning_team",
        object_type="access_request",
        object_id=request.pk,
    )
    if not allowed:
        raise NotFoundOrForbidden()
    return request


def access_requests_of_team(actor: Actor) -> list[AccessRequest]:
    """Return the access requests the actor's team made, newest first: the owning team, the
    state and the note, no dossier content (the case is visible once granted). One query."""
    team_id = casework_team_id(actor)
    if team_id is None:
        return []
    return list(
        release(AccessRequest)
        .filter(requesting_team_id=team_id)
        .select_related("case__owning_team__organisation", "requested_by", "decided_by")
        .order_by("-created_at")[:100]
    )


def own_access_request(actor: Actor, request_id) -> AccessRequest:
    """Return an access request the actor made (to withdraw it); else NotFoundOrForbidden."""
    if not does_casework(actor):
        raise NotFoundOrForbidden()
    request = release(AccessRequest).filter(pk=request_id, requested_by_id=actor.user.pk).first()
    if request is None:
        raise NotFoundOrForbidden()
    return request
