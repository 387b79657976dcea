"""Writes for a case: intake, edits with a version check, the state machine."""

# Services write and lock rows of objects an interface already obtained through the policy
# point, so they use the unguarded ``_base_manager``; the guarded ``objects`` hands out, while a
# request is served, only what the policy point released (docs/decisions/0021 and 0031).

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.utils.translation import gettext as _

from eenloket.accounts.models import User
from eenloket.audit import processing
from eenloket.cases.citizen_texts import NEXT_STEP_TEXTS
from eenloket.cases.models import (
    Case,
    CaseStatus,
    CaseStatusChange,
    CaseTeam,
    HoldReason,
    Outcome,
    SummaryState,
)
from eenloket.cases.services import referral_events
from eenloket.cases.services._common import (
    _check_next_step,
    _check_text,
    _check_vocabulary,
    _locked,
    _save,
    _user,
)
from eenloket.cases.services.contacts import _confirm
from eenloket.cases.states import MACHINE, NEEDS
from eenloket.core import clock
from eenloket.core.actor import Actor
from eenloket.core.errors import DomainError
from eenloket.core.states import Lifecycle
from eenloket.directory.models import Team
from eenloket.handovers.models import Handover
from eenloket.handovers.states import OPEN, State
from eenloket.insights import capture
from eenloket.notifications.models import RecipientKind
from eenloket.people import services as people_services
from eenloket.people.models import Person, Representation


@transaction.atomic
def case_open(
    *,
    person: Person,
    question_verbatim: str,
    owning_team: Team,
    next_step: str,
    next_step_due: dt.date,
    coordinator: User | None = None,
    summary: str = "",
    life_events: Iterable[str] = (),
    needs: Iterable[str] = (),
    next_step_citizen: str = "",
    next_step_citizen_key: str = "",
    actor: Actor,
) -> Case:
    """Open a case for a person, with the question in their own words and a dated next step.
    What the citizen reads of the next step is a text key or a text written for them
    (cases/citizen_texts.py); without either they read that we are working on it.

    Life events and needs are vocabulary keys (cases/vocabulary.py). The question is kept
    exactly as written (only surrounding white space goes). Audited, with a first history row.
    """
    _check_text(
        question=question_verbatim,
        summary=summary,
        next_step=next_step,
        next_step_citizen=next_step_citizen,
    )
    _check_citizen_key(next_step_citizen_key)
    if not question_verbatim.strip():
        raise DomainError(
            _("Write down the question in the citizen's own words."), field="question"
        )
    _check_next_step(next_step, next_step_due)
    life_events, needs = list(dict.fromkeys(life_events)), list(dict.fromkeys(needs))
    _check_vocabulary(life_events, needs)
    if person.merged_into_id:
        raise DomainError(_("This person was merged into another: use that one."), field="person")
    case = Case._base_manager.create(
        person=person,
        question_verbatim=question_verbatim.strip(),
        summary=summary.strip(),
        life_events=life_events,
        needs=needs,
        owning_team=owning_team,
        coordinator=coordinator,
        next_step=next_step.strip(),
        next_step_due=next_step_due,
        next_step_citizen=next_step_citizen.strip(),
        next_step_citizen_key=next_step_citizen_key,
    )
    CaseStatusChange.objects.create(
        case=case, from_status="", to_status=CaseStatus.OPEN, changed_by=_user(actor)
    )
    processing.record_change(
        actor=actor,
        action="case_open",
        object_type="case",
        object_id=case.pk,
        changes={
            "person": str(person.pk),
            "owning_team": str(owning_team.pk),
            "life_events": life_events,
            "needs": needs,
            "next_step_due": next_step_due.isoformat(),
        },
    )
    capture.case_changed(case)
    return case


