"""Six citizens race for the same slot (capacity 2) in six threads, each in its own database
connection and transaction: exactly two get a seat, the others are told it is full.

PostgreSQL only: the SQLite test database lives in memory with a shared cache, where a second
connection gets "database table is locked" at once instead of waiting (a file database, as in
production, waits: IMMEDIATE transactions). On SQLite the race itself is covered by
``test_a_stale_look_at_the_seats_still_cannot_overbook`` (test_services.py)."""

import datetime as dt
import threading

import pytest
from django.db import connection

from eenloket.appointments import services
from eenloket.appointments.models import Appointment
from eenloket.appointments.slots import TZ
from eenloket.appointments.tests.desk import MONDAY, make_desk
from eenloket.core import clock
from eenloket.core.actor import Actor
from eenloket.testing import factories

TUESDAY_NINE = dt.datetime(2026, 12, 1, 9, 0, tzinfo=TZ)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_racing_citizens_never_overbook_a_slot(postgres_only):
    desk = make_desk(capacity=2)
    people = [factories.PersonFactory() for _ in range(6)]
    results, barrier = {}, threading.Barrier(len(people))

    def book(person):
        barrier.wait()
        try:
            services.appointment_book(
                location=desk,
                starts_at=TUESDAY_NINE,
                own_cases=[],
                actor=Actor.citizen(person.pk, assurance="substantieel"),
            )
            results[person.pk] = "booked"
        except services.SlotTaken:
            results[person.pk] = "full"
        except Exception as error:  # reported in the assertion, never hidden
            results[person.pk] = repr(error)
        finally:
            connection.close()

    # The clock is one module-wide value, so every thread sees the frozen Monday.
    with clock.frozen(MONDAY):
        threads = [threading.Thread(target=book, args=(p,)) for p in people]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert sorted(results.values()) == ["booked"] * 2 + ["full"] * 4, results
    seats = Appointment.objects.filter(starts_at=TUESDAY_NINE, state="booked")
    assert sorted(seats.values_list("seat", flat=True)) == [0, 1]
