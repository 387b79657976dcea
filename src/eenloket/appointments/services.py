"""Writes for appointments at a desk and call-back requests (docs/appointments.md).

Both land on the citizen's question (case) as a contact, so the team sees them on the case's
timeline, and both are confirmed to the citizen through the outbox like every other contact.
"""

# Services write and lock rows of objects an interface already obtained through the policy
# point, so they use the unguarded ``_base_manager``; the guarded ``objects`` hands out, while a
# request is served, only what the policy point released (docs/decisions/0021 and 0031).

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import formats
from django.utils.translation import gettext as _

from eenloket.appointments import selectors
from eenloket.appointments.models import (
    Appointment,
    AppointmentSetting,
    AppointmentState,
    Attendance,
    CallbackRequest,
    CallbackState,
    PartOfDay,
)
from eenloket.appointments.slots import TZ, window
from eenloket.appointments.states import APPOINTMENT, CALLBACK
from eenloket.audit import processing
from eenloket.calendars import desk_days
from eenloket.cases import citizen_texts
from eenloket.cases import services as cases
from eenloket.cases.models import Case, CaseStatus, ContactChannel, Direction, Verification
from eenloket.core import clock
from eenloket.core.actor import Actor
from eenloket.core.errors import DomainError
from eenloket.directory.models import Location
from eenloket.insights import capture
from eenloket.people.models import Person

# A call-back request is answered within one working day.
CALLBACK_WORKING_DAYS = 1
NOTE_MAX_LENGTH = 1000
# Transitions of an appointment: the table the services check.


def when_text(moment: dt.datetime) -> str:
    """A moment as the citizen reads it, in the active language: "Tuesday 1 December 2026 at
    10:30"."""
    local = moment.astimezone(TZ)
    return _("%(day)s at %(time)s") % {
        "day": formats.date_format(local, "l j F Y"),
        "time": local.strftime("%H:%M"),
    }


def _address_text(location: Location) -> str:
    address = selectors.address_of(location)
    if address is None:
        return location.name
    return f"{location.name}, {address.address_1}, {address.postal_code} {address.city}"


def _own_open_case(case, own_cases) -> Case | None:
    if case is None:
        return None
    if case not in own_cases or case.status == CaseStatus.CLOSED:
        raise DomainError(_("Choose one of your open questions."), field="case")
    return case


def _citizen(actor: Actor) -> Person:
    if not actor.is_citizen:
        raise DomainError(_("Only the citizen can do this here."))
    # Services read and lock through the unguarded base manager (docs/decisions/0021).
    return Person._base_manager.get(pk=actor.person_id)


def _tell(*, person, case, summary, follow_up, actor) -> None:
    """A contact on the case (which confirms it to the citizen), or, without a case, a message
    to the citizen through the outbox."""
    if case is not None:
        cases.contact_record(
            case=case,
            channel=ContactChannel.PORTAL,
            direction=Direction.INCOMING,
            verification=Verification.DIGID,
            summary=summary,
            follow_up=follow_up,
            actor=actor,
        )
    else:
        from eenloket.cases.services.contacts import tell_citizen

        tell_citizen(
            person=person,
            purpose="appointment",
            what=summary,
            next_step=follow_up,
            reach=_("the desk"),
            actor=actor,
        )