@transaction.atomic
def case_add_team(*, case: Case, team: Team, actor: Actor) -> CaseTeam:
    """Let another team work on the case (and so see what the policy point allows it).
    Adding a team twice is a no-op; adding a team whose part ended starts a new part."""
    link, created = CaseTeam._base_manager.get_or_create(case=case, team=team)
    if created or link.ended_at is not None:
        link.ended_at = None
        link.since = clock.now()
        link.save(update_fields=["ended_at", "since"])
        processing.record_change(
            actor=actor,
            action="case_add_team",
            object_type="case",
            object_id=case.pk,
            changes={"team": str(team.pk)},
        )
    return link


@transaction.atomic
def case_end_team(*, case: Case, team: Team, reason: str, actor: Actor) -> CaseTeam:
    """End a team's part in the case (handover declined, cancelled or completed; the team
    left): from now on it sees nothing of the case. What it already received stays with it
    under its own rules. Ending twice is a no-op."""
    link = CaseTeam._base_manager.filter(case=case, team=team).first()
    if link is None:
        raise DomainError(_("This team does not work on this case."), field="team")
    if link.ended_at is None:
        link.ended_at = clock.now()
        link.save(update_fields=["ended_at"])
        processing.record_change(
            actor=actor,
            action="case_end_team",
            object_type="case",
            object_id=case.pk,
            changes={"team": str(team.pk), "reason": reason},
        )
    return link


EDITABLE = (
    "summary",
    "life_events",
    "needs",
    "next_step",
    "next_step_due",
    "next_step_citizen",
    "next_step_citizen_key",
    "coordinator",
)
CITIZEN_STEP = ("next_step_citizen", "next_step_citizen_key")


def _check_citizen_key(key: str) -> None:

    if key and key not in NEXT_STEP_TEXTS:
        raise DomainError(_("Unknown text for the citizen."), field="next_step_citizen")


def _audit_value(value):
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, User):
        return str(value.pk)
    return value


@transaction.atomic
def case_update(*, case: Case, expected_version: int, actor: Actor, **changes) -> Case:
    """Change the summary, life events, needs, next step or coordinator of a case.

    Refuses with ConcurrentEdit when the case changed since ``expected_version`` (the version
    the worker's form was based on): nothing is overwritten. While open, the next step and its
    due date stay required. Saves and audits only what changed (old and new). A changed summary
    goes back to "not yet confirmed by the citizen".
    """
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise TypeError(f"not editable here: {sorted(unknown)}")
    _check_text(**changes)
    current = _locked(case, expected_version)
    if "summary" in changes:
        changes["summary"] = (changes["summary"] or "").strip()
    if "next_step" in changes:
        changes["next_step"] = (changes["next_step"] or "").strip()
        if changes["next_step"] != current.next_step:
            # A new step: the citizen's text of the old one no longer fits, unless given anew.
            for field in CITIZEN_STEP:
                changes.setdefault(field, "")
    if "next_step_citizen" in changes:
        changes["next_step_citizen"] = (changes["next_step_citizen"] or "").strip()
    _check_citizen_key(changes.get("next_step_citizen_key", ""))
    _check_vocabulary(changes.get("life_events", ()), changes.get("needs", ()))
    if current.status == CaseStatus.OPEN:
        _check_next_step(
            changes.get("next_step", current.next_step),
            changes.get("next_step_due", current.next_step_due),
        )
    changed = [field for field, value in changes.items() if getattr(current, field) != value]
    if not changed:
        return current
    audit = {
        field: [_audit_value(getattr(current, field)), _audit_value(changes[field])]
        for field in changed
    }
    for field in changed:
        setattr(current, field, changes[field])
    if "summary" in changed and current.summary_state != SummaryState.DRAFT:
        current.summary_state = SummaryState.DRAFT
        changed.append("summary_state")
    _save(current, changed)
    processing.record_change(
        actor=actor, action="case_update", object_type="case", object_id=current.pk, changes=audit
    )
    if "coordinator" in changed and audit["coordinator"][0] is None:
        referral_events.case_moved(case=current, kind="taken_up")
    return current


