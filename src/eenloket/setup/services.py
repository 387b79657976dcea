"""Set-up workflows that span apps: each is one transaction calling the owning apps'
services, which validate, save and write the worker audit log (STYLE: services calling
services). A view or the set-up loader calls one of these, or one domain service directly."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from eenloket.access import capabilities
from eenloket.accounts import services as accounts
from eenloket.accounts.models import User
from eenloket.appointments import services as appointments
from eenloket.core.actor import Actor
from eenloket.core.errors import DomainError
from eenloket.directory import services as directory
from eenloket.directory.models import Location, Organisation, Team


def _require(actor: Actor) -> None:
    if not capabilities.may_set_up(actor):
        raise DomainError(_("Only application managers may set up the loket."))


@transaction.atomic
def worker_add(
    *,
    username: str,
    display_name: str,
    email: str,
    password: str,
    organisation: Organisation,
    team: Team | None,
    role: str,
    valid_from: dt.date | None = None,
    valid_until: dt.date | None = None,
    actor: Actor,
) -> User:
    """Make a worker account with its first membership, both or neither. The worker sets up
    the second factor at the first login (accounts: the login asks for it)."""
    _require(actor)
    user = accounts.worker_create(
        username=username, display_name=display_name, email=email, password=password, actor=actor
    )
    accounts.membership_create(
        user=user,
        organisation=organisation,
        team=team,
        role=role,
        valid_from=valid_from,
        valid_until=valid_until,
        actor=actor,
    )
    return user


@transaction.atomic
def desk_save(
    *,
    organisation: Organisation,
    name: str,
    address: Mapping[str, Any],
    schedules: Sequence[Mapping[str, Any]],
    takes_appointments: bool,
    slot_minutes: int = 30,
    capacity: int = 1,
    horizon_days: int = 28,
    closing_days: Iterable[dt.date] = (),
    actor: Actor,
) -> Location:
    """Add or change a walk-in desk of the organisation (found by name): its address and
    opening hours (directory), and how it takes appointments with its own closing days
    (appointments). A desk that stops taking appointments keeps the bookings it has."""
    _require(actor)
    location = directory.location_save(
        organisation=organisation,
        name=name,
        location_type=Location.Type.PHYSICAL,
        address=dict(address),
        schedules=list(schedules),
        actor=actor,
    )
    has_setting = hasattr(location, "appointment_setting")
    if takes_appointments or has_setting:
        appointments.setting_save(
            location=location,
            slot_minutes=slot_minutes,
            capacity=capacity,
            horizon_days=horizon_days,
            active=takes_appointments,
            closing_days=list(closing_days),
            actor=actor,
        )
    return location
