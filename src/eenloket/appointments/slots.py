"""Cut a desk's opening hours into appointment slots (docs/appointments.md).

Pure functions over the directory's schedule rows (HSDS: weekly on ``byday`` "MO,TU", from
``opens_at`` to ``closes_at``, local time in Europe/Amsterdam, between ``valid_from`` and
``valid_to``). A slot lies wholly inside one opening interval; none on a recognised holiday
(art. 3 Algemene termijnenwet, ``calendars.statutory``); none before tomorrow (local) and none
after the horizon.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Protocol
from zoneinfo import ZoneInfo

from eenloket.calendars import desk_days

TZ = ZoneInfo("Europe/Amsterdam")
DAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


class ScheduleLike(Protocol):
    freq: str
    byday: str
    opens_at: dt.time
    closes_at: dt.time
    valid_from: dt.date | None
    valid_to: dt.date | None


@dataclass(frozen=True)
class Slot:
    starts_at: dt.datetime  # aware, Europe/Amsterdam
    ends_at: dt.datetime
    capacity: int
    booked: int = 0

    @property
    def free(self) -> int:
        return max(self.capacity - self.booked, 0)

    @property
    def key(self) -> str:
        """How a form names this slot: its start in local time, ISO 8601 to the minute."""
        return self.starts_at.astimezone(TZ).strftime("%Y-%m-%dT%H:%M")


def window(now: dt.datetime, horizon_days: int) -> tuple[dt.date, dt.date]:
    """The first and last local day on which slots may be offered: tomorrow to the horizon."""
    today = now.astimezone(TZ).date()
    return today + dt.timedelta(days=1), today + dt.timedelta(days=horizon_days)


def _applies(schedule: ScheduleLike, day: dt.date) -> bool:
    if (schedule.freq or "WEEKLY") != "WEEKLY":
        return False  # monthly rows ("first Tuesday") are not cut into slots
    if schedule.valid_from and day < schedule.valid_from:
        return False
    if schedule.valid_to and day > schedule.valid_to:
        return False
    days = {code.strip().upper() for code in (schedule.byday or "").split(",")}
    return DAY_CODES[day.weekday()] in days


def slots_on(
    day: dt.date,
    *,
    schedules: Iterable[ScheduleLike],
    slot_minutes: int,
    capacity: int,
    booked: Mapping[dt.datetime, int] | None = None,
    closed_on: frozenset[dt.date] = frozenset(),
) -> list[Slot]:
    """The slots of local ``day``, in time order, with how many seats are booked; none on a
    holiday or on one of the desk's own closing days (``closed_on``).

    Each opening interval is cut from its opening time in steps of ``slot_minutes``; a last
    piece shorter than a slot is not offered. Overlapping rows give each start once.
    """
    if slot_minutes <= 0 or capacity <= 0:
        raise ValueError("slot length and capacity must be positive")
    if desk_days.is_holiday(day) or day in closed_on:
        return []
    booked = booked or {}
    length = dt.timedelta(minutes=slot_minutes)
    starts: dict[dt.datetime, dt.datetime] = {}
    for schedule in schedules:
        if not _applies(schedule, day):
            continue
        start = dt.datetime.combine(day, schedule.opens_at)
        closes = dt.datetime.combine(day, schedule.closes_at)
        while start + length <= closes:
            aware = start.replace(tzinfo=TZ)
            starts.setdefault(aware, (start + length).replace(tzinfo=TZ))
            start += length
    return [
        Slot(begin, end, capacity, booked.get(begin, 0)) for begin, end in sorted(starts.items())
    ]


def slots_between(
    first_day: dt.date,
    last_day: dt.date,
    *,
    schedules: Iterable[ScheduleLike],
    slot_minutes: int,
    capacity: int,
    booked: Mapping[dt.datetime, int] | None = None,
    now: dt.datetime,
    closed_on: frozenset[dt.date] = frozenset(),
) -> list[Slot]:
    """Every slot from ``first_day`` to ``last_day`` (local, both included) that starts after
    ``now``."""
    schedules = list(schedules)
    found: list[Slot] = []
    day = first_day
    while day <= last_day:
        found += [
            slot
            for slot in slots_on(
                day,
                schedules=schedules,
                slot_minutes=slot_minutes,
                capacity=capacity,
                booked=booked,
                closed_on=closed_on,
            )
            if slot.starts_at > now
        ]
        day += dt.timedelta(days=1)
    return found


def closing_days_of(values) -> frozenset[dt.date]:
    """The desk's own closing days from their stored ISO form (unreadable entries are skipped:
    the service only stores valid dates)."""
    days = set()
    for value in values or ():
        try:
            days.add(dt.date.fromisoformat(str(value)))
        except ValueError:
            continue
    return frozenset(days)
