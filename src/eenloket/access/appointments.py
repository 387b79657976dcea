"""Appointments at a desk (#11, docs/appointments.md): the citizen's own coming ones (a
representative's: those about questions in scope), and who comes to a desk on a day, for a
case worker of the organisation whose desk it is."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django.db.models import Count

from eenloket.access._common import refuse, uuid_or_none
from eenloket.access.capabilities import casework_team_id
from eenloket.access.casework import visible_cases
from eenloket.access.citizens import citizen_may_read, citizen_read_logged
from eenloket.access.disclosure import LIST_CATEGORIES
from eenloket.access.release import release
from eenloket.appointments.models import Appointment, AppointmentState
from eenloket.audit import processing, register
from eenloket.audit.selectors import OUTSIDE_REPRESENTATION
from eenloket.core import clock
from eenloket.core.actor import Actor
from eenloket.core.errors import NotFoundOrForbidden
from eenloket.directory.models import Location


def citizen_appointments(actor: Actor) -> list:
    """The citizen's own coming appointments (booked, not yet ended), soonest first, with the
    desk and its address. Logged when there are any."""
    representation = citizen_may_read(actor)
    rows = [
        row
        for row in release(Appointment)
        .filter(person_id=actor.person_id, state=AppointmentState.BOOKED, ends_at__gte=clock.now())
        .select_related("location", "case")
        .prefetch_related("location__addresses")
        .order_by("starts_at")
        # A representative sees the appointments about questions in their scope.
        if representation is None or (row.case is not None and representation.covers(row.case))
    ]
    if rows:
        citizen_read_logged(actor, ("name",), "appointments")
    return rows


def citizen_appointment(actor: Actor, appointment_id):
    """One of the citizen's own appointments (to cancel it); anyone else's is "not found", the
    same answer as for one that does not exist, and the attempt is logged as refused."""
    representation = citizen_may_read(actor)
    appointment = (
        release(Appointment)
        .filter(pk=uuid_or_none(appointment_id))
        .select_related("location", "case")
        .first()
    )
    own = appointment is not None and str(appointment.person_id) == str(actor.person_id)
    if not own or (
        representation is not None
        and (appointment.case is None or not representation.covers(appointment.case))
    ):
        if appointment is not None:
            refuse(
                actor,
                register.PORTAL_OVERVIEW,
                appointment.person_id,
                ("name",),
                OUTSIDE_REPRESENTATION if own else "not the citizen's own appointment",
                "appointment",
                appointment.pk,
            )
        raise NotFoundOrForbidden()
    citizen_read_logged(actor, ("name",), "appointment", object_id=appointment.pk)
    return appointment


def desk_appointments(actor: Actor, location_id, day: dt.date) -> list:
    """Who comes to a desk on a local day: the booked appointments with the person's name and
    their question, for a case worker of the organisation whose desk it is. Anyone else gets
    "not found". One processing-log line per person shown (the team's worklist)."""
    team_id = casework_team_id(actor)
    location = Location.objects.filter(pk=uuid_or_none(location_id)).first()
    if team_id is None or location is None:
        raise NotFoundOrForbidden()
    if location.organisation_id != actor.membership.organisation_id:
        raise NotFoundOrForbidden()
    tz = zoneinfo.ZoneInfo("Europe/Amsterdam")
    begin = dt.datetime.combine(day, dt.time.min, tzinfo=tz)
    rows = list(
        release(Appointment)
        .filter(
            location=location,
            state=AppointmentState.BOOKED,
            starts_at__gte=begin,
            starts_at__lt=begin + dt.timedelta(days=1),
        )
        .select_related("person", "case")
        .order_by("starts_at", "seat")
    )
    visible = set(
        visible_cases(actor)
        .filter(pk__in=[r.case_id for r in rows if r.case_id])
        .values_list("pk", flat=True)
    )
    for row in rows:
        row.case_visible = row.case_id in visible
    if rows:
        processing.record(
            activity=register.CASE_WORKLIST,
            actor=actor,
            subject_ids=[row.person_id for row in rows],
            categories=LIST_CATEGORIES,
            status=processing.STATUS_OK,
            object_type="appointment_list",
        )
    return rows


def seats_taken(location: Location, first: dt.datetime, last: dt.datetime) -> dict:
    """How many seats are booked per start time at a desk between two moments, for the free
    slots anyone may see: counts only, nobody's name or question, so nothing is logged."""
    rows = (
        release(Appointment)
        .filter(
            location=location,
            state=AppointmentState.BOOKED,
            starts_at__gte=first,
            starts_at__lt=last,
        )
        .values("starts_at")
        .annotate(n=Count("id"))
    )
    return {row["starts_at"]: row["n"] for row in rows}