@transaction.atomic
def case_summary_confirm(
    *, case: Case, expected_version: int, correction: str = "", actor: Actor
) -> Case:
    """Record that the citizen confirmed the summary, or corrected it (their words are kept
    next to the summary; the worker then rewrites the summary, which needs confirming again)."""
    _check_text(correction=correction)
    current = _locked(case, expected_version)
    if not current.summary:
        raise DomainError(_("Write a summary before asking the citizen to confirm it."))
    correction = correction.strip()
    current.summary_state = SummaryState.CORRECTED if correction else SummaryState.CONFIRMED
    current.summary_correction = correction
    _save(current, ["summary_state", "summary_correction"])
    processing.record_change(
        actor=actor,
        action="case_summary_confirm",
        object_type="case",
        object_id=current.pk,
        changes={"state": current.summary_state, "correction": bool(correction)},
    )
    return current


# The table as (from, to) → what the move needs (the machine is cases/states.py).
TRANSITIONS = {(m.source, m.target): NEEDS[m.action] for m in MACHINE.moves}


def _history(case: Case, move, actor: Actor, detail) -> None:
    CaseStatusChange.objects.create(
        case=case,
        from_status=move.source,
        to_status=move.target,
        reason=detail["reason"] if move.action != "resume" else "",
        note=detail["note"],
        changed_by=_user(actor),
    )


def _audit(case: Case, move, actor: Actor, detail) -> None:
    processing.record_change(
        actor=actor,
        action=f"case_{move.target}",
        object_type="case",
        object_id=case.pk,
        changes={
            "status": [move.source, move.target],
            "reason": detail["reason"],
            "note": detail["note"],
        },
    )


LIFECYCLE = Lifecycle(
    machine=MACHINE,
    model=Case,
    stamps={CaseStatus.CLOSED: ("closed_at",)},
    # Leaving a state empties what belonged to it (the constraints on Case hold it so).
    clears={
        CaseStatus.CLOSED: {"hold_reason": ""},
        CaseStatus.OPEN: {
            "hold_reason": "",
            "outcome": "",
            "closed_at": None,
            "next_step_citizen_key": "",
        },
    },
    history=_history,
    audit=_audit,
    after=capture.case_changed,
)


def _transition(
    *,
    case: Case,
    to: str,
    expected_version: int | None,
    actor: Actor,
    reason: str = "",
    note: str = "",
    next_step: str = "",
    next_step_due: dt.date | None = None,
    next_step_citizen: str = "",
    locked: bool = False,
) -> Case:
    _check_text(note=note, next_step=next_step, next_step_citizen=next_step_citizen)
    current = case if locked else _locked(case, expected_version)
    if current.status == to:
        return current  # asking for the state you are in is a no-op
    move = MACHINE.check(current.status, to)
    changes = {"status_note": note.strip()}
    needs = NEEDS[move.action]
    if needs == "hold_reason":
        if reason not in HoldReason.values:
            raise DomainError(_("Say why the case is on hold."), field="reason")
        changes["hold_reason"] = reason
    elif needs == "outcome":
        if reason not in Outcome.values:
            raise DomainError(_("Say what the outcome is."), field="reason")
        changes["outcome"] = reason
    else:
        _check_next_step(next_step, next_step_due)
        changes |= {
            "next_step": next_step.strip(),
            "next_step_due": next_step_due,
            "next_step_citizen": next_step_citizen.strip(),
        }
    return LIFECYCLE.transition(
        current,
        move.action,
        actor=actor,
        locked=True,
        changes=changes,
        detail={"reason": reason, "note": note.strip()},
    )


@transaction.atomic
def case_hold(
    *, case: Case, reason: str, note: str = "", expected_version: int | None = None, actor: Actor
) -> Case:
    """Put an open case on hold, with a reason (e.g. waiting for the citizen)."""
    return _transition(
        case=case,
        to=CaseStatus.ON_HOLD,
        reason=reason,
        note=note,
        expected_version=expected_version,
        actor=actor,
    )


