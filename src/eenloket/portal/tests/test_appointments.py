"""Appointments and call-back requests in the portal: choose a desk, a day and a time; bad
input gets a clear error; another citizen's appointment is not found; the slot pages run a
fixed number of queries."""

import datetime as dt

import pytest
from django.db import connection
from django.test import Client

from eenloket.accounts.models import Role
from eenloket.appointments.models import Appointment, CallbackRequest
from eenloket.appointments.tests.desk import MONDAY, make_desk
from eenloket.cases import services as cases
from eenloket.core import clock
from eenloket.core.actor import Actor
from eenloket.testing import factories

pytestmark = pytest.mark.django_db
SYSTEM = Actor.system("test")
# PostgreSQL: SQLite + 2 as on every other pinned page; not measured in this session.
DAY_QUERIES = {"sqlite": 14, "postgresql": 14}
SLOT_QUERIES = {"sqlite": 14, "postgresql": 14}


@pytest.fixture(autouse=True)
def monday():
    with clock.frozen(MONDAY):
        yield


@pytest.fixture
def world():
    coordinator = factories.MembershipFactory(role=Role.COORDINATOR)
    desk = make_desk(organisation=coordinator.organisation, capacity=1)
    sandra = factories.PersonFactory(phone="0612345678")
    other = factories.PersonFactory()
    case = cases.case_open(
        person=sandra,
        question_verbatim="Ik wil langskomen.",
        owning_team=coordinator.team,
        next_step="Bellen",
        next_step_due=dt.date(2026, 12, 2),
        actor=SYSTEM,
    )
    cases.case_open(
        person=other,
        question_verbatim="Iets anders.",
        owning_team=coordinator.team,
        next_step="Bellen",
        next_step_due=dt.date(2026, 12, 2),
        actor=SYSTEM,
    )
    return {"desk": desk, "sandra": sandra, "other": other, "case": case}


def _log_in(person):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.post("/mijn/inloggen/", {"person": str(person.pk), "assurance": "substantieel"})
    client.post("/i18n/setlang/", {"language": "en", "next": "/mijn/"})
    return client


def test_a_citizen_chooses_desk_day_and_time_and_sees_the_appointment(world):
    client = _log_in(world["sandra"])
    desks = client.get("/mijn/afspraak/").content.decode()
    assert "Loket (test)" in desks and "Stationsplein 1" in desks
    days = client.get(f"/mijn/afspraak/?locatie={world['desk'].pk}").content.decode()
    assert "dag=2026-12-01" in days  # Tuesday
    assert "dag=2026-11-30" not in days  # not today
    assert "dag=2026-12-25" not in days  # Christmas Day
    slots = client.get(f"/mijn/afspraak/?locatie={world['desk'].pk}&dag=2026-12-01")
    assert "2026-12-01T09:00" in slots.content.decode()
    response = client.post(
        "/mijn/afspraak/",
        {
            "locatie": world["desk"].pk,
            "dag": "2026-12-01",
            "slot": "2026-12-01T09:00",
            "case": world["case"].pk,
        },
    )
    assert response.status_code == 302
    booked = Appointment.objects.get()
    assert booked.case == world["case"] and booked.person == world["sandra"]
    overview = client.get("/mijn/").content.decode()
    assert "Your appointments" in overview and f"/mijn/afspraak/{booked.pk}/annuleren/" in overview
    # The slot is full now (capacity 1): it is no longer offered.
    again = client.get(f"/mijn/afspraak/?locatie={world['desk'].pk}&dag=2026-12-01")
    assert "2026-12-01T09:00" not in again.content.decode()
    assert client.post(f"/mijn/afspraak/{booked.pk}/annuleren/").status_code == 302
    booked.refresh_from_db()
    assert booked.state == "cancelled"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"dag": "2026-12-01", "slot": "2026-12-01T09:15"}, "not on the list"),
        ({"dag": "2026-12-01"}, "Choose a time."),
        ({"dag": "2026-11-27", "slot": "2026-11-27T09:00"}, "has passed or is today"),
        ({"dag": "2026-12-05", "slot": "2026-12-05T09:00"}, "no free times on this day"),
        ({"dag": "morgen", "slot": "2026-12-01T09:00"}, "not a date"),
    ],
)
def test_bad_input_gives_a_clear_error_and_books_nothing(world, data, message):
    client = _log_in(world["sandra"])
    response = client.post("/mijn/afspraak/", {"locatie": world["desk"].pk, **data})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Appointment.objects.exists()


