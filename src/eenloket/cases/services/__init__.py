"""Writes for cases: intake, the state machine, edits with a version check, contacts with
their documents and confirmations, notes. Every write is atomic and audited in its transaction.
"""

from eenloket.cases.services._common import ConcurrentEdit
from eenloket.cases.services.access_requests import (
    access_request_create,
    access_request_decide,
    access_request_withdraw,
)
from eenloket.cases.services.case import (
    EDITABLE,
    TRANSITIONS,
    case_add_team,
    case_close,
    case_end_team,
    case_hold,
    case_open,
    case_resume,
    case_summary_confirm,
    case_update,
    household_member_register,
    intake_register,
    representative_register,
)
from eenloket.cases.services.contacts import (
    ChannelChoice,
    check_document,
    citizen_write,
    confirmation_channel,
    contact_record,
    note_add,
)
from eenloket.cases.services.facts import FACT_CATEGORIES, fact_record, structured_facts_record
from eenloket.cases.services.offboarding import coordinated_count, coordinator_hand_over

__all__ = [
    "EDITABLE",
    "FACT_CATEGORIES",
    "TRANSITIONS",
    "ChannelChoice",
    "ConcurrentEdit",
    "access_request_create",
    "access_request_decide",
    "access_request_withdraw",
    "case_add_team",
    "case_close",
    "case_end_team",
    "case_hold",
    "case_open",
    "case_resume",
    "case_summary_confirm",
    "case_update",
    "check_document",
    "citizen_write",
    "confirmation_channel",
    "contact_record",
    "coordinated_count",
    "coordinator_hand_over",
    "fact_record",
    "household_member_register",
    "intake_register",
    "note_add",
    "representative_register",
    "structured_facts_record",
]
