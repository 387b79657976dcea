"""Booking and cancelling a seat of an offered slot at a desk (docs/decisions/0028)."""

# Services write and lock rows of objects an interface already obtained through the policy
# point, so they use the unguarded ``_base_manager``; the guarded ``objects`` hands out, while a
# request is served, only what the policy point released (docs/decisions/0021 and 0031).

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from eenloket.appointments import selectors
from eenloket.appointments.models import Appointment, AppointmentSetting, AppointmentState
from eenloket.appointments.services._common import (
    _address_text,
    _citizen,
    _own_open_case,
    _tell,
    when_text,
)
from eenloket.appointments.services.lifecycle import APPOINTMENT_LIFECYCLE
from eenloket.appointments.slots import TZ, window
from eenloket.appointments.states import APPOINTMENT
from eenloket.audit import processing
from eenloket.cases.models import Case, CaseStatus
from eenloket.cases.services.contacts import tell_citizen
from eenloket.core import clock
from eenloket.core.actor import Actor
from eenloket.core.errors import DomainError
from eenloket.directory.models import Location
from eenloket.insights import capture
from eenloket.people.models import Person


class SlotTaken(DomainError):
    """Every seat of the slot is booked."""


def _check_offered(location: Location, starts_at: dt.datetime):
    """Return the offered slot starting at ``starts_at``, or raise a clear error."""
    setting = getattr(location, "appointment_setting", None)
    if setting is None or not setting.active or location.location_type != "physical":
        raise DomainError(_("This desk does not take appointments."), field="location")
    if starts_at.tzinfo is None:
        raise DomainError(_("Choose one of the times on the list."), field="slot")
    now = clock.now()
    first_day, last_day = window(now, setting.horizon_days)
    day = starts_at.astimezone(TZ).date()
    if starts_at <= now or day < first_day:
        raise DomainError(
            _("This time has passed or is today. Choose a time from tomorrow on."), field="slot"
        )
    if day > last_day:
        raise DomainError(
            _("You can book up to %(n)s days ahead. Choose an earlier day.")
            % {"n": setting.horizon_days},
            field="slot",
        )
    for slot in selectors.slots(location, day=day):
        if slot.starts_at == starts_at:
            return setting, slot
    raise DomainError(
        _("The desk does not take appointments at this time. Choose one of the times on the list."),
        field="slot",
    )


@transaction.atomic
def appointment_book(
    *,
    location: Location,
    starts_at: dt.datetime,
    own_cases: list,
    case=None,
    actor: Actor,
) -> Appointment:
    """Book a seat of an offered slot at a desk for the logged-in citizen.

    The slot must be offered (opening hours, no holiday, from tomorrow to the horizon) and have
    a free seat; the citizen may hold no other appointment at an overlapping time. The seat is
    taken by inserting a row the database allows once per (location, start, seat) while booked:
    two citizens racing for the last seat cannot both get it (docs/decisions/0028). With a case
    chosen, the booking is a contact on it (the team sees it, the citizen gets a
    confirmation); without one, a message confirms it. ``own_cases`` come from the policy
    point."""
    person = _citizen(actor)
    case = _own_open_case(case, own_cases)
    if actor.is_representative and case is None:
        raise DomainError(
            _("For someone you help, choose the question the appointment is about."),
            field="case",
        )
    # Serialise bookings per desk (PostgreSQL; SQLite serialises every write anyway). The
    # unique constraint below is what guarantees no double booking; the lock only spares
    # the losers of a race a retry.
    setting = AppointmentSetting.objects.select_for_update().filter(location=location).first()
    if setting is None:
        raise DomainError(_("This desk does not take appointments."), field="location")
    location.appointment_setting = setting
    setting, slot = _check_offered(location, starts_at)
    overlapping = Appointment._base_manager.filter(
        person=person,
        state=AppointmentState.BOOKED,
        starts_at__lt=slot.ends_at,
        ends_at__gt=slot.starts_at,
    ).exists()
    if overlapping:
        raise DomainError(_("You already have an appointment at this time."), field="slot")
    taken = _taken_seats(location, slot.starts_at)
    appointment = None
    for seat in range(setting.capacity):
        if seat in taken:
            continue
        try:
            with transaction.atomic():
                appointment = Appointment.objects.create(
                    location=location,
                    person=person,
                    case=case,
                    starts_at=slot.starts_at,
                    ends_at=slot.ends_at,
                    seat=seat,
                )
            break
        except IntegrityError:
            # Someone took this seat since we looked, or the citizen booked this very time in
            # another tab: try the next seat, and say which it was if none is left.
            if Appointment._base_manager.filter(
                person=person, starts_at=slot.starts_at, state=AppointmentState.BOOKED
            ).exists():
                raise DomainError(
                    _("You already have an appointment at this time."), field="slot"
                ) from None
            continue
    if appointment is None:
        raise SlotTaken(_("This time is full. Choose another time."), field="slot")
    when = when_text(appointment.starts_at)
    _tell(
        person=person,
        case=case,
        summary=_("Appointment made at %(place)s on %(when)s.")
        % {"place": location.name, "when": when},
        follow_up=_(
            "Come to %(address)s on %(when)s. Bring your ID. Can you not come? Cancel the "
            "appointment in Mijn overzicht, or call %(phone)s."
        )
        % {"address": _address_text(location), "when": when, "phone": settings.EENLOKET_DESK_PHONE},
        actor=actor,
    )
    processing.record_change(
        actor=actor,
        action="appointment_book",
        object_type="appointment",
        object_id=appointment.pk,
        changes={
            "location": str(location.pk),
            "starts_at": appointment.starts_at.isoformat(),
            "seat": appointment.seat,
            "case": str(case.pk) if case else None,
        },
    )
    if case is not None:
        capture.case_changed(case)
    return appointment


