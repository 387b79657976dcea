"""Whether the citizen came to a booked appointment."""

# Services write and lock rows of objects an interface already obtained through the policy
# point, so they use the unguarded ``_base_manager``; the guarded ``objects`` hands out, while a
# request is served, only what the policy point released (docs/decisions/0021 and 0031).

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from eenloket.appointments.models import Appointment, Attendance
from eenloket.appointments.services.lifecycle import APPOINTMENT_LIFECYCLE
from eenloket.appointments.states import APPOINTMENT
from eenloket.audit import processing
from eenloket.core import clock
from eenloket.core.actor import Actor
from eenloket.core.errors import DomainError
from eenloket.insights import capture


@transaction.atomic
def appointment_attendance_record(
    *, appointment: Appointment, kept: bool, actor: Actor
) -> Appointment:
    """Write down whether the citizen came to a booked appointment, once it has started: a
    worker of the desk's organisation. A correction (came / did not come) is audited too."""
    current = APPOINTMENT_LIFECYCLE.locked(appointment)
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
    current = APPOINTMENT_LIFECYCLE.act(
        current, "attendance", locked=True, changes={"attendance": attendance}
    )
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
