"""Decision terms under the Awb (art. 4:13-4:15), with suspension and extension.

A decision term keeps its value, its unit (days or weeks), the event it starts from and the
legal source, so a deadline shown to a citizen can always say where it comes from.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from eenloket.calendars.statutory import apply_atw


class TermUnit(enum.StrEnum):
    DAYS = "days"
    WEEKS = "weeks"


@dataclass(frozen=True, slots=True)
class DecisionTerm:
    """A term within which a decision must be given."""

    value: int
    unit: TermUnit
    start_event: str
    legal_source: str

    def __post_init__(self):
        if isinstance(self.value, bool) or not isinstance(self.value, int) or self.value < 1:
            raise ValueError(
                f"a decision term needs a whole number of at least 1, got {self.value!r}"
            )
        object.__setattr__(self, "unit", TermUnit(self.unit))

    @property
    def days(self) -> int:
        """Return the length of the term in calendar days."""
        return self.value * (7 if self.unit is TermUnit.WEEKS else 1)


# Art. 4:13 Awb: where no term is set by a statutory rule, a reasonable term; lid 2 says that
# term has in any case passed eight weeks after receipt unless the body announced a later date
# under art. 4:14 lid 3 Awb.
REASONABLE_TERM = DecisionTerm(
    value=8,
    unit=TermUnit.WEEKS,
    start_event="receipt of the application",
    legal_source="art. 4:13 lid 2 Awb",
)

Suspension = tuple[dt.date, dt.date]
Extension = DecisionTerm | int


def suspended_days(filed_on: dt.date, suspensions: Iterable[Suspension]) -> int:
    """Return the number of days the term stands still (art. 4:15 Awb).

    A suspension ``(from_day, to_day)`` stops the clock from the day after ``from_day`` (the day
    the applicant was asked to complete the application) up to and including ``to_day`` (the
    day it was completed), so it adds ``(to_day - from_day).days`` days. Overlapping periods are
    counted once.
    """
    periods = []
    for from_day, to_day in suspensions:
        if to_day < from_day:
            raise ValueError(f"a suspension cannot end before it starts: {from_day} to {to_day}")
        if from_day < filed_on:
            raise ValueError(f"a suspension cannot start before the filing date {filed_on}")
        periods.append((from_day, to_day))
    total = 0
    covered_until = filed_on  # every day up to here is already counted (or before filing)
    for from_day, to_day in sorted(periods):
        begin = max(from_day, covered_until)
        if to_day > begin:
            total += (to_day - begin).days
            covered_until = to_day
    return total


def extension_days(extensions: Iterable[Extension]) -> int:
    """Return the total length of the extensions (art. 4:14 Awb) in calendar days."""
    total = 0
    for extension in extensions:
        if isinstance(extension, DecisionTerm):
            total += extension.days
        elif isinstance(extension, int) and not isinstance(extension, bool) and extension >= 0:
            total += extension
        else:
            raise ValueError(
                f"an extension is a DecisionTerm or a number of days, got {extension!r}"
            )
    return total


def decision_date_before_atw(
    filed_on: dt.date,
    term: DecisionTerm | None = None,
    *,
    suspensions: Sequence[Suspension] = (),
    extensions: Sequence[Extension] = (),
) -> dt.date:
    """Return the last day of the decision term before the Algemene termijnenwet applies."""
    term = term or REASONABLE_TERM
    return filed_on + dt.timedelta(
        days=term.days + suspended_days(filed_on, suspensions) + extension_days(extensions)
    )


def expected_decision_date(
    filed_on: dt.date,
    term: DecisionTerm | None = None,
    *,
    suspensions: Sequence[Suspension] = (),
    extensions: Sequence[Extension] = (),
) -> dt.date:
    """Return the last day on which the decision is due.

    The term starts the day after ``filed_on`` (the start event, usually receipt). Without a
    ``term`` the reasonable term of art. 4:13 Awb applies (``REASONABLE_TERM``, eight weeks).
    Suspensions (art. 4:15) add the suspended days, extensions (art. 4:14) add their length,
    and art. 1 and 2 of the Algemene termijnenwet then move the end off rest days.
    """
    end = decision_date_before_atw(filed_on, term, suspensions=suspensions, extensions=extensions)
    return apply_atw(end, term_start=filed_on + dt.timedelta(days=1))
