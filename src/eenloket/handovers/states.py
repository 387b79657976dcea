"""The handover lifecycle: one explicit state machine (docs/handovers.md).

After the HL7 Gravity referral lifecycle: the sender drafts, sends, cancels and marks an
error; the receiver accepts or declines, works on it, puts it on hold, and closes it as
completed or failed. ``MACHINE`` is the whole table (core/states.py): a move that is not in it is
refused, and the handover page offers exactly what it allows.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from eenloket.core.states import Act, Machine, Move


class State(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SENT = "sent", _("Sent, waiting for an answer")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    IN_PROGRESS = "in_progress", _("In progress")
    ON_HOLD = "on_hold", _("On hold")
    COMPLETED = "completed", _("Completed")
    FAILED = "failed", _("Failed")
    CANCELLED = "cancelled", _("Cancelled")
    ENTERED_IN_ERROR = "entered_in_error", _("Entered in error")


SENDER, RECEIVER = "sender", "receiver"

# Waiting for the receiver's answer, or being worked on: the receiver has access.
OPEN = (State.SENT, State.ACCEPTED, State.IN_PROGRESS, State.ON_HOLD)
FINAL = (State.DECLINED, State.COMPLETED, State.FAILED, State.CANCELLED, State.ENTERED_IN_ERROR)

_M = Move
MACHINE = Machine(
    noun="handover",
    states=State,
    refused=_("A handover that is “%(state)s” cannot become “%(target)s”."),
    refused_act=_("This cannot be done with the handover now."),
    moves=(
        _M(State.DRAFT, "send", State.SENT, SENDER),
        _M(State.DRAFT, "error", State.ENTERED_IN_ERROR, SENDER),
        *(_M(source, "cancel", State.CANCELLED, SENDER, needs_reason=True) for source in OPEN),
        *(_M(source, "error", State.ENTERED_IN_ERROR, SENDER) for source in OPEN),
        _M(State.SENT, "accept", State.ACCEPTED, RECEIVER),
        _M(State.SENT, "decline", State.DECLINED, RECEIVER, needs_reason=True),
        _M(State.ACCEPTED, "start", State.IN_PROGRESS, RECEIVER),
        _M(State.IN_PROGRESS, "hold", State.ON_HOLD, RECEIVER, needs_reason=True),
        _M(State.ON_HOLD, "resume", State.IN_PROGRESS, RECEIVER),
        _M(State.IN_PROGRESS, "complete", State.COMPLETED, RECEIVER, needs_reason=True),
        _M(State.IN_PROGRESS, "fail", State.FAILED, RECEIVER, needs_reason=True),
    ),
    acts=(
        # The call before a warm handover is sent (only a warm one offers it).
        Act("call", (State.DRAFT,), SENDER),
        # Before sending, the sender asks the citizen for a consent the receiving team lacks
        # (decision 0039); only offered when that team would miss something.
        Act("ask_consent", (State.DRAFT,), SENDER),
        Act("reference", (State.ACCEPTED, State.IN_PROGRESS, State.ON_HOLD), RECEIVER),
        # A declined handover goes to another direct line, once. A failed one does not: the
        # receiver tried and could not; the sender decides afresh (a new handover or own work).
        Act("reroute", (State.DECLINED,), SENDER),
    ),
)
# The table as it was read before the machine (``BY_MOVE[(source, target)].side``).
TRANSITIONS = MACHINE.moves
BY_MOVE = {(m.source, m.target): m for m in MACHINE.moves}


def offered_actions(handover, side: str, *, missing: bool = False) -> frozenset[str]:
    """What the handover page offers ``side`` now: the table's actions in this state, less the
    acts that do not apply to this handover (a call for one that is not warm, a second
    re-route, asking for consent when the receiving team would miss nothing — ``missing``
    says it would). The services refuse the same."""
    actions = set(MACHINE.actions(handover.state, side=side))
    if handover.warmth != "warm":
        actions.discard("call")
    if not missing:
        actions.discard("ask_consent")
    if "reroute" in actions and hasattr(handover, "rerouted_to"):
        actions.discard("reroute")
    return frozenset(actions)


# What entering a state does besides the move itself (handovers/services/ runs these).
# The receiver's access ends with a final state; a decline or failure goes back to the sender.
BACK_TO_SENDER = (State.DECLINED, State.FAILED)
# What the citizen is told (through the outbox) on entering a state; %(org)s is the receiver.
CITIZEN_TOLD = {
    State.ACCEPTED: _("%(org)s has taken on your question and will contact you."),
    State.DECLINED: _(
        "%(org)s cannot help with this question. We are looking for the right place."
    ),
    State.COMPLETED: _("%(org)s has finished its part of your question."),
}
# The fields a move records besides the state: the timestamps it sets, and which of the
# caller's details it keeps.
STAMPS = {state: ("closed_at",) for state in FINAL} | {State.ACCEPTED: ("accepted_at",)}


class DeclineReason(models.TextChoices):
    NOT_OUR_TASK = "not_our_task", _("Not our task")
    NOT_ELIGIBLE = "not_eligible", _("Not eligible")
    NO_CAPACITY = "no_capacity", _("No capacity")
    DUPLICATE = "duplicate", _("Duplicate")
    OTHER = "other", _("Other")


class Outcome(models.TextChoices):
    HELPED = "helped", _("Helped")
    DECISION_TAKEN = "decision_taken", _("Decision taken")
    REFERRED_ON = "referred_on", _("Referred on")
    NOT_POSSIBLE = "not_possible", _("Not possible")
    COULD_NOT_REACH = "could_not_reach", _("Could not reach the citizen")
    CITIZEN_DECLINED = "citizen_declined", _("The citizen declined")


class FailureReason(models.TextChoices):
    COULD_NOT_REACH = "could_not_reach", _("Could not reach the citizen")
    NO_CAPACITY = "no_capacity", _("No capacity after all")
    CITIZEN_WITHDREW = "citizen_withdrew", _("The citizen withdrew")
    OTHER = "other", _("Other")


# The coded reasons each target state takes; "text" means a free reason is enough.
REASONS = {
    State.DECLINED: DeclineReason,
    State.COMPLETED: Outcome,
    State.FAILED: FailureReason,
    State.ON_HOLD: "text",
    State.CANCELLED: "text",
}
# Codes that need an explanation in words as well.
NEEDS_TEXT = {"other", "not_possible"}
