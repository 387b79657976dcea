"""/api/v1/handovers/{id}/…: the case of a handover of the client's team — contacts with the
citizen, the plan, applications awaited. The handover is the way in: the policy point releases
its case to the sending and the receiving team (``access.handovers.handover_for``)."""

from __future__ import annotations

from uuid import UUID

from django.utils.translation import gettext as _
from ninja import Router, Status

from eenloket.access import api as rules
from eenloket.access import handovers as handover_access
from eenloket.api.idempotency import idempotent
from eenloket.api.v1.common import ERRORS, WRITE_ERRORS, WrongSide, actor, scopes
from eenloket.api.v1.schemas import (
    ActionOut,
    ActionStateIn,
    ApplicationIn,
    ApplicationOut,
    ContactIn,
    ContactOut,
    DecisionIn,
)
from eenloket.applications import selectors as application_selectors
from eenloket.applications import services as application_services
from eenloket.cases import services as case_services
from eenloket.core.errors import NotFoundOrForbidden
from eenloket.teamwork import selectors as teamwork
from eenloket.teamwork import services as teamwork_services

router = Router(tags=["the case of a handover"])


def _ref(obj) -> dict:
    return {"id": obj.pk, "name": obj.name}


# The case of a handover: contacts and the plan ------------------------------------------------


@router.post(
    "/{handover_id}/contacts",
    response={201: ContactOut, **WRITE_ERRORS},
    operation_id="handover_contact_create",
    url_name="handover_contact_create",
    summary="Record a contact with the citizen on the handover's case",
)
@idempotent
def handover_contact_create(request, handover_id: UUID, payload: ContactIn):
    rules.require(scopes(request), rules.CONTACTS_WRITE)
    handover = handover_access.handover_for(actor(request), handover_id)
    contact = case_services.contact_record(
        case=handover.case,
        channel=payload.channel,
        direction=payload.direction,
        verification=payload.verification,
        summary=payload.summary,
        follow_up=payload.follow_up,
        occurred_at=payload.occurred_at,
        actor=actor(request),
    )
    return Status(
        201,
        {
            "id": contact.pk,
            "case_id": contact.case_id,
            "channel": contact.channel,
            "direction": contact.direction,
            "occurred_at": contact.occurred_at,
        },
    )


def _action(a, team_id) -> dict:
    team = a.owner_team
    return {
        "id": a.pk,
        "what": a.what,
        "owner_kind": a.owner_kind,
        "owner_organisation": _ref(team.organisation) if team else None,
        "owner_team": _ref(team) if team else None,
        "for_this_team": a.owner_team_id is not None and a.owner_team_id == team_id,
        "due_on": a.due_on,
        "state": a.state,
        "agreed_with_citizen": a.agreed_with_citizen,
        "done_at": a.done_at,
    }


@router.get(
    "/{handover_id}/actions",
    response={200: list[ActionOut], **ERRORS},
    operation_id="handover_plan",
    url_name="handover_plan",
    summary="The plan of the handover's case: who does what by when",
)
def handover_plan(request, handover_id: UUID):
    rules.require(scopes(request), rules.PLAN_READ)
    handover = handover_access.handover_for(actor(request), handover_id)
    team_id = actor(request).membership.team_id
    return [_action(a, team_id) for a in teamwork.of_case(handover.case, actor(request)).actions]


@router.post(
    "/{handover_id}/actions/{action_id}/state",
    response={200: ActionOut, **WRITE_ERRORS},
    operation_id="handover_plan_action_state",
    url_name="handover_plan_action_state",
    summary="Mark an action of the plan done, cancelled or open again",
)
@idempotent
def handover_plan_action_state(request, handover_id: UUID, action_id: UUID, payload: ActionStateIn):
    rules.require(scopes(request), rules.PLAN_WRITE)
    handover = handover_access.handover_for(actor(request), handover_id)
    # An action the client's team may not read (decision 0039) is not found, as for a worker.
    action = teamwork.action_of(handover.case, action_id, actor(request))
    if action is None:
        raise NotFoundOrForbidden()
    action = teamwork_services.action_set_state(
        action=action, state=payload.state, actor=actor(request)
    )
    return _action(action, actor(request).membership.team_id)


# Applications awaited -----------------------------------------------------------


def _application(a) -> dict:
    return {
        "id": a.pk,
        "case_id": a.case_id,
        "organisation": _ref(a.organisation),
        "what": a.what,
        "filed_on": a.filed_on,
        "due_on": a.due_on,
        "state": a.state,
        "decided_on": a.decided_on,
        "outcome": a.outcome,
    }


@router.post(
    "/{handover_id}/applications",
    response={201: ApplicationOut, **WRITE_ERRORS},
    operation_id="handover_application_create",
    url_name="handover_application_create",
    summary="Record that the citizen applied to the client's organisation",
)
@idempotent
def handover_application_create(request, handover_id: UUID, payload: ApplicationIn):
    rules.require(scopes(request), rules.APPLICATIONS_WRITE)
    handover = handover_access.handover_for(actor(request), handover_id)
    application = application_services.application_record(
        case=handover.case,
        organisation=actor(request).membership.organisation,
        what=payload.what,
        filed_on=payload.filed_on,
        term_value=payload.term_value,
        term_unit=payload.term_unit if payload.term_value is not None else "",
        actor=actor(request),
    )
    return Status(201, _application(application))


@router.post(
    "/{handover_id}/applications/{application_id}/decision",
    response={200: ApplicationOut, **WRITE_ERRORS},
    operation_id="handover_application_decision",
    url_name="handover_application_decision",
    summary="Record the decision on an application to the client's organisation",
)
@idempotent
def handover_application_decision(
    request, handover_id: UUID, application_id: UUID, payload: DecisionIn
):
    rules.require(scopes(request), rules.APPLICATIONS_WRITE)
    handover = handover_access.handover_for(actor(request), handover_id)
    application = application_selectors.application_of(handover.case, application_id)
    if application is None:
        raise NotFoundOrForbidden()
    if not rules.decides(actor(request), application):
        raise WrongSide(_("Only the organisation the citizen applied to records its decision."))
    application = application_services.application_decided(
        application=application,
        decided_on=payload.decided_on,
        outcome=payload.outcome,
        actor=actor(request),
    )
    return _application(application)