@transaction.atomic
def case_resume(
    *,
    case: Case,
    next_step: str,
    next_step_due: dt.date | None,
    next_step_citizen: str = "",
    expected_version: int | None = None,
    actor: Actor,
) -> Case:
    """Open a case on hold or closed again; it needs a dated next step."""
    return _transition(
        case=case,
        to=CaseStatus.OPEN,
        next_step=next_step,
        next_step_due=next_step_due,
        next_step_citizen=next_step_citizen,
        expected_version=expected_version,
        actor=actor,
    )


@transaction.atomic
def case_close(
    *,
    case: Case,
    outcome: str,
    note: str = "",
    expected_version: int | None = None,
    actor: Actor,
) -> Case:
    """Close a case with an outcome. The citizen is told: a confirmation is written.

    A case with a handover that is a draft, waiting for an answer or being worked on does not
    close (nobody falls through the cracks): its team sends it or marks it entered in error
    first, or the receiver finishes it. The case is locked before its handovers are counted,
    and sending a handover locks the case first too, so a draft cannot be sent from a case
    while it closes (decision 0038)."""

    current = _locked(case, expected_version)
    states = set(
        Handover._base_manager.filter(case=case, state__in=(State.DRAFT, *OPEN)).values_list(
            "state", flat=True
        )
    )
    if states - {State.DRAFT}:
        raise DomainError(
            _("A handover of this case is still open: it must be closed or cancelled first.")
        )
    if states:
        raise DomainError(
            _(
                "A handover of this case is still a draft: send it or mark it entered in "
                "error first."
            )
        )
    closed = _transition(
        case=current,
        to=CaseStatus.CLOSED,
        reason=outcome,
        note=note,
        expected_version=expected_version,
        actor=actor,
        locked=True,
    )
    _confirm(
        case=closed,
        contact=None,
        recipients=[(closed.person, RecipientKind.PERSON)],
        understood=_("Your question is closed: %s") % Outcome(outcome).label,
        next_steps=note.strip() or _("Nothing more is needed from you."),
        actor=actor,
    )
    referral_events.case_moved(case=closed, kind="closed")
    return closed


@transaction.atomic
def intake_register(
    *,
    person: Person | None = None,
    person_values: dict | None = None,
    case_values: dict,
    actor: Actor,
) -> Case:
    """Take a question in: register the person (or use one already known, found through the
    policy point) and open their case, in one transaction, owned by the actor's team with the
    actor as coordinator. Either both exist afterwards or neither does."""

    membership = actor.membership
    if membership is None or membership.team is None:
        raise DomainError(_("Only a worker in a team can take a question in."))
    if (person is None) == (person_values is None):
        raise TypeError("give either person or person_values")
    if person is None:
        person = people_services.person_create(**person_values, actor=actor)
    return case_open(
        person=person,
        owning_team=membership.team,
        coordinator=actor.user,
        actor=actor,
        **case_values,
    )


@transaction.atomic
def household_member_register(
    *,
    case: Case,
    relation: str,
    member_values: dict,
    since: dt.date | None = None,
    actor: Actor,
):
    """Register someone new who lives with the case's person, and link them to the household."""

    member = people_services.person_create(**member_values, actor=actor)
    return people_services.household_member_add(
        person=case.person, member=member, relation=relation, since=since, actor=actor
    )


@transaction.atomic
def representative_register(
    *,
    case: Case,
    person_values: dict,
    kind: str,
    matters: list[str],
    basis: str,
    valid_from: dt.date,
    valid_until: dt.date | None = None,
    basis_note: str = "",
    this_case_only: bool = False,
    actor: Actor,
) -> Representation:
    """Register a representative (a new person) for the case's person, within a scope, a period
    and with how it was established; ``this_case_only`` narrows the scope to this case."""

    representative = people_services.person_create(**person_values, actor=actor)
    return people_services.representation_create(
        represented=case.person,
        representative=representative,
        kind=kind,
        matters=matters,
        basis=basis,
        basis_note=basis_note,
        valid_from=valid_from,
        valid_until=valid_until,
        case=case if this_case_only else None,
        actor=actor,
    )
