"""/api/v1/handovers/: the handovers of the client's team, and its answers to them."""

from __future__ import annotations

from uuid import UUID

from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import Header, Query, Router, Status

from eenloket.access import api as rules
from eenloket.access import handovers as handover_access
from eenloket.api.idempotency import idempotent
from eenloket.api.v1.common import (
    ERRORS,
    WRITE_ERRORS,
    PreconditionFailed,
    WrongSide,
    actor,
    next_id_cursor,
    scopes,
)
from eenloket.api.v1.schemas import (
    AcceptIn,
    CompleteIn,
    DeclineIn,
    FailIn,
    HandoverConsent,
    HandoverDetail,
    HandoverPage,
    HandoverStateName,
    HandoverStatus,
    ProgressIn,
    RerouteIn,
)
from eenloket.core.errors import DomainError, NotFoundOrForbidden
from eenloket.directory import selectors as directory
from eenloket.handovers import services
from eenloket.handovers.states import State

CURSOR = Query(None, description="next_cursor of the page before.")

router = Router(tags=["handovers"])


def _ref(obj) -> dict:
    return {"id": obj.pk, "name": obj.name}


def _summary(h, about) -> dict:
    return {
        "id": h.pk,
        "state": h.state,
        "urgency": h.urgency,
        "warmth": h.warmth,
        "case_id": h.case_id,
        "person": {"name": h.case.person.full_name},
        "from_organisation": _ref(h.from_team.organisation),
        "from_team": _ref(h.from_team),
        "to_organisation": _ref(h.to_team.organisation),
        "to_team": _ref(h.to_team),
        "contact_point": _ref(h.contact_point),
        "sent_at": h.sent_at,
        "due_at": h.due_at,
        "accepted_at": h.accepted_at,
        "closed_at": h.closed_at,
        "overdue": h.overdue,
        "escalated": h.escalated_at is not None,
        "version": h.version,
        "starts_on": h.starts_on,
        "about": about,
    }


def _status(h) -> dict:
    return {
        "id": h.pk,
        "state": h.state,
        "version": h.version,
        "accepted_at": h.accepted_at,
        "closed_at": h.closed_at,
        "reason_code": h.reason_code,
        "receiver_reference": h.receiver_reference,
    }


def _etag(handover) -> str:
    return f'"{handover.version}"'


def _to_answer(request, handover_id, if_match: str | None):
    """The handover, for its receiving team, checked against If-Match."""
    rules.require(scopes(request), rules.HANDOVERS_WRITE)
    handover = handover_access.handover_to_answer(actor(request), handover_id)
    if not rules.is_receiver(actor(request), handover):
        raise WrongSide(_("Only the receiving team answers a handover."))
    if if_match and if_match.strip() not in ("*", _etag(handover)):
        raise PreconditionFailed()
    return handover


IF_MATCH = Header(
    None,
    alias="If-Match",
    max_length=40,
    description='The version read (the ETag, e.g. "3"): a handover changed since gets 412.',
)


DIRECTION = Query(rules.INCOMING, description="incoming: sent to the team; outgoing: sent by it.")
STATES = Query([], description="Only handovers in these states (repeat the parameter).")


@router.get(
    "",
    response={200: HandoverPage, **ERRORS},
    operation_id="handover_list",
    url_name="handover_list",
    summary="Handovers the client's team received (or sent), newest first",
)
def handover_list(
    request,
    direction: rules.Direction = DIRECTION,
    state: list[HandoverStateName] = STATES,
    cursor: UUID | None = CURSOR,
    limit: int = Query(50, ge=1, le=100),
):
    rules.require(scopes(request), rules.HANDOVERS_READ)
    items = rules.handovers_page(
        actor(request), direction=direction, states=state, after=cursor, limit=limit
    )
    labels = rules.handover_labels(actor(request), items)
    return {
        "items": [_summary(h, labels[h.pk]) for h in items],
        "next_cursor": next_id_cursor(items, limit),
    }


@router.get(
    "/{handover_id}",
    response={200: HandoverDetail, **ERRORS},
    operation_id="handover_read",
    url_name="handover_read",
    summary="One handover, with its question, what was shared and its history",
)
def handover_read(request, handover_id: UUID, response: HttpResponse):
    rules.require(scopes(request), rules.HANDOVERS_READ)
    handover = handover_access.handover_for(actor(request), handover_id)
    response["ETag"] = _etag(handover)
    return {
        **_summary(handover, handover_access.label_of(actor(request), handover)),
        "question": handover.question,
        "why_this_organisation": handover.why_this_organisation,
        "asked": handover.asked,
        "reason_code": handover.reason_code,
        "reason_text": handover.reason_text,
        "decision_on": handover.decision_on,
        "receiver_reference": handover.receiver_reference,
        "shared": {str(k): str(v) for k, v in (handover.shared or {}).items()},
        "channels": [str(c) for c in handover.channels or ()],
        "history": [
            {
                "at": e.created_at,
                "kind": e.kind,
                "source": e.source,
                "target": e.target,
                "reason_code": e.reason_code,
                "text": e.text,
            }
            for e in handover_access.events_of(handover)
        ],
    }


@router.post(
    "/{handover_id}/accept",
    response={200: HandoverStatus, **WRITE_ERRORS},
    operation_id="handover_accept",
    url_name="handover_accept",
    summary="Accept a handover sent to the client's team",
)
@idempotent
def handover_accept(
    request, handover_id: UUID, payload: AcceptIn | None = None, if_match: str | None = IF_MATCH
):
    handover = _to_answer(request, handover_id, if_match)
    handover = services.handover_transition(
        handover=handover, target=State.ACCEPTED, actor=actor(request)
    )
    if payload is not None and payload.reference.strip():
        handover = services.handover_set_reference(
            handover=handover, reference=payload.reference, actor=actor(request)
        )
    return _status(handover)