def test_a_full_slot_is_refused_with_a_clear_error(world):
    from eenloket.appointments import services

    services.appointment_book(
        location=world["desk"],
        starts_at=dt.datetime.fromisoformat("2026-12-01T09:00+01:00"),
        own_cases=[],
        actor=Actor.citizen(world["other"].pk, assurance="substantieel"),
    )
    client = _log_in(world["sandra"])
    # The form still showed 09:00 when Sandra opened it; she posts it after it filled up.
    response = client.post(
        "/mijn/afspraak/",
        {"locatie": world["desk"].pk, "dag": "2026-12-01", "slot": "2026-12-01T09:00"},
    )
    assert response.status_code == 400
    assert "This time is full. Choose another time." in response.content.decode()
    assert Appointment.objects.count() == 1


def test_an_unknown_desk_is_not_found(world):
    client = _log_in(world["sandra"])
    assert client.get("/mijn/afspraak/?locatie=nonsense").status_code == 404
    assert (
        client.get(f"/mijn/afspraak/?locatie={factories.OrganisationFactory().pk}").status_code
        == 404
    )


def test_someone_elses_appointment_is_not_found_and_stays_booked(world):
    from eenloket.appointments import services

    booked = services.appointment_book(
        location=world["desk"],
        starts_at=dt.datetime.fromisoformat("2026-12-01T09:00+01:00"),
        own_cases=[],
        actor=Actor.citizen(world["sandra"].pk, assurance="substantieel"),
    )
    client = _log_in(world["other"])
    assert client.get(f"/mijn/afspraak/{booked.pk}/annuleren/").status_code == 404
    assert client.post(f"/mijn/afspraak/{booked.pk}/annuleren/").status_code == 404
    assert "Loket (test)" not in client.get("/mijn/").content.decode()
    booked.refresh_from_db()
    assert booked.state == "booked"


def test_the_day_and_slot_pages_run_a_fixed_number_of_queries(world, django_assert_num_queries):
    from eenloket.appointments import services

    client = _log_in(world["sandra"])
    days_url = f"/mijn/afspraak/?locatie={world['desk'].pk}"
    slots_url = days_url + "&dag=2026-12-01"
    client.get(days_url)
    with django_assert_num_queries(DAY_QUERIES[connection.vendor]):
        client.get(days_url)
    with django_assert_num_queries(SLOT_QUERIES[connection.vendor]):
        client.get(slots_url)
    for hour in (9, 10, 11):
        services.appointment_book(
            location=world["desk"],
            starts_at=dt.datetime(2026, 12, 1, hour, 0, tzinfo=dt.timezone(dt.timedelta(hours=1))),
            own_cases=[],
            actor=Actor.citizen(world["other"].pk, assurance="substantieel"),
        )
    make_desk(name="Tweede loket (test)")
    with django_assert_num_queries(DAY_QUERIES[connection.vendor]):
        client.get(days_url)
    with django_assert_num_queries(SLOT_QUERIES[connection.vendor]):
        client.get(slots_url)


def test_a_callback_request_is_prefilled_validated_and_lands_on_the_question(world):
    client = _log_in(world["sandra"])
    page = client.get("/mijn/terugbellen/").content.decode()
    assert 'value="0612345678"' in page
    bad = client.post(
        "/mijn/terugbellen/",
        {"case": world["case"].pk, "phone": "12345", "part_of_day": "morning"},
    )
    assert bad.status_code == 400 and "not a Dutch phone number" in bad.content.decode()
    assert 'aria-describedby="id_phone_error"' in bad.content.decode()
    good = client.post(
        "/mijn/terugbellen/",
        {"case": world["case"].pk, "phone": "06 1234 5678", "part_of_day": "morning"},
    )
    assert good.status_code == 302 and good["Location"] == f"/mijn/vragen/{world['case'].pk}/"
    asked = CallbackRequest.objects.get()
    assert asked.case == world["case"] and asked.phone == "0612345678"
