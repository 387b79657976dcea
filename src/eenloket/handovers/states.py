"""The handover lifecycle: one explicit state machine (docs/handovers.md).

After the HL7 Gravity referral lifecycle: the sender drafts, sends, cancels and marks an
error; the receiver accepts or declines, works on it, puts it on hold, and closes it as
completed or failed. ``TRANSITIONS`` is the whole table: a move that is not in it is refused.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


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


@dataclass(frozen=True)
class Transition:
    source: str
    target: str
    side: str  # who may make it: the sending or the receiving team
    needs_reason: bool = False  # a coded reason (decline, failure, outcome) or a text (hold)


_T = Transition
TRANSITIONS: tuple[Transition, ...] = (
    _T(State.DRAFT, State.SENT, SENDER),
    _T(State.DRAFT, State.ENTERED_IN_ERROR, SENDER),
    *(
        _T(source, State.CANCELLED, SENDER, needs_reason=True)
        for source in (State.SENT, State.ACCEPTED, State.IN_PROGRESS, State.ON_HOLD)
    ),
    *(
        _T(source, State.ENTERED_IN_ERROR, SENDER)
        for source in (State.SENT, State.ACCEPTED, State.IN_PROGRESS, State.ON_HOLD)
    ),
    _T(State.SENT, State.ACCEPTED, RECEIVER),
    _T(State.SENT, State.DECLINED, RECEIVER, needs_reason=True),
    _T(State.ACCEPTED, State.IN_PROGRESS, RECEIVER),
    _T(State.IN_PROGRESS, State.ON_HOLD, RECEIVER, needs_reason=True),
    _T(State.ON_HOLD, State.IN_PROGRESS, RECEIVER),
    _T(State.IN_PROGRESS, State.COMPLETED, RECEIVER, needs_reason=True),
    _T(State.IN_PROGRESS, State.FAILED, RECEIVER, needs_reason=True),
)
BY_MOVE = {(t.source, t.target): t for t in TRANSITIONS}

# Waiting for the receiver's answer, or being worked on: the receiver has access.
OPEN = (State.SENT, State.ACCEPTED, State.IN_PROGRESS, State.ON_HOLD)
FINAL = (State.DECLINED, State.COMPLETED, State.FAILED, State.CANCELLED, State.ENTERED_IN_ERROR)


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
