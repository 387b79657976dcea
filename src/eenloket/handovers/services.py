"""Writes for handovers: draft, the warm call, send, every transition of the state machine,
re-routing, escalation, and questions to a colleague (docs/handovers.md)."""

# Services write and lock rows of objects an interface already obtained through the policy
# point, so they use the unguarded ``_base_manager``; the guarded ``objects`` hands out, while a
# request is served, only what the policy point released (docs/decisions/0021 and 0031).

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from eenloket.access import disclosure as disclosure_rules
from eenloket.accounts.selectors import team_coordinators
from eenloket.assessment.models import Assessment
from eenloket.assessment.rules import INTENSIVE, SELF_RELIANT
from eenloket.audit import processing
from eenloket.calendars import desk_days
from eenloket.calendars.working_hours import WorkingCalendar
from eenloket.cases import citizen_texts
from eenloket.cases import services as cases
from eenloket.cases.models import Case
from eenloket.consent import services as consent
from eenloket.core import clock
from eenloket.core.actor import Actor
from eenloket.core.errors import DomainError
from eenloket.core.states import Lifecycle, TransitionRefused
from eenloket.handovers.models import (
    ColleagueQuestion,
    Handover,
    HandoverEvent,
    Urgency,
    WarmCall,
    Warmth,
)
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
    STAMPS,
    State,
)
from eenloket.insights import capture
from eenloket.notifications import about

# A direct line without staffed hours in the directory is reached on working days, 9 to 17.
DEFAULT_HOURS = {day: ((dt.time(9), dt.time(17)),) for day in range(5)}


def _team(actor: Actor):
    if not actor.is_worker or actor.membership is None or actor.membership.team_id is None:
        raise DomainError(_("Only a worker in a team can do this."))
    return actor.membership.team


def warmth_for(case) -> str:
    """How warm a handover must be, from the latest support assessment (docs/assessment.md):
    intensive → warm, light (or not assessed) → guided, self-reliant → information only."""
    latest = (
        Assessment._base_manager.filter(case=case).order_by("-assessed_on", "-created_at").first()
    )
    level = latest.support_level if latest else None
    if level == INTENSIVE:
        return Warmth.WARM
    if level == SELF_RELIANT:
        return Warmth.INFORMATION
    return Warmth.GUIDED


def calendar_of(contact_point) -> WorkingCalendar:
    """The direct line's staffed hours (directory schedules), closed on recognised holidays."""
    hours: dict[int, list] = {}
    days = {"MO": 0, "TU": 1, "WE": 2, "TH": 3, "FR": 4, "SA": 5, "SU": 6}
    for schedule in contact_point.schedules.all():
        for day in (schedule.byday or "").split(","):
            if day.strip() in days and schedule.opens_at and schedule.closes_at:
                hours.setdefault(days[day.strip()], []).append(
                    (schedule.opens_at, schedule.closes_at)
                )
    year = clock.today().year
    holidays = [d for y in (year, year + 1) for d in desk_days.holidays(y)]
    return WorkingCalendar(hours or DEFAULT_HOURS, closing_days=holidays)


@transaction.atomic
def handover_draft(
    *,
    case,
    contact_point,
    question: str,
    why_this_organisation: str,
    asked: str,
    actor: Actor,
    urgency: str = Urgency.NORMAL,
    to_user=None,
    rerouted_from: Handover | None = None,
) -> Handover:
    team = _team(actor)
    for field, text, message in (
        ("question", question, _("Write the question for the receiver.")),
        ("why_this_organisation", why_this_organisation, _("Say why this organisation.")),
        ("asked", asked, _("Say what you ask of them.")),
    ):
        if not (text or "").strip():
            raise DomainError(message, field=field)
    if urgency not in Urgency.values:
        raise DomainError(_("Choose the urgency."), field="urgency")
    if contact_point.team_id == team.pk:
        raise DomainError(_("This direct line is your own team's."), field="contact_point")
    # Lock the case and read its state after the lock: a case that is closing closes first.
    if _lock_case(case.pk) == "closed":
        raise DomainError(_("The case is closed."))
    handover = Handover.objects.create(
        case=case,
        from_team=team,
        from_user=actor.user,
        contact_point=contact_point,
        to_team=contact_point.team,
        to_user=to_user,
        question=question.strip(),
        why_this_organisation=why_this_organisation.strip(),
        asked=asked.strip(),
        urgency=urgency,
        warmth=warmth_for(case),
        rerouted_from=rerouted_from,
    )
    _event(handover, "transition", "", State.DRAFT, actor)
    return handover


