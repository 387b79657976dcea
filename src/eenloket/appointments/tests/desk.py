"""A desk that takes appointments, for tests: weekdays 09:00-12:00, Thursday also 13:00-16:00."""

import datetime as dt

from eenloket.appointments.models import AppointmentSetting
from eenloket.directory.models import Address, Location, Schedule
from eenloket.testing import factories

# A Monday in November 2026, 08:00 local (07:00 UTC); 25 December (Friday) is a holiday.
MONDAY = dt.datetime(2026, 11, 30, 7, 0, tzinfo=dt.UTC)


def make_desk(*, organisation=None, capacity=2, slot_minutes=30, name="Loket (test)"):
    location = Location.objects.create(
        organisation=organisation or factories.OrganisationFactory(),
        location_type=Location.Type.PHYSICAL,
        name=name,
    )
    Address.objects.create(
        location=location,
        address_1="Stationsplein 1",
        postal_code="3511 AA",
        city="Utrecht",
        state_province="Utrecht",
    )
    Schedule.objects.create(
        location=location, byday="MO,TU,WE,TH,FR", opens_at=dt.time(9), closes_at=dt.time(12)
    )
    Schedule.objects.create(
        location=location, byday="TH", opens_at=dt.time(13), closes_at=dt.time(16)
    )
    AppointmentSetting.objects.create(
        location=location, capacity=capacity, slot_minutes=slot_minutes, horizon_days=28
    )
    return location
