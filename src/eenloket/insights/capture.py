"""Keep the anonymous facts (models.py) in step with the cases they describe.

The services that change a case, a contact, an assessment, a handover, an appointment, the
outcome per need or the citizen's verdict call ``case_changed`` in their own transaction: the
facts of that one case are rebuilt from its current rows (a handful of queries), so they can
never drift from what happened and a rolled-back change leaves no fact behind.
``eenloket insights rebuild`` does the same for every case (after a migration, or to repair).

Only codes, organisations, teams, moments and keyed pseudonyms are copied: never a name, a
BSN, an address or any text a person wrote.
"""

from __future__ import annotations

from eenloket.appointments.models import Appointment
from eenloket.assessment.models import Assessment
from eenloket.cases.models import Case, Contact
from eenloket.handovers.models import Handover
from eenloket.insights.models import (
    AppointmentFact,
    CaseFact,
    ContactFact,
    HandoverFact,
    TopicFact,
)
from eenloket.insights.refs import person_ref, ref
from eenloket.outcomes.models import NeedOutcome, Verdict

# Handover states that never count: it was never sent, or sent by mistake.
_NOT_COUNTED = ("draft", "entered_in_error")


def _seconds(start, end) -> int | None:
    if start is None or end is None:
        return None
    return max(0, int((end - start).total_seconds()))


def case_changed(case_or_id) -> CaseFact | None:
    """Rebuild the facts of one case from its current state (in the caller's transaction).

    Returns the case's fact row, or None when the case no longer exists (its facts stay)."""

    case_id = getattr(case_or_id, "pk", case_or_id)
    case = Case._base_manager.select_related("owning_team__organisation").filter(pk=case_id).first()
    if case is None:
        return None
    organisation = case.owning_team.organisation
    contacts = list(
        Contact._base_manager.filter(case_id=case.pk).values(
            "channel", "direction", "occurred_at", "recorded_by_id"
        )
    )
    by_worker = [c["occurred_at"] for c in contacts if c["recorded_by_id"] is not None]
    first_contact = min(by_worker) if by_worker else None
    levels = list(
        Assessment._base_manager.filter(case_id=case.pk)
        .order_by("assessed_on", "created_at")
        .values_list("support_level", flat=True)
    )
    verdict = Verdict._base_manager.filter(case_id=case.pk, answer__gt="").first()
    values = {
        "person_ref": person_ref(case.person_id),
        "municipality_id": organisation.municipality_id,
        "organisation_id": organisation.pk,
        "team_id": case.owning_team_id,
        "opened_at": case.opened_at,
        "first_contact_at": first_contact,
        "first_contact_seconds": _seconds(case.opened_at, first_contact),
        "status": case.status,
        "next_step_due": case.next_step_due,
        "closed_at": case.closed_at,
        "outcome": case.outcome,
        "support_start": levels[0] if levels else "",
        "support_close": levels[-1] if levels and case.status == "closed" else "",
        "verdict": verdict.answer if verdict else "",
        "verdict_channel": verdict.answered_via if verdict else "",
    }
    fact, _created = CaseFact.objects.update_or_create(
        case_ref=ref("case", case.pk), defaults=values
    )

    outcomes = dict(
        NeedOutcome._base_manager.filter(case_id=case.pk).values_list("need", "outcome")
    )
    TopicFact.objects.filter(case=fact).delete()
    TopicFact.objects.bulk_create(
        [TopicFact(case=fact, kind=TopicFact.LIFE_EVENT, key=key) for key in case.life_events]
        + [
            TopicFact(case=fact, kind=TopicFact.NEED, key=key, outcome=outcomes.get(key, ""))
            for key in case.needs
        ]
    )
    ContactFact.objects.filter(case=fact).delete()
    ContactFact.objects.bulk_create(
        ContactFact(
            case=fact,
            channel=c["channel"],
            direction=c["direction"],
            occurred_at=c["occurred_at"],
        )
        for c in contacts
    )

    HandoverFact.objects.filter(case=fact).delete()
    handovers = (
        Handover._base_manager.filter(case_id=case.pk, sent_at__isnull=False)
        .exclude(state__in=_NOT_COUNTED)
        .select_related("from_team", "to_team")
    )
    HandoverFact.objects.bulk_create(
        _handover_fact(fact, organisation.municipality_id, h) for h in handovers
    )

    AppointmentFact.objects.filter(case=fact).delete()
    appointments = Appointment._base_manager.filter(case_id=case.pk).select_related(
        "location__municipality", "location__organisation"
    )
    AppointmentFact.objects.bulk_create(
        AppointmentFact(
            appointment_ref=ref("appointment", a.pk),
            case=fact,
            person_ref=values["person_ref"],
            municipality_id=a.location.municipality_id or organisation.municipality_id,
            organisation_id=a.location.organisation_id or organisation.pk,
            starts_at=a.starts_at,
            state=_appointment_state(a),
        )
        for a in appointments
    )
    return fact


def handover_changed(handover) -> None:
    """Keep the fact of one handover in step after it moved (in the caller's transaction).

    Nothing else of its case's facts depends on a handover, so only its row is written: three
    queries instead of the case's rebuild. A case without facts yet is rebuilt whole. The
    handover must come with its teams (``from_team``, ``to_team``)."""
    fact = (
        CaseFact.objects.filter(case_ref=ref("case", handover.case_id))
        .only("pk", "person_ref", "municipality_id")
        .first()
    )
    if fact is None:
        case_changed(handover.case_id)
        return
    HandoverFact.objects.filter(handover_ref=ref("handover", handover.pk)).delete()
    if handover.sent_at is not None and handover.state not in _NOT_COUNTED:
        _handover_fact(fact, fact.municipality_id, handover).save(force_insert=True)


def _appointment_state(appointment) -> str:
    if appointment.state == "cancelled":
        return AppointmentFact.CANCELLED
    return appointment.attendance or AppointmentFact.BOOKED


def _handover_fact(fact: CaseFact, municipality_id, h) -> HandoverFact:
    if h.accepted_at is not None:
        answer, answered_at = "accepted", h.accepted_at
    elif h.state == "declined":
        answer, answered_at = "declined", h.closed_at
    else:
        answer, answered_at = "", None
    completed_at = h.closed_at if h.state == "completed" else None
    return HandoverFact(
        handover_ref=ref("handover", h.pk),
        case=fact,
        person_ref=fact.person_ref,
        municipality_id=municipality_id,
        from_organisation_id=h.from_team.organisation_id,
        from_team_id=h.from_team_id,
        to_organisation_id=h.to_team.organisation_id,
        to_team_id=h.to_team_id,
        contact_point_id=h.contact_point_id,
        sent_at=h.sent_at,
        answer=answer,
        answered_at=answered_at,
        answer_seconds=_seconds(h.sent_at, answered_at),
        completed_at=completed_at,
        complete_seconds=_seconds(h.sent_at, completed_at),
        state=h.state,
        decline_reason=h.reason_code if h.state == "declined" else "",
        outcome=h.reason_code if h.state == "completed" else "",
        escalated=h.escalated_at is not None,
    )


def rebuild(*, batch: int = 500, progress=lambda done: None) -> int:
    """Rebuild the facts of every case (``eenloket insights rebuild``); return how many."""
    from django.db import transaction

    done = 0
    ids = Case._base_manager.order_by("pk").values_list("pk", flat=True)
    last = None
    while True:
        chunk = list((ids.filter(pk__gt=last) if last else ids)[:batch])
        if not chunk:
            return done
        with transaction.atomic():
            for case_id in chunk:
                case_changed(case_id)
        done += len(chunk)
        last = chunk[-1]
        progress(done)