@transaction.atomic
def setting_save(
    *,
    location: Location,
    slot_minutes: int = 30,
    capacity: int = 1,
    horizon_days: int = 28,
    active: bool = True,
    closing_days: Iterable[dt.date] | None = None,
    actor: Actor,
) -> AppointmentSetting:
    """Let a desk take appointments (or change how): slot length, capacity, horizon, and the
    desk's own closing days (``None`` keeps those it has; no slots on them).

    Only a physical location takes appointments. A lower capacity does not cancel bookings
    already made; it only stops new ones beyond it. Only those who may change the directory
    (application managers, and system jobs such as the demo data) may."""
    from eenloket.access import capabilities

    if not capabilities.may_maintain_directory(actor):
        raise DomainError(_("Only application managers may change the directory."))
    if location.location_type != Location.Type.PHYSICAL:
        raise DomainError(_("Only a walk-in desk takes appointments."), field="location")
    if not 5 <= slot_minutes <= 240:
        raise DomainError(_("An appointment lasts 5 to 240 minutes."), field="slot_minutes")
    if not 1 <= capacity <= 50:
        raise DomainError(_("The capacity is 1 to 50 at a time."), field="capacity")
    if not 1 <= horizon_days <= 366:
        raise DomainError(_("Appointments can be made 1 to 366 days ahead."), field="horizon_days")
    defaults = {
        "slot_minutes": slot_minutes,
        "capacity": capacity,
        "horizon_days": horizon_days,
        "active": active,
        "updated_at": clock.now(),
    }
    if closing_days is not None:
        days = sorted(set(closing_days))
        if len(days) > 366:
            raise DomainError(_("Give at most 366 closing days."), field="closing_days")
        defaults["closing_days"] = [day.isoformat() for day in days]
    setting, _created = AppointmentSetting.objects.update_or_create(
        location=location, defaults=defaults
    )
    processing.record_change(
        actor=actor,
        action="appointment_setting_save",
        object_type="location",
        object_id=location.pk,
        changes={
            "slot_minutes": slot_minutes,
            "capacity": capacity,
            "horizon_days": horizon_days,
            "active": active,
            "closing_days": setting.closing_days,
        },
    )
    return setting


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
    current = (
        Appointment._base_manager.select_for_update()
        .select_related("location")
        .get(pk=appointment.pk)
    )
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
    current.state = AppointmentState.CANCELLED
    current.cancelled_at = clock.now()
    current.updated_at = current.cancelled_at
    current.save(update_fields=["state", "cancelled_at", "updated_at"])
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
        from eenloket.cases.services.contacts import tell_citizen

        tell_citizen(
            person=person,
            purpose="appointment",
            what=summary,
            next_step=follow_up,
            reach=_("the desk"),
            actor=actor,
        )
    processing.record_change(
        actor=actor,
        action="appointment_cancel",
        object_type="appointment",
        object_id=current.pk,
        changes={"state": [AppointmentState.BOOKED, AppointmentState.CANCELLED]},
    )
    if current.case_id:
        capture.case_changed(current.case_id)
    return current


@transaction.atomic
def appointment_attendance_record(
    *, appointment: Appointment, kept: bool, actor: Actor
) -> Appointment:
    """Write down whether the citizen came to a booked appointment, once it has started: a
    worker of the desk's organisation. A correction (came / did not come) is audited too."""
    current = (
        Appointment.objects.select_for_update().select_related("location").get(pk=appointment.pk)
    )
    membership = actor.membership if actor.is_worker else None
    if membership is None or membership.organisation_id != current.location.organisation_id:
        raise DomainError(_("This appointment was not found."))
    APPOINTMENT.require(current.state, "attendance")
    if current.starts_at > clock.now():
        raise DomainError(_("This appointment has not started yet."))
    attendance = Attendance.KEPT if kept else Attendance.MISSED
    if current.attendance == attendance:
        return current
    before = current.attendance
    current.attendance = attendance
    current.updated_at = clock.now()
    current.save(update_fields=["attendance", "updated_at"])
    processing.record_change(
        actor=actor,
        action="appointment_attendance",
        object_type="appointment",
        object_id=current.pk,
        changes={"attendance": [before, attendance]},
    )
    if current.case_id:
        capture.case_changed(current.case_id)
    return current


# Dutch phone numbers: 0 and nine digits (06 mobile, 010 Rotterdam…), or +31/0031 and nine.
_NATIONAL = re.compile(r"0[1-9]\d{8}")
# Paid and free service numbers cannot be a citizen's own line.
_SERVICE_PREFIXES = ("0800", "0900", "0906", "0909")


def dutch_phone(value: str) -> str:
    """Return a Dutch phone number in one form ("0612345678"), or raise a clear error."""
    raw = (value or "").strip()
    if not raw:
        raise DomainError(_("Give the phone number we can call you on."), field="phone")
    digits = re.sub(r"[\s\-().]", "", raw)
    if digits.startswith("+31"):
        digits = "0" + digits[3:]
    elif digits.startswith("0031"):
        digits = "0" + digits[4:]
    if digits.startswith("00") or digits.startswith("+"):
        raise DomainError(
            _("We can only call Dutch numbers. Give a number that starts with 0 or +31."),
            field="phone",
        )
    if digits.startswith(_SERVICE_PREFIXES):
        raise DomainError(
            _("This is a service number. Give the number of your own phone."), field="phone"
        )
    if not _NATIONAL.fullmatch(digits):
        raise DomainError(
            _("This is not a Dutch phone number. A number has 10 digits, like 06 12345678."),
            field="phone",
        )
    return digits


def _working_days_ahead(days: int) -> dt.date:
    return desk_days.working_days_after(clock.today(), days)