@transaction.atomic
def warm_call_record(*, handover: Handover, spoke_with: str, called_at, agreed: str, actor):
    """Record the call with the receiving direct line (who, when, what was agreed), before
    the handover is sent."""
    _must_be_side(handover, SENDER, actor)
    MACHINE.require(handover.state, "call")
    if handover.warmth != Warmth.WARM:
        raise DomainError(_("Only a warm handover needs a call before it is sent."))
    if not spoke_with.strip() or not agreed.strip():
        raise DomainError(_("Say whom you spoke with and what was agreed."), field="spoke_with")
    if called_at is None or called_at > clock.now():
        raise DomainError(_("The call cannot lie in the future."), field="called_at")
    call = WarmCall.objects.create(
        handover=handover,
        spoke_with=spoke_with.strip(),
        called_at=called_at,
        agreed=agreed.strip(),
        recorded_by=actor.user,
    )
    _event(handover, "call", "", "", actor, text=f"{spoke_with.strip()}: {agreed.strip()}")
    return call


MIN_REASON_WITHOUT_CONTACT = 20


def _check_reach(handover: Handover, disclosure, reason: str) -> str:
    """Refuse to send to a team that would see no way to reach the citizen, unless the sender
    says why it must go now (decision 0039); return the reason given."""
    if disclosure.allows("contact"):
        return ""
    reason = (reason or "").strip()
    if len(reason) >= MIN_REASON_WITHOUT_CONTACT:
        return reason
    raise DomainError(
        _(
            "%(team)s would not see any way to reach the citizen (address, phone or e-mail). "
            "Ask the citizen's consent to share their contact details with %(team)s first, "
            "or say why the handover must go now (at least %(n)d characters)."
        )
        % {"team": handover.to_team.name, "n": MIN_REASON_WITHOUT_CONTACT},
        field="reason_without_contact",
    )


