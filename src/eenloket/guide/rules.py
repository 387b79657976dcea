"""The guide's rules, as plain functions: which directory life event a case's life event is,
and when a deadline counted from the event falls (docs/guide.md)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from eenloket.calendars import statutory

# The case vocabulary (cases/vocabulary.py) and the directory's shared vocabulary name the same
# life events with different keys; this is the one place that links them.
CASE_TO_DIRECTORY = {
    "job_loss": "job-loss",
    "debts": "debts",
    "death_of_partner": "partner-death",
    "divorce": "divorce",
    "turning_18": "turning-18",
    "leaving_detention": "leaving-detention",
    "illness": "illness-disability",
    "business_in_trouble": "business",
    "moving_house": "moving",
    "birth_of_child": "birth",
    "homelessness": "homelessness",
}

# How many days before the deadline the guide warns that it is close.
SOON_DAYS = 3


@dataclass(frozen=True)
class Deadline:
    due: dt.date
    status: str  # "passed", "soon", "open"
    days_left: int


def deadline(occurred_on: dt.date, days: int, today: dt.date) -> Deadline:
    """Return the deadline ``days`` after the event, as a term set by law: the day after the
    event is day 1, and it never ends on a Saturday, Sunday or recognised holiday (Atw)."""
    due = statutory.statutory_end(occurred_on, days=days)
    left = (due - today).days
    status = "passed" if left < 0 else "soon" if left <= SOON_DAYS else "open"
    return Deadline(due=due, status=status, days_left=left)
