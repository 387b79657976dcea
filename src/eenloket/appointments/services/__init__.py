"""Writes for appointments at a desk and call-back requests (docs/appointments.md).

Both land on the citizen's question (case) as a contact, so the team sees them on the case's
timeline, and both are confirmed to the citizen through the outbox like every other contact.
"""

from eenloket.appointments.services._common import when_text
from eenloket.appointments.services.attendance import appointment_attendance_record
from eenloket.appointments.services.booking import (
    SlotTaken,
    _taken_seats,
    appointment_book,
    appointment_cancel,
)
from eenloket.appointments.services.callbacks import (
    CALLBACK_WORKING_DAYS,
    NOTE_MAX_LENGTH,
    callback_done,
    callback_request,
    dutch_phone,
)
from eenloket.appointments.services.desk_setting import setting_save

__all__ = [
    "CALLBACK_WORKING_DAYS",
    "NOTE_MAX_LENGTH",
    "SlotTaken",
    "_taken_seats",
    "appointment_attendance_record",
    "appointment_book",
    "appointment_cancel",
    "callback_done",
    "callback_request",
    "dutch_phone",
    "setting_save",
    "when_text",
]