@transaction.atomic
def handover_send(
    *, handover: Handover, actor: Actor, reason_without_contact: str = ""
) -> Handover:
    """Send a draft: the receiver gets access (what the policy point releases to its team,
    recorded here), a due time from the direct line's service level in working
    hours, and a notification; the citizen is told when this re-routes a declined one.
    A team that would see no way to reach the citizen is refused unless the sender gives
    ``reason_without_contact`` (kept in the history)."""
    handover = _locked(handover)
    _must_be_side(handover, SENDER, actor)
    if handover.state == State.SENT:
        return handover  # a second click on "send" changes nothing
    MACHINE.check(handover.state, "send")
    if handover.case.status == "closed":
        # Closing the case and sending its draft cannot interleave: both lock the case first.
        raise DomainError(_("The case is closed: a handover cannot be sent from it."))
    if handover.warmth == Warmth.INFORMATION:
        raise DomainError(
            _(
                "The person is self-reliant: give them the organisation's public contact "
                "details instead of a handover."
            )
        )
    if (
        handover.warmth == Warmth.WARM
        and not WarmCall._base_manager.filter(handover=handover).exists()
    ):
        raise DomainError(
            _(
                "Intensive support: first call the direct line and record who, when and "
                "what was agreed."
            )
        )
    if handover.contact_point.capacity == "closed":
        raise DomainError(_("This direct line is temporarily closed."), field="contact_point")
    now = clock.now()
    disclosure = disclosure_rules.disclosure_for_team(handover.case, handover.to_team)
    reason = _check_reach(handover, disclosure, reason_without_contact)
    handover = LIFECYCLE.transition(
        handover,
        "send",
        actor=actor,
        locked=True,
        changes={
            "shared": dict(sorted(disclosure.bases.items())),
            "channels": list(handover.case.person.channels_preferred),
            "sent_at": now,
            "due_at": calendar_of(handover.contact_point).add_working_hours(
                now, handover.contact_point.service_level_hours
            ),
        },
        detail={"text": reason} if reason else None,
    )
    cases.case_add_team(case=handover.case, team=handover.to_team, actor=actor)
    _notify(handover.contact_point.coordinator, handover, _("A handover arrived for %(line)s."))
    if handover.rerouted_from_id:
        _tell_citizen(
            handover,
            _("Your question has moved to %(org)s. %(why)s")
            % {"org": handover.to_team.organisation.name, "why": handover.why_this_organisation},
            actor,
        )
    else:
        # Every step is confirmed to the citizen (promise 3), the first one too.
        _tell_citizen(
            handover,
            _("We asked %(org)s to help you with your question. We let you know when they answer.")
            % {"org": handover.to_team.organisation.name},
            actor,
        )
    return handover


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
) -> Handover:
    """After a decline: a new handover to another direct line, linked to the declined one,
    sent at once (the citizen is told their question moved, and why)."""
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
    )
    # A warm handover needs its own call with the new line: the old call does not count.
    return handover_send(handover=new, actor=actor, reason_without_contact=reason_without_contact)


@transaction.atomic
def handover_set_reference(*, handover: Handover, reference: str, actor: Actor) -> Handover:
    handover = _locked(handover)
    _must_be_side(handover, RECEIVER, actor)
    MACHINE.require(handover.state, "reference")
    handover.receiver_reference = reference.strip()[:60]
    handover.save(update_fields=["receiver_reference"])
    _event(handover, "reference", "", "", actor, text=handover.receiver_reference)
    return handover


def handovers_escalate() -> int:
    """Flag every sent handover past its due time, once: a history line, a notification to the
    receiving direct line's coordinator (and the team's coordinators) and to the sender."""
    escalated = 0
    now = clock.now()
    overdue = Handover._base_manager.filter(
        state=State.SENT, due_at__lt=now, escalated_at__isnull=True
    ).select_related("contact_point__coordinator", "from_user", "to_team")
    for handover in overdue[:5000]:
        claimed = Handover._base_manager.filter(pk=handover.pk, escalated_at__isnull=True).update(
            escalated_at=now
        )
        if not claimed:
            continue
        HandoverEvent.objects.create(handover=handover, kind="escalated")
        capture.case_changed(handover.case_id)
        text = _("A handover for %(line)s is past its service level without an answer.")
        for coordinator in _coordinators_of(handover):
            _notify(coordinator, handover, text)
        _notify(handover.from_user, handover, text)
        case_coordinator = handover.case.coordinator
        if case_coordinator is not None and case_coordinator.pk != handover.from_user_id:
            _notify(case_coordinator, handover, text)  # the owning side hears of a stall too
        escalated += 1
    return escalated


@transaction.atomic
def colleague_question_ask(*, case, contact_point, question: str, actor: Actor):
    """Ask a direct line without personal data; the question is checked for a BSN or a
    date of birth, which do not belong in it."""
    import re

    _team(actor)
    if not question.strip():
        raise DomainError(_("Write the question."), field="question")
    if re.search(r"\b\d{9}\b|\b\d{1,2}[-/]\d{1,2}[-/]\d{2,4}\b", question):
        raise DomainError(
            _("Leave out personal data: no BSN or date of birth in a question to a colleague."),
            field="question",
        )
    asked = ColleagueQuestion.objects.create(
        case=case,
        contact_point=contact_point,
        asked_by=actor.user,
        question=question.strip(),
        capacity_seen=contact_point.capacity,
    )
    _notify(contact_point.coordinator, None, _("A colleague asks %(line)s a question."), asked)
    return asked


