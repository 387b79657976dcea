"""/api/v1/referrals and /api/v1/arrears-signals: a partner sends a person into the loket with
a question, or signals payment arrears (Wgs art. 3(1)(b) and 5(2)-(3)), and follows what
became of it (decision 0047). The writes are ``cases/services/referrals.py``'s."""

from __future__ import annotations

from uuid import UUID

from ninja import Router, Status

from eenloket.access import api as rules
from eenloket.api.idempotency import idempotent
from eenloket.api.v1.common import ERRORS, WRITE_ERRORS, actor, scopes
from eenloket.api.v1.schemas import ArrearsIn, ReferralIn, ReferralOut
from eenloket.cases.services import referrals

router = Router(tags=["referrals"])


def _out(referral) -> dict:
    team = referral.to_team
    return {
        "id": referral.pk,
        "kind": referral.kind,
        "state": rules.released_referral_state(referral),
        "to_organisation": {"id": team.organisation_id, "name": team.organisation.name},
        "to_team": {"id": team.pk, "name": team.name},
        "next_step_due": referral.next_step_due,
        "created_at": referral.created_at,
        "answered_at": referral.answered_at,
    }


@router.post(
    "/referrals",
    response={201: ReferralOut, **WRITE_ERRORS},
    operation_id="referral_create",
    url_name="referral_create",
    summary="Refer a person with a question to a municipality's loket",
)
@idempotent
def referral_create(request, payload: ReferralIn):
    rules.require(scopes(request), rules.REFERRALS_WRITE)
    referral = referrals.referral_question(
        from_team=request.api_client.team,
        to_organisation=payload.to_organisation,
        person=payload.person.dict(),
        question=payload.question,
        already_done=payload.already_done,
        urgent=payload.urgent,
        reach=payload.reach,
        actor=actor(request),
    )
    return Status(201, _out(referral))


@router.post(
    "/arrears-signals",
    response={201: ReferralOut, **WRITE_ERRORS},
    operation_id="arrears_signal_create",
    url_name="arrears_signal_create",
    summary=(
        "Signal payment arrears so the municipality can offer help (Wgs art. 3(1)(b) and 5(2)-(3))"
    ),
)
@idempotent
def arrears_signal_create(request, payload: ArrearsIn):
    rules.require(scopes(request), rules.REFERRALS_WRITE)
    referral = referrals.referral_arrears(
        from_team=request.api_client.team,
        to_organisation=payload.to_organisation,
        person=payload.person.dict(),
        creditor=payload.creditor,
        amount_euros=payload.amount_euros,
        months=payload.months,
        already_done=payload.already_done,
        reach=payload.reach,
        actor=actor(request),
    )
    return Status(201, _out(referral))


@router.get(
    "/referrals/{referral_id}",
    response={200: ReferralOut, **ERRORS},
    operation_id="referral_read",
    url_name="referral_read",
    summary="What became of a referral or signal the client's team sent",
)
def referral_read(request, referral_id: UUID):
    rules.require(scopes(request), rules.REFERRALS_WRITE)
    return _out(rules.referral_for_sender(actor(request), referral_id))
