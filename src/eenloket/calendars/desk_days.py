"""Days a desk or a direct line is closed for a holiday: for the loket's own promises.

A desk's appointment slots, "we answer within two working days" and a direct line's service
level are promises of the loket, not terms set by law: they close on the recognised holidays
that eenloket knows, and keep working when the decree days of a later year are not in it yet
(statutory terms raise instead; see statutory.CalendarDataMissing).
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools

from eenloket.calendars import statutory


@functools.cache
def _holiday_set(year: int) -> frozenset[dt.date]:
    return frozenset(statutory.holidays_known(year))


def holidays(year: int) -> list[dt.date]:
    """Return the holidays of ``year`` on which the loket's desks and lines are closed."""
    return sorted(_holiday_set(year))


def is_holiday(day: dt.date) -> bool:
    """Say whether the loket is closed on ``day`` for a holiday."""
    return day in _holiday_set(day.year)


def next_working_day(day: dt.date) -> dt.date:
    """Return ``day`` itself or the first later day that is not a weekend day or a holiday."""
    while day.weekday() >= calendar.SATURDAY or is_holiday(day):
        day += dt.timedelta(days=1)
    return day


def working_days_after(day: dt.date, count: int) -> dt.date:
    """Return the ``count``-th working day after ``day``."""
    for _step in range(count):
        day = next_working_day(day + dt.timedelta(days=1))
    return day


def working_day_on_or_before(day: dt.date) -> dt.date:
    """Return ``day`` itself or the last earlier day that is not a weekend day or a holiday."""
    while day.weekday() >= calendar.SATURDAY or is_holiday(day):
        day -= dt.timedelta(days=1)
    return day


def overdue_before(today: dt.date) -> dt.date:
    """Something due on a day before the returned one is overdue ``today`` on the business-day
    calendar: from the first working day after its date, so an action due on a Friday is
    overdue on Monday, not on Saturday (issue #20, decision 0046)."""
    return working_day_on_or_before(today)
