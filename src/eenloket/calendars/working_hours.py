"""Service-level time in a team's working hours (opening hours minus closing days).

This is for service levels the desk promises itself ("answer within 16 working hours"); it is
not for statutory terms, which follow the Algemene termijnenwet (see ``statutory``).

Working time is real elapsed time: the calendar turns each local opening interval into UTC
before measuring, so an interval that spans a daylight-saving change is an hour shorter (March)
or longer (October) than its wall-clock length. Ordinary office hours never span one.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable, Iterator, Mapping, Sequence
from zoneinfo import ZoneInfo

Interval = tuple[dt.time, dt.time]

_ONE_DAY = dt.timedelta(days=1)
_UTC = dt.UTC


class WorkingCalendar:
    """Opening hours per weekday (0 = Monday), closing days (local dates) and a time zone."""

    def __init__(
        self,
        opening_hours: Mapping[int, Sequence[Interval]],
        closing_days: Iterable[dt.date] = (),
        tz: str = "Europe/Amsterdam",
    ):
        hours: dict[int, tuple[Interval, ...]] = {}
        for weekday, intervals in opening_hours.items():
            if weekday not in range(7):
                raise ValueError(f"weekday must be 0 (Monday) to 6 (Sunday), got {weekday!r}")
            ordered = sorted(intervals)
            for opens, closes in ordered:
                if opens.tzinfo is not None or closes.tzinfo is not None:
                    raise ValueError("opening hours are local wall-clock times without tzinfo")
                if not opens < closes:
                    raise ValueError(
                        f"an opening interval must close after it opens: {opens}-{closes}"
                    )
            for (_, closes), (opens, _) in itertools.pairwise(ordered):
                if opens < closes:
                    raise ValueError(f"opening intervals overlap on weekday {weekday}")
            if ordered:
                hours[weekday] = tuple(ordered)
        if not hours:
            raise ValueError("a working calendar needs opening hours on at least one weekday")
        self.opening_hours = hours
        self.closing_days = frozenset(closing_days)
        self.tz = ZoneInfo(tz)

    def intervals_on(self, day: dt.date) -> list[tuple[dt.datetime, dt.datetime]]:
        """Return the opening intervals of local date ``day`` as UTC datetimes."""
        if day in self.closing_days:
            return []
        intervals = [
            (self._utc(day, opens), self._utc(day, closes))
            for opens, closes in self.opening_hours.get(day.weekday(), ())
        ]
        # A wall-clock time inside the spring DST gap is read with the offset before the change
        # (PEP 495, fold=0), so 02:15 means 03:15 summer time; an interval that then closes
        # before it opens (02:30-03:00) has no real duration that day.
        return [(opens, closes) for opens, closes in intervals if opens < closes]

    def is_open(self, moment: dt.datetime) -> bool:
        """Say whether ``moment`` (aware) falls within opening hours, both ends included."""
        moment = _as_utc(moment)
        local_day = moment.astimezone(self.tz).date()
        return any(opens <= moment <= closes for opens, closes in self.intervals_on(local_day))

    def add_working_hours(self, start: dt.datetime, hours: float) -> dt.datetime:
        """Return the moment ``hours`` working hours after ``start``, in the calendar's zone.

        Time outside opening hours and on closing days does not count; a start outside opening
        hours begins at the next opening. Adding 0 hours gives ``start`` when open, else the next
        opening. The result is always within opening hours.
        """
        if hours < 0:
            raise ValueError(f"hours must not be negative, got {hours}")
        remaining = dt.timedelta(hours=hours)
        current = _as_utc(start)
        for opens, closes in self._intervals_from(current):
            begin = max(current, opens)
            if remaining <= closes - begin:
                return (begin + remaining).astimezone(self.tz)
            remaining -= closes - begin
            current = closes
        raise AssertionError("unreachable: the interval iterator never ends")

    def working_hours_between(self, a: dt.datetime, b: dt.datetime) -> float:
        """Return the working hours from ``a`` to ``b``; negative when ``b`` is before ``a``."""
        a, b = _as_utc(a), _as_utc(b)
        if b < a:
            return -self.working_hours_between(b, a)
        total = dt.timedelta()
        for opens, closes in self._intervals_from(a):
            if opens >= b:
                break
            overlap = min(closes, b) - max(opens, a)
            if overlap > dt.timedelta():
                total += overlap
        return total.total_seconds() / 3600

    def _intervals_from(self, moment: dt.datetime) -> Iterator[tuple[dt.datetime, dt.datetime]]:
        # Yield, in time order, every interval that has not closed before ``moment``. Closing days
        # are finite and some weekday has hours, so the iteration always finds more intervals.
        day = moment.astimezone(self.tz).date()
        while True:
            for opens, closes in self.intervals_on(day):
                if closes >= moment:
                    yield opens, closes
            day += _ONE_DAY

    def _utc(self, day: dt.date, at: dt.time) -> dt.datetime:
        return dt.datetime.combine(day, at, tzinfo=self.tz).astimezone(_UTC)


def _as_utc(moment: dt.datetime) -> dt.datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("working-hours arithmetic needs an aware datetime")
    return moment.astimezone(_UTC)