@transaction.atomic
def callback_request(
    *,
    own_cases: list,
    phone: str,
    part_of_day: str,
    note: str = "",
    case=None,
    actor: Actor,
) -> CallbackRequest:
    """The citizen asks to be called back, about one of their open questions or in general.

    It lands in the owning team's queue: the case's next step becomes "call back", due the
    next working day; in general (no question chosen) a new question is opened with the team
    that helped them last. It is a contact on the case, so the citizen gets a confirmation.
    One open request per question."""
    person = _citizen(actor)
    phone = dutch_phone(phone)
    if part_of_day not in PartOfDay.values:
        raise DomainError(_("Choose when we may call you."), field="part_of_day")
    note = (note or "").strip()
    if "\x00" in note:
        raise DomainError(_("This text contains a character that is not allowed."), field="note")
    if len(note) > NOTE_MAX_LENGTH:
        raise DomainError(
            _("Your text is too long: at most %(n)s characters.") % {"n": NOTE_MAX_LENGTH},
            field="note",
        )
    case = _own_open_case(case, own_cases)
    due = _working_days_ahead(CALLBACK_WORKING_DAYS)
    part = PartOfDay(part_of_day).label
    next_step = _("Call the citizen back on %(phone)s (%(when)s)") % {
        "phone": phone,
        "when": str(part).lower(),
    }
    if case is None:
        if not own_cases:
            raise DomainError(
                _("We do not know you yet. Call us or come to the desk: then we can help you."),
                field="case",
            )
        latest = own_cases[0]
        case = cases.case_open(
            person=person,
            question_verbatim=note or _("Please call me back."),
            owning_team=latest.owning_team,
            coordinator=latest.coordinator,
            next_step=next_step,
            next_step_due=due,
            next_step_citizen_key=citizen_texts.CALL_BACK,
            actor=actor,
        )
    elif CallbackRequest._base_manager.filter(case=case, state=CallbackState.OPEN).exists():
        raise DomainError(
            _("You already asked us to call you back about this question. We will call you."),
            field="case",
        )
    else:
        current = Case._base_manager.get(pk=case.pk)
        cases.case_update(
            case=current,
            expected_version=current.version,
            next_step=next_step,
            next_step_due=due,
            next_step_citizen_key=citizen_texts.CALL_BACK,
            actor=actor,
        )
    try:
        with transaction.atomic():
            callback = CallbackRequest.objects.create(
                case=case,
                person=person,
                phone=phone,
                part_of_day=part_of_day,
                note=note,
                due_on=due,
            )
    except IntegrityError:  # a second tab asked at the same moment
        raise DomainError(
            _("You already asked us to call you back about this question. We will call you."),
            field="case",
        ) from None
    case = Case._base_manager.get(pk=case.pk)
    summary = _("Please call me back on %(phone)s, %(when)s.") % {
        "phone": phone,
        "when": str(part).lower(),
    }
    if note:
        summary += "\n" + note
    cases.contact_record(
        case=case,
        channel=ContactChannel.PORTAL,
        direction=Direction.INCOMING,
        verification=Verification.DIGID,
        summary=summary,
        follow_up=_("We will call you back by %(due)s.")
        % {"due": formats.date_format(due, "l j F")},
        actor=actor,
    )
    processing.record_change(
        actor=actor,
        action="callback_request",
        object_type="case",
        object_id=case.pk,
        changes={"callback": str(callback.pk), "part_of_day": part_of_day},
    )
    return callback


@transaction.atomic
def callback_done(
    *,
    callback: CallbackRequest,
    summary: str,
    next_step: str,
    next_step_due: dt.date,
    actor: Actor,
) -> CallbackRequest:
    """Record that the worker called the citizen back: the call is a contact on the case (the
    citizen gets a confirmation), the request is done, and the case gets its next step. The
    caller obtained the case through the policy point. Done twice changes nothing."""
    if not actor.is_worker:
        raise DomainError(_("Only a worker records a call."))
    current = CallbackRequest._base_manager.select_for_update().get(pk=callback.pk)
    if current.state == CallbackState.DONE:
        return current  # done twice changes nothing
    CALLBACK.check(current.state, "done")
    if not (summary or "").strip():
        raise DomainError(_("Write down what was said."), field="summary")
    case = Case._base_manager.get(pk=current.case_id)
    contact = cases.contact_record(
        case=case,
        channel=ContactChannel.PHONE,
        direction=Direction.OUTGOING,
        verification=Verification.CALLBACK,
        summary=summary,
        actor=actor,
    )
    if case.status != CaseStatus.CLOSED:
        case = Case._base_manager.get(pk=case.pk)
        cases.case_update(
            case=case,
            expected_version=case.version,
            next_step=next_step,
            next_step_due=next_step_due,
            actor=actor,
        )
    current.state = CallbackState.DONE
    current.done_at = clock.now()
    current.contact = contact
    current.updated_at = current.done_at
    current.save(update_fields=["state", "done_at", "contact", "updated_at"])
    processing.record_change(
        actor=actor,
        action="callback_done",
        object_type="case",
        object_id=case.pk,
        changes={"callback": str(current.pk), "contact": str(contact.pk)},
    )
    return current