@transaction.atomic
def colleague_question_answer(*, asked: ColleagueQuestion, answer: str, actor: Actor):
    team = _team(actor)
    if asked.contact_point.team_id != team.pk:
        raise DomainError(_("Only the team of this direct line answers."))
    if not answer.strip():
        raise DomainError(_("Write the answer."), field="answer")
    asked.answer, asked.answered_by, asked.answered_at = answer.strip(), actor.user, clock.now()
    asked.save(update_fields=["answer", "answered_by", "answered_at"])
    return asked


# --- helpers ---------------------------------------------------------------------------


def _coordinators_of(handover: Handover) -> list:
    """The direct line's coordinator, else every current coordinator of the receiving team."""
    if handover.contact_point.coordinator_id:
        return [handover.contact_point.coordinator]
    return team_coordinators(handover.to_team)


def _locked(handover: Handover) -> Handover:
    """Lock the handover's case, then the handover's row, then read it with what it refers to.

    The case first: every write that spans a case and its handovers (sending, every later
    move, closing the case) takes the locks in this one order, so two of them wait for each
    other instead of deadlocking, and closing a case cannot interleave with sending from it.
    Then a separate read on purpose: a locking statement that waited for another transaction
    sees that transaction's change to the locked row, but its joins still show the older
    snapshot (PostgreSQL, read committed); a statement that starts after the lock sees
    everything committed."""
    _lock_case(handover.case_id)
    Handover._base_manager.select_for_update().filter(pk=handover.pk).values_list("pk").get()
    return Handover._base_manager.select_related(
        "case__person", "case__owning_team", "contact_point__team", "to_team", "accepted_by"
    ).get(pk=handover.pk)


def _must_be_side(handover: Handover, side: str, actor: Actor) -> None:
    team = _team(actor)
    if side == SENDER and team.pk != handover.from_team_id:
        raise DomainError(_("Only the sending team can do this."))
    if side == RECEIVER and team.pk != handover.to_team_id:
        raise DomainError(_("Only the receiving team can do this."))


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


def _history(handover: Handover, move, actor: Actor, detail) -> None:
    _event(
        handover,
        "transition",
        move.source,
        move.target,
        actor,
        reason_code=detail.get("reason_code", ""),
        text=detail.get("text", ""),
    )


def _audit(handover: Handover, move, actor: Actor, detail) -> None:
    processing.record_change(
        actor=actor,
        action="handover_transition",
        object_type="case",
        object_id=handover.case_id,
        changes={"handover": str(handover.pk), "from": move.source, "to": move.target},
    )


def _lock_case(case_id) -> str:
    """Lock the case's row; return its state as it is once the lock is held."""
    return (
        Case._base_manager.select_for_update()
        .filter(pk=case_id)
        .values_list("status", flat=True)
        .get()
    )


def _event(handover, kind, source, target, actor, reason_code="", text="") -> None:
    HandoverEvent.objects.create(
        handover=handover,
        kind=kind,
        source=source,
        target=target,
        by_user=actor.user if actor.is_worker else None,
        by_team=actor.membership.team if actor.is_worker and actor.membership else None,
        reason_code=reason_code,
        text=(text or "").strip(),
    )


LIFECYCLE = Lifecycle(
    machine=MACHINE,
    model=Handover,
    lock=_locked,
    stamps=STAMPS,
    history=_history,
    audit=_audit,
    after=lambda handover: capture.case_changed(handover.case_id),
)


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


