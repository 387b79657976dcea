"""Writes for handovers: draft, the warm call, send, every transition of the state machine,
re-routing, escalation, and questions to a colleague (docs/handovers.md).

One module per concern, the names re-exported here (callers import ``handovers.services``):
``sending`` (draft, warm call, consent asked, send), ``transitions`` (every later move,
re-routing, the receiver's reference), ``notices`` (who is told what; escalation),
``questions`` (questions to a colleague) and ``_common`` (the lock order, the history line
and ``LIFECYCLE``).
"""

from eenloket.handovers.services._common import LIFECYCLE
from eenloket.handovers.services._common import _lock_case as _lock_case
from eenloket.handovers.services._common import _locked as _locked
from eenloket.handovers.services.notices import SENDER_HEARS, handovers_escalate
from eenloket.handovers.services.offboarding import handovers_hand_over, held_by, held_count
from eenloket.handovers.services.questions import (
    colleague_question_answer,
    colleague_question_ask,
)
from eenloket.handovers.services.sending import (
    DEFAULT_HOURS,
    MIN_REASON_WITHOUT_CONTACT,
    calendar_of,
    handover_ask_consent,
    handover_draft,
    handover_draft_and_send,
    handover_send,
    warm_call_record,
    warmth_for,
)
from eenloket.handovers.services.stalls import handovers_stall_remind
from eenloket.handovers.services.transitions import (
    already_accepted_message,
    handover_reroute,
    handover_set_reference,
    handover_transition,
)

__all__ = [
    "DEFAULT_HOURS",
    "LIFECYCLE",
    "MIN_REASON_WITHOUT_CONTACT",
    "SENDER_HEARS",
    "already_accepted_message",
    "calendar_of",
    "colleague_question_answer",
    "colleague_question_ask",
    "handover_ask_consent",
    "handover_draft",
    "handover_draft_and_send",
    "handover_reroute",
    "handover_send",
    "handover_set_reference",
    "handover_transition",
    "handovers_escalate",
    "handovers_hand_over",
    "handovers_stall_remind",
    "held_by",
    "held_count",
    "warm_call_record",
    "warmth_for",
]