def _taken_seats(location: Location, starts_at: dt.datetime) -> set[int]:
    return set(
        Appointment._base_manager.filter(
            location=location, starts_at=starts_at, state=AppointmentState.BOOKED
        ).values_list("seat", flat=True)
    )


@transaction.atomic
def appointment_cancel(*, appointment: Appointment, actor: Actor) -> Appointment:
    """Cancel a booked appointment; its seat is free again at once. The citizen cancels their
    own, before it starts; a worker of the desk's organisation may cancel any of its desk's.
    Cancelling a cancelled appointment changes nothing."""
    current = APPOINTMENT_LIFECYCLE.locked(appointment)
    if actor.is_citizen:
        if str(current.person_id) != str(actor.person_id):
            raise DomainError(_("This appointment was not found."))
    elif actor.is_worker:
        membership = actor.membership
        if membership is None or membership.organisation_id != current.location.organisation_id:
            raise DomainError(_("This appointment was not found."))
    else:
        raise DomainError(_("This appointment was not found."))
    if current.state == AppointmentState.CANCELLED:
        return current
    APPOINTMENT.check(current.state, "cancel")
    if current.starts_at <= clock.now():
        raise DomainError(
            _("This appointment has already started. Call %(phone)s.")
            % {"phone": settings.EENLOKET_DESK_PHONE}
        )
    current = APPOINTMENT_LIFECYCLE.transition(current, "cancel", actor=actor, locked=True)
    person = Person._base_manager.get(pk=current.person_id)
    case = Case._base_manager.filter(pk=current.case_id).first() if current.case_id else None
    if case is not None and case.status == CaseStatus.CLOSED:
        case = None
    when = when_text(current.starts_at)
    summary = _("Appointment at %(place)s on %(when)s cancelled.") % {
        "place": current.location.name,
        "when": when,
    }
    follow_up = _("You can make a new appointment in Mijn overzicht, or call %(phone)s.") % {
        "phone": settings.EENLOKET_DESK_PHONE
    }
    if actor.is_citizen:
        _tell(person=person, case=case, summary=summary, follow_up=follow_up, actor=actor)
    else:
        tell_citizen(
            person=person,
            purpose="appointment",
            what=summary,
            next_step=follow_up,
            reach=_("the desk"),
            actor=actor,
        )
    if current.case_id:
        capture.case_changed(current.case_id)
    return current
