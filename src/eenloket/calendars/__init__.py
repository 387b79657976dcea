"""Calendars: statutory terms (Algemene termijnenwet), Awb decision terms, working hours.

Plain Python, no models. See docs/calendars.md for the rules and their sources.
"""

from eenloket.calendars.decision_terms import (
    REASONABLE_TERM,
    DecisionTerm,
    TermUnit,
    expected_decision_date,
)
from eenloket.calendars.statutory import (
    apply_atw,
    easter_sunday,
    holidays,
    is_atw_rest_day,
    is_recognised_holiday,
    statutory_end,
)
from eenloket.calendars.working_hours import WorkingCalendar

__all__ = [
    "REASONABLE_TERM",
    "DecisionTerm",
    "TermUnit",
    "WorkingCalendar",
    "apply_atw",
    "easter_sunday",
    "expected_decision_date",
    "holidays",
    "is_atw_rest_day",
    "is_recognised_holiday",
    "statutory_end",
]
