"""The lives of an appointment and a call-back request: one table each (core/states.py,
decision 0038). A booked appointment is cancelled once, and its attendance is written down
while it stays booked; a call-back request is done once."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from eenloket.appointments.models import AppointmentState, CallbackState
from eenloket.core.states import Act, Machine, Move

APPOINTMENT = Machine(
    noun="appointment",
    states=AppointmentState,
    refused=_("This appointment cannot be cancelled."),
    refused_act=_("This appointment was cancelled."),
    moves=(Move(AppointmentState.BOOKED, "cancel", AppointmentState.CANCELLED),),
    acts=(Act("attendance", (AppointmentState.BOOKED,)),),
)

CALLBACK = Machine(
    noun="call-back request",
    states=CallbackState,
    moves=(Move(CallbackState.OPEN, "done", CallbackState.DONE),),
)