def _direct_line(request, contact_point_id, *, field: str):
    """The direct line a payload names, as the client may see it; an unknown one is an error on
    that field (a 422 naming it), never a 404 of the whole handover."""
    try:
        return directory.contact_point_detail(
            actor=actor(request), contact_point_id=contact_point_id
        )
    except NotFoundOrForbidden:
        raise DomainError(_("There is no direct line with this id."), field=field) from None


@router.post(
    "/{handover_id}/decline",
    response={200: HandoverStatus, **WRITE_ERRORS},
    operation_id="handover_decline",
    url_name="handover_decline",
    summary="Decline a handover with a coded reason; it returns to the sender",
)
@idempotent
def handover_decline(
    request, handover_id: UUID, payload: DeclineIn, if_match: str | None = IF_MATCH
):
    handover = _to_answer(request, handover_id, if_match)
    suggested = None
    if payload.suggested_contact_point_id is not None:
        suggested = _direct_line(
            request, payload.suggested_contact_point_id, field="suggested_contact_point_id"
        )
    handover = services.handover_transition(
        handover=handover,
        target=State.DECLINED,
        reason_code=payload.reason_code,
        text=payload.reason_text,
        suggested_contact_point=suggested,
        actor=actor(request),
    )
    return _status(handover)


@router.post(
    "/{handover_id}/progress",
    response={200: HandoverStatus, **WRITE_ERRORS},
    operation_id="handover_progress",
    url_name="handover_progress",
    summary="Report progress: work started (or resumed), or on hold with the reason",
)
@idempotent
def handover_progress(
    request, handover_id: UUID, payload: ProgressIn, if_match: str | None = IF_MATCH
):
    handover = _to_answer(request, handover_id, if_match)
    handover = services.handover_transition(
        handover=handover, target=payload.status, text=payload.reason_text, actor=actor(request)
    )
    if payload.reference is not None and payload.reference.strip():
        handover = services.handover_set_reference(
            handover=handover, reference=payload.reference, actor=actor(request)
        )
    return _status(handover)


@router.post(
    "/{handover_id}/complete",
    response={200: HandoverStatus, **WRITE_ERRORS},
    operation_id="handover_complete",
    url_name="handover_complete",
    summary="Complete a handover with its outcome; the citizen is told",
)
@idempotent
def handover_complete(
    request, handover_id: UUID, payload: CompleteIn, if_match: str | None = IF_MATCH
):
    handover = _to_answer(request, handover_id, if_match)
    handover = services.handover_transition(
        handover=handover,
        target=State.COMPLETED,
        reason_code=payload.outcome,
        text=payload.reason_text,
        decision_on=payload.decision_on,
        actor=actor(request),
    )
    return _status(handover)


@router.post(
    "/{handover_id}/fail",
    response={200: HandoverStatus, **WRITE_ERRORS},
    operation_id="handover_fail",
    url_name="handover_fail",
    summary="Close a handover that could not be carried out; it returns to the sender",
)
@idempotent
def handover_fail(request, handover_id: UUID, payload: FailIn, if_match: str | None = IF_MATCH):
    handover = _to_answer(request, handover_id, if_match)
    handover = services.handover_transition(
        handover=handover,
        target=State.FAILED,
        reason_code=payload.reason_code,
        text=payload.reason_text,
        actor=actor(request),
    )
    return _status(handover)


@router.get(
    "/{handover_id}/consent",
    response={200: HandoverConsent, **ERRORS},
    operation_id="handover_consent",
    url_name="handover_consent",
    summary="The consents and bases the client's organisation relies on for this handover",
)
def handover_consent(request, handover_id: UUID):
    rules.require(scopes(request), rules.CONSENT_READ)
    handover, consents = rules.consents_for_handover(actor(request), handover_id)
    return {
        "handover_id": handover.pk,
        "shared": {str(k): str(v) for k, v in (handover.shared or {}).items()},
        "consents": [
            {
                "id": c.pk,
                "state": c.state,
                "categories": list(c.categories),
                "items": [str(i) for i in c.items],
                "purpose": c.purpose,
                "explicit_special": c.explicit_special,
                "valid_from": c.valid_from,
                "valid_until": c.valid_until,
                "case_id": c.case_id,
            }
            for c in consents
        ],
    }


# Re-routing a declined handover ---------------------------------------------------------------


@router.post(
    "/{handover_id}/reroute",
    response={201: HandoverStatus, **WRITE_ERRORS},
    operation_id="handover_reroute",
    url_name="handover_reroute",
    summary="Send a declined handover on to another direct line (the sending team)",
)
@idempotent
def handover_reroute(request, handover_id: UUID, payload: RerouteIn):
    rules.require(scopes(request), rules.HANDOVERS_WRITE)
    handover = handover_access.handover_for(actor(request), handover_id)
    if not rules.is_sender(actor(request), handover):
        raise WrongSide(_("Only the sending team re-routes a handover."))
    line = _direct_line(request, payload.contact_point_id, field="contact_point_id")
    new = services.handover_reroute(
        declined=handover,
        contact_point=line,
        question=payload.question,
        why=payload.why_this_organisation,
        asked=payload.asked,
        reason_without_contact=payload.reason_without_contact,
        about=payload.about,
        starts_on=payload.starts_on,
        actor=actor(request),
    )
    return Status(201, _status(new))
