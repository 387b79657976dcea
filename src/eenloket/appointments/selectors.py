"""Reads for appointments: which desks take them, their free slots, a case's appointments and
call-back requests. The directory is public; a person's appointments are read through the
policy point (``access/appointments.py``: ``citizen_appointments``, ``desk_appointments``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Prefetch

from eenloket.access import appointments as appointment_access
from eenloket.access.release import rows_of
from eenloket.appointments.models import (
    Appointment,
    AppointmentState,
    CallbackRequest,
)
from eenloket.appointments.slots import TZ, Slot, closing_days_of, slots_between, window
from eenloket.core import clock
from eenloket.directory.models import Address, Location, Schedule


def bookable_locations():
    """The desks that take appointments, with their address and opening hours (3 queries)."""
    return list(
        Location.objects.filter(
            location_type=Location.Type.PHYSICAL,
            appointment_setting__active=True,
        )
        .select_related("appointment_setting", "organisation")
        .prefetch_related(
            Prefetch("addresses", queryset=Address.objects.order_by("address_type")),
            Prefetch("schedules", queryset=Schedule.objects.order_by("byday", "opens_at")),
        )
        .order_by("name")
    )


def bookable_location(location_id) -> Location | None:
    """One desk that takes appointments, or None (a bad or unknown id is simply not found)."""
    try:
        return next(loc for loc in bookable_locations() if str(loc.pk) == str(location_id))
    except StopIteration:
        return None


def slots(location: Location, *, day: dt.date | None = None) -> list[Slot]:
    """The slots of a desk that takes appointments, from tomorrow to its horizon (or of one day
    in that window), with their booked seats; full ones included (``free == 0``). One query
    besides the location's prefetched schedules."""
    setting = location.appointment_setting
    now = clock.now()
    first_day, last_day = window(now, setting.horizon_days)
    if day is not None:
        if not first_day <= day <= last_day:
            return []
        first_day = last_day = day
    begin = dt.datetime.combine(first_day, dt.time.min, tzinfo=TZ)
    end = dt.datetime.combine(last_day + dt.timedelta(days=1), dt.time.min, tzinfo=TZ)
    return slots_between(
        first_day,
        last_day,
        schedules=location.schedules.all(),
        slot_minutes=setting.slot_minutes,
        capacity=setting.capacity,
        booked=appointment_access.seats_taken(location, begin, end),
        now=now,
        closed_on=closing_days_of(setting.closing_days),
    )


@dataclass
class Day:
    day: dt.date
    free: int = 0
    slots: list = field(default_factory=list)


def days_with_free_slots(location: Location) -> list[Day]:
    """The days in the window with at least one free seat, each with its free seats."""
    days: dict[dt.date, Day] = {}
    for slot in slots(location):
        if slot.free:
            entry = days.setdefault(slot.starts_at.date(), Day(slot.starts_at.date()))
            entry.free += slot.free
            entry.slots.append(slot)
    return list(days.values())


def address_of(location: Location):
    """The desk's street address (prefetched), or None."""
    addresses = list(location.addresses.all())
    physical = [a for a in addresses if a.address_type == Location.Type.PHYSICAL]
    return next(iter(physical or addresses), None)


def of_case(case) -> tuple[list[Appointment], list[CallbackRequest]]:
    """The booked, coming appointments and the call-back requests of a case the caller already
    obtained through the policy point (case page). Two queries."""
    appointments = list(
        rows_of(Appointment, case)
        .filter(state=AppointmentState.BOOKED, ends_at__gte=clock.now())
        .select_related("location")
    )
    callbacks = list(rows_of(CallbackRequest, case).order_by("-created_at"))
    return appointments, callbacks


def callback_of_case(case, callback_id) -> CallbackRequest | None:
    """A call-back request of a case the caller already obtained through the policy point."""
    try:
        return rows_of(CallbackRequest, case).filter(pk=callback_id).first()
    except (ValueError, TypeError):
        return None


def worker_locations(actor) -> list[Location]:
    """The desks of the worker's organisation that take appointments (for the day list)."""
    membership = actor.membership
    if membership is None:
        return []
    return [
        loc for loc in bookable_locations() if loc.organisation_id == membership.organisation_id
    ]
