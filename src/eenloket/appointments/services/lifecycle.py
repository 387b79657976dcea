"""How an appointment and a call-back request change state: through ``core/states.py``'s
``Lifecycle`` (decision 0038), one runner each, with the audit entry each move has always
written. Neither keeps a history table: the audit entry and the contact on the case are it."""

from __future__ import annotations

from eenloket.appointments.models import (
    Appointment,
    AppointmentState,
    CallbackRequest,
    CallbackState,
)
from eenloket.appointments.states import APPOINTMENT, CALLBACK
from eenloket.audit import processing
from eenloket.core.actor import Actor
from eenloket.core.states import Lifecycle


def _lock_appointment(appointment: Appointment) -> Appointment:
    return (
        Appointment._base_manager.select_for_update()
        .select_related("location")
        .get(pk=appointment.pk)
    )


def _audit_appointment(appointment: Appointment, move, actor: Actor, detail) -> None:
    processing.record_change(
        actor=actor,
        action="appointment_cancel",
        object_type="appointment",
        object_id=appointment.pk,
        changes={"state": [move.source, move.target]},
    )


APPOINTMENT_LIFECYCLE = Lifecycle(
    machine=APPOINTMENT,
    model=Appointment,
    lock=_lock_appointment,
    stamps={AppointmentState.CANCELLED: ("cancelled_at",)},
    audit=_audit_appointment,
)


def _audit_callback(callback: CallbackRequest, move, actor: Actor, detail) -> None:
    processing.record_change(
        actor=actor,
        action="callback_done",
        object_type="case",
        object_id=callback.case_id,
        changes={"callback": str(callback.pk), "contact": str(callback.contact_id)},
    )


CALLBACK_LIFECYCLE = Lifecycle(
    machine=CALLBACK,
    model=CallbackRequest,
    stamps={CallbackState.DONE: ("done_at",)},
    audit=_audit_callback,
)
