"""Which desks take appointments, and how: slot length, capacity, horizon, closing days."""

# Services write and lock rows of objects an interface already obtained through the policy
# point, so they use the unguarded ``_base_manager``; the guarded ``objects`` hands out, while a
# request is served, only what the policy point released (docs/decisions/0021 and 0031).

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.utils.translation import gettext as _

from eenloket.access import capabilities
from eenloket.appointments.models import AppointmentSetting
from eenloket.audit import processing
from eenloket.core import clock
from eenloket.core.actor import Actor
from eenloket.core.errors import DomainError
from eenloket.directory.models import Location


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
