"""Every move of a handover after it is sent (the table in ``states.py``), what entering a
state does besides (access ended, back with the sender, the sender and the citizen told),
re-routing a declined handover, and the receiver's own reference."""

# Services write and lock rows of objects an interface already obtained through the policy
# point, so they use the unguarded ``_base_manager``; the guarded ``objects`` hands out, while a
# request is served, only what the policy point released (docs/decisions/0021 and 0031).

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from eenloket.cases import citizen_texts
from eenloket.cases import services as cases
from eenloket.core import clock
from eenloket.core.actor import Actor
from eenloket.core.errors import DomainError
from eenloket.core.states import TransitionRefused
from eenloket.handovers.models import Handover
from eenloket.handovers.services._common import LIFECYCLE, _event, _locked, _must_be_side
from eenloket.handovers.services.notices import _notify, _tell_citizen, _tell_sender
from eenloket.handovers.services.sending import handover_draft, handover_send
from eenloket.handovers.states import (
    BACK_TO_SENDER,
    CITIZEN_TOLD,
    FINAL,
    MACHINE,
    NEEDS_TEXT,
    OPEN,
    REASONS,
    RECEIVER,
    SENDER,
    State,
)


@transaction.atomic
def handover_transition(
    *,
    handover: Handover,
    actor: Actor,
    target: str = "",
    action: str = "",
    reason_code: str = "",
    text: str = "",
    decision_on: dt.date | None = None,
    suggested_contact_point=None,
) -> Handover:
    """Every move after sending, by an action of the table in ``states.py`` ("accept",
    "resume") or by its target state. Asking for the state the handover is already in changes
    nothing. Two workers at once: the second gets a clear message, because the row is locked
    and re-read first. What entering a state does besides (access ended, back with the
    sender, the citizen told) is declared next to the table."""
    wanted = action or target
    target = MACHINE.target_of(wanted)
    if not target:
        raise TransitionRefused(MACHINE, handover.state, wanted)
    if target == State.SENT:
        # Sending has checks of its own and locks the case first: it has one way in.
        return handover_send(handover=handover, actor=actor)
    handover = _locked(handover)
    if handover.state == target:
        if target == State.ACCEPTED:
            # Two accepts at once (two workers, or one worker in two windows): the first won;
            # the second must know, rather than hear "Saved." for what it did not do.
            raise DomainError(already_accepted_message(handover, actor))
        return handover  # a no-op, e.g. a second click on "start"
    move = MACHINE.check(handover.state, wanted)
    _must_be_side(handover, move.side, actor)
    _check_reason(target, reason_code, text)
    if target == State.COMPLETED and reason_code == "decision_taken" and decision_on is None:
        raise DomainError(_("Give the date of the decision."), field="decision_on")
    changes = {"reason_code": reason_code, "reason_text": text.strip()}
    # What each target keeps of the caller's details; the rest of the move is the table's.
    changes |= {
        State.ACCEPTED: {"accepted_by": actor.user},
        State.DECLINED: {"suggested_contact_point": suggested_contact_point},
        State.COMPLETED: {"decision_on": decision_on},
    }.get(target, {})
    handover = LIFECYCLE.transition(
        handover,
        move.action,
        actor=actor,
        locked=True,
        changes=changes,
        detail={"reason_code": reason_code, "text": text},
    )
    if target in FINAL:
        _end_access(handover, actor)
    if target in BACK_TO_SENDER:
        _back_to_sender(handover, actor)
    _tell_sender(handover, target)
    if target in CITIZEN_TOLD:
        told = CITIZEN_TOLD[target] % {"org": handover.to_team.organisation.name}
        _tell_citizen(handover, told, actor)
    return handover


def already_accepted_message(handover: Handover, actor: Actor) -> str:
    """Say who accepted ``handover`` and when, to a worker whose own accept came too late."""
    when = (
        timezone.localtime(handover.accepted_at).strftime("%H:%M") if handover.accepted_at else ""
    )
    if actor.user is not None and handover.accepted_by_id == actor.user.pk:
        return _("You already accepted this handover (at %(time)s).") % {"time": when}
    user = handover.accepted_by
    name = (user.display_name or user.username) if user else "?"
    return _("%(name)s already accepted this handover (at %(time)s).") % {
        "name": name,
        "time": when,
    }


