"""Who hears what of a handover: notifications to workers, messages to the citizen, what the
sender hears of the receiver's answer, and the escalation of handovers past their due time."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from eenloket.accounts.selectors import team_coordinators
from eenloket.cases.citizen_texts import language_of
from eenloket.cases.services.contacts import citizen_next_step, tell_citizen
from eenloket.core import clock
from eenloket.core.actor import Actor
from eenloket.handovers.models import Handover, HandoverEvent
from eenloket.handovers.states import State
from eenloket.insights import capture
from eenloket.notifications import about
from eenloket.notifications.services import worker_notify


def _notify(user, handover, text, asked=None) -> None:

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


def _coordinators_of(handover: Handover) -> list:
    """The direct line's coordinator, else every current coordinator of the receiving team."""
    if handover.contact_point.coordinator_id:
        return [handover.contact_point.coordinator]
    return team_coordinators(handover.to_team)