# What the sending worker and the case's coordinator hear of the receiver's answer (the loop
# closes, decision 0039); a decline or failure also puts the case back in their queue.
SENDER_HEARS = {
    State.ACCEPTED: _lazy("Your handover to %(line)s was accepted."),
    State.ON_HOLD: _lazy("Your handover to %(line)s is on hold."),
    State.COMPLETED: _lazy("Your handover to %(line)s is completed."),
    State.DECLINED: _lazy("Your handover to %(line)s came back."),
    State.FAILED: _lazy("Your handover to %(line)s came back."),
}


def _tell_sender(handover: Handover, target: str) -> None:
    """Tell the sending worker (a decline or failure they hear from ``_back_to_sender``) and the
    case's coordinator, once each, of the receiver's answer."""
    text = SENDER_HEARS.get(target)
    if text is None:
        return
    told = set()
    if target not in (State.DECLINED, State.FAILED) and handover.from_user_id:
        _notify(handover.from_user, handover, str(text))
        told.add(handover.from_user_id)
    elif handover.from_user_id:
        told.add(handover.from_user_id)  # told by _back_to_sender
    coordinator_id = handover.case.coordinator_id
    if coordinator_id and coordinator_id not in told:
        _notify(handover.case.coordinator, handover, str(text))


def _notify(user, handover, text, asked=None) -> None:
    from eenloket.notifications.services import worker_notify

    if user is None:
        return
    line = (handover.contact_point if handover else asked.contact_point).name
    case_id = handover.case_id if handover else asked.case_id
    worker_notify(
        user=user,
        kind="handover",
        text=text % {"line": line},
        link=about.about(about.CASE, case_id),
    )


def _tell_citizen(handover: Handover, what: str, actor: Actor) -> None:
    from eenloket.cases.citizen_texts import language_of
    from eenloket.cases.services.contacts import citizen_next_step, tell_citizen

    person = handover.case.person
    tell_citizen(
        person=person,
        purpose="handover_update",
        what=what,
        next_step=citizen_next_step(handover.case, language_of(person)),
        reach=str(handover.from_team),
        case=handover.case,
        actor=actor,
    )


@transaction.atomic
def handover_draft_and_send(*, actor: Actor, **draft) -> Handover:
    """Draft a handover and send it at once ("Send now"): one transaction, so a refusal to
    send (a self-reliant person, a line that takes no handovers) keeps no draft behind."""
    handover = handover_draft(actor=actor, **draft)
    return handover_send(handover=handover, actor=actor)


@transaction.atomic
def handover_ask_consent(*, handover: Handover, actor: Actor):
    """Ask the citizen, from the send screen, for the consent the receiving team needs and
    would not get (its ``REACH_NEEDS``: their contact details, the question): a consent to that
    team, asked and not yet answered, which the citizen answers in Mijn overzicht (or with a
    worker); they are told on their own channel. Returns the consent asked (decision 0039)."""
    handover = _locked(handover)
    _must_be_side(handover, SENDER, actor)
    if handover.state != State.DRAFT:
        raise DomainError(_("Ask for consent before the handover is sent."))
    reach = disclosure_rules.reach_of_team(handover.case, handover.to_team)
    if not reach.missing:
        raise DomainError(_("%(team)s already sees what it needs.") % {"team": handover.to_team})
    asked = consent.consent_record(
        case=handover.case,
        recipient_team=handover.to_team,
        categories=list(reach.missing),
        purpose=(
            _("So that %(team)s can contact you about your question") % {"team": handover.to_team}
        )[:300],
        valid_until=clock.today() + dt.timedelta(days=180),
        given=None,
        recorded_via="portal",
        actor=actor,
    )
    _event(handover, "consent_asked", "", "", actor, text=", ".join(reach.missing))
    _tell_citizen(
        handover,
        _(
            "We would like to pass your question to %(team)s. May they see your contact details "
            "and your question? Answer in Mijn overzicht or call us."
        )
        % {"team": f"{handover.to_team.name}, {handover.to_team.organisation.name}"},
        actor,
    )
    return asked