def _check_reason(target: str, reason_code: str, text: str) -> None:
    codes = REASONS.get(target)
    if codes is None:
        return
    if codes == "text":
        if not text.strip():
            raise DomainError(_("Give the reason."), field="reason_text")
        return
    if reason_code not in codes.values:
        raise DomainError(_("Choose a reason."), field="reason_code")
    if reason_code in NEEDS_TEXT and not text.strip():
        raise DomainError(_("Explain in a few words."), field="reason_text")


def _end_access(handover: Handover, actor: Actor) -> None:
    """The receiver's access ends with its last open handover on the case."""
    if handover.sent_at is None:
        return  # a draft never gave access
    still_open = (
        Handover._base_manager.filter(case=handover.case, to_team=handover.to_team, state__in=OPEN)
        .exclude(pk=handover.pk)
        .exists()
    )
    if not still_open:
        cases.case_end_team(
            case=handover.case,
            team=handover.to_team,
            reason=f"handover {handover.state}",
            actor=actor,
        )


def _back_to_sender(handover: Handover, actor: Actor) -> None:
    """A declined or failed handover returns to the sender: the case's next step says so."""
    case = handover.case
    step = _("Handover to %(line)s %(state)s: choose another direct line or act yourself.") % {
        "line": handover.contact_point.name,
        "state": State(handover.state).label.lower(),
    }
    cases.case_update(
        case=case,
        expected_version=case.version,
        actor=actor,
        next_step=step[:200],
        next_step_due=clock.today() + dt.timedelta(days=1),
        next_step_citizen_key=citizen_texts.LOOKING_FOR_PLACE,
    )
    _notify(handover.from_user, handover, _("Your handover to %(line)s came back."))


@transaction.atomic
def handover_reroute(
    *,
    declined: Handover,
    contact_point,
    actor: Actor,
    question="",
    why="",
    asked="",
    reason_without_contact="",
    about: str | None = None,
    starts_on: dt.date | None = None,
) -> Handover:
    """After a decline: a new handover to another direct line, linked to the declined one,
    sent at once (the citizen is told their question moved, and why). ``about`` and
    ``starts_on`` (decision 0046) are the declined one's unless given; a start date that
    passed is dropped."""
    _must_be_side(declined, SENDER, actor)
    if not MACHINE.allows(declined.state, "reroute"):
        raise DomainError(_("Only a declined handover can be re-routed."))
    if Handover._base_manager.filter(rerouted_from=declined).exists():
        raise DomainError(_("This handover was already re-routed."))
    new = handover_draft(
        case=declined.case,
        contact_point=contact_point,
        question=question or declined.question,
        why_this_organisation=why or declined.why_this_organisation,
        asked=asked or declined.asked,
        urgency=declined.urgency,
        actor=actor,
        rerouted_from=declined,
        about=declined.about if about is None else about,
        starts_on=starts_on or (declined.starts_on if _still_ahead(declined.starts_on) else None),
    )
    # A warm handover needs its own call with the new line: the old call does not count.
    new = handover_send(handover=new, actor=actor, reason_without_contact=reason_without_contact)
    _current_route(new, actor)
    return new


def _still_ahead(day: dt.date | None) -> bool:
    return day is not None and day >= clock.today()


def _current_route(handover: Handover, actor: Actor) -> None:
    """After a re-route the case's next step is the new route's, for the worker and for the
    citizen: the declined route is history, not what happens next (decision 0046)."""
    case = handover.case
    case.refresh_from_db(fields=["version"])
    cases.case_update(
        case=case,
        expected_version=case.version,
        actor=actor,
        next_step=(_("Wait for the answer of %(line)s.") % {"line": handover.contact_point.name})[
            :200
        ],
        next_step_due=timezone.localdate(handover.due_at),
        next_step_citizen_key=citizen_texts.OTHER_ORGANISATION,
    )


@transaction.atomic
def handover_set_reference(*, handover: Handover, reference: str, actor: Actor) -> Handover:
    handover = _locked(handover)
    _must_be_side(handover, RECEIVER, actor)
    MACHINE.require(handover.state, "reference")
    handover.receiver_reference = reference.strip()[:60]
    handover.save(update_fields=["receiver_reference"])
    _event(handover, "reference", "", "", actor, text=handover.receiver_reference)
    return handover
