"""Booking, cancelling and the rules that keep a slot from being overbooked; call-back
requests landing in the team's queue."""

import datetime as dt
from unittest import mock

import pytest

from eenloket.accounts.models import Role
from eenloket.appointments import services
from eenloket.appointments.models import Appointment, AppointmentState, CallbackRequest
from eenloket.appointments.slots import TZ
from eenloket.appointments.tests.desk import MONDAY, make_desk
from eenloket.cases import services as cases
from eenloket.cases.models import Case, Contact
from eenloket.core import clock
from eenloket.core.actor import Actor
from eenloket.core.errors import DomainError
from eenloket.notifications.models import Message
from eenloket.testing import factories

pytestmark = pytest.mark.django_db
SYSTEM = Actor.system("test")
TUESDAY_NINE = dt.datetime(2026, 12, 1, 9, 0, tzinfo=TZ)


@pytest.fixture(autouse=True)
def monday():
    from django.utils import translation

    with clock.frozen(MONDAY), translation.override("en"):
        yield


@pytest.fixture
def world():
    coordinator = factories.MembershipFactory(role=Role.COORDINATOR)
    desk = make_desk(organisation=coordinator.organisation, capacity=2)
    people = [factories.PersonFactory(phone="0612345678") for _ in range(3)]
    case = cases.case_open(
        person=people[0],
        question_verbatim="Ik wil langskomen over mijn schulden.",
        owning_team=coordinator.team,
        next_step="Bellen",
        next_step_due=clock.today() + dt.timedelta(days=2),
        actor=SYSTEM,
    )
    return {"desk": desk, "people": people, "case": case, "coordinator": coordinator}


def _citizen(person):
    return Actor.citizen(person.pk, assurance="substantieel")


def _own(person):
    return list(Case._base_manager.filter(person=person).order_by("-opened_at"))


def _book(world, person, starts_at=TUESDAY_NINE, case=None):
    return services.appointment_book(
        location=world["desk"],
        starts_at=starts_at,
        own_cases=_own(person),
        case=case,
        actor=_citizen(person),
    )


def test_booking_on_a_question_is_a_contact_on_it_and_confirmed_to_the_citizen(world):
    sandra = world["people"][0]
    before = Message.objects.count()
    booked = _book(world, sandra, case=world["case"])
    assert booked.state == AppointmentState.BOOKED and booked.seat == 0
    assert booked.ends_at - booked.starts_at == dt.timedelta(minutes=30)
    contact = Contact.objects.get(case=world["case"])
    assert "Loket (test)" in contact.summary and "Stationsplein 1" in contact.follow_up
    assert Message.objects.count() == before + 1


def test_booking_without_a_question_still_sends_a_confirmation(world):
    sandra = world["people"][0]
    before = Message.objects.count()
    booked = _book(world, sandra)
    assert booked.case is None
    assert Message.objects.count() == before + 1
    assert not Contact.objects.filter(case=world["case"]).exists()


def test_a_slot_takes_no_more_bookings_than_its_capacity(world):
    first, second, third = world["people"]
    assert {_book(world, first).seat, _book(world, second).seat} == {0, 1}
    with pytest.raises(services.SlotTaken, match="full"):
        _book(world, third)
    assert Appointment.objects.filter(starts_at=TUESDAY_NINE, state="booked").count() == 2


def test_a_stale_look_at_the_seats_still_cannot_overbook(world):
    """The race: two bookings both read "no seat taken" before either writes. The second
    insert hits the database's unique seat and moves on to the next seat; with no seat left it
    is refused. Simulated by making the read of taken seats always come back empty."""
    world["desk"].appointment_setting.capacity = 1
    world["desk"].appointment_setting.save()
    first, second, _third = world["people"]
    with mock.patch.object(services.booking, "_taken_seats", return_value=set()):
        _book(world, first)
        with pytest.raises(services.SlotTaken):
            _book(world, second)
    assert Appointment.objects.filter(starts_at=TUESDAY_NINE, state="booked").count() == 1


def test_the_database_refuses_a_second_booking_of_the_same_seat(world):
    from django.db import IntegrityError, transaction

    booked = _book(world, world["people"][0])
    with pytest.raises(IntegrityError), transaction.atomic():
        Appointment.objects.create(
            location=world["desk"],
            person=world["people"][1],
            starts_at=booked.starts_at,
            ends_at=booked.ends_at,
            seat=booked.seat,
        )


def test_a_citizen_cannot_hold_two_appointments_at_the_same_time(world):
    sandra = world["people"][0]
    _book(world, sandra)
    other_desk = make_desk(name="Ander loket (test)", slot_minutes=60)
    with pytest.raises(DomainError, match="already have an appointment"):
        services.appointment_book(
            location=other_desk,
            starts_at=TUESDAY_NINE,
            own_cases=_own(sandra),
            actor=_citizen(sandra),
        )


@pytest.mark.parametrize(
    ("starts_at", "message"),
    [
        (dt.datetime(2026, 11, 30, 10, 0, tzinfo=TZ), "today"),  # today
        (dt.datetime(2026, 11, 27, 10, 0, tzinfo=TZ), "passed"),  # last Friday
        (dt.datetime(2026, 12, 1, 9, 15, tzinfo=TZ), "list"),  # not on a slot boundary
        (dt.datetime(2026, 12, 1, 12, 30, tzinfo=TZ), "list"),  # after closing
        (dt.datetime(2026, 12, 5, 10, 0, tzinfo=TZ), "list"),  # a Saturday
        (dt.datetime(2026, 12, 25, 10, 0, tzinfo=TZ), "list"),  # Christmas Day
        (dt.datetime(2027, 1, 29, 10, 0, tzinfo=TZ), "days ahead"),  # beyond the horizon
    ],
)
def test_a_time_not_offered_is_refused_with_a_clear_reason(world, starts_at, message):
    with pytest.raises(DomainError, match=message):
        _book(world, world["people"][0], starts_at=starts_at)
    assert not Appointment.objects.exists()


def test_someone_elses_question_or_a_desk_without_appointments_is_refused(world):
    with pytest.raises(DomainError, match="open questions"):
        _book(world, world["people"][1], case=world["case"])
    world["desk"].appointment_setting.delete()
    world["desk"].refresh_from_db()
    with pytest.raises(DomainError, match="does not take appointments"):
        _book(world, world["people"][0])


def test_cancelling_frees_the_seat_and_only_the_owner_may_cancel(world):
    world["desk"].appointment_setting.capacity = 1
    world["desk"].appointment_setting.save()
    sandra, other, _ = world["people"]
    booked = _book(world, sandra, case=world["case"])
    with pytest.raises(DomainError, match="not found"):
        services.appointment_cancel(appointment=booked, actor=_citizen(other))
    services.appointment_cancel(appointment=booked, actor=_citizen(sandra))
    booked.refresh_from_db()
    assert booked.state == AppointmentState.CANCELLED and booked.cancelled_at == clock.now()
    assert Contact.objects.filter(case=world["case"], summary__contains="cancelled").exists()
    again = services.appointment_cancel(appointment=booked, actor=_citizen(sandra))
    assert again.state == AppointmentState.CANCELLED  # a no-op
    assert _book(world, other).seat == 0  # the seat is free again


def test_an_appointment_that_has_started_cannot_be_cancelled_online(world):
    booked = _book(world, world["people"][0])
    clock.advance(dt.timedelta(days=1, hours=1, minutes=5))  # Tuesday 09:05 local
    with pytest.raises(DomainError, match="already started"):
        services.appointment_cancel(appointment=booked, actor=_citizen(world["people"][0]))


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("06 12345678", "0612345678"),
        ("+31 6 1234 5678", "0612345678"),
        ("0031-30-1234567", "0301234567"),
        ("(030) 123 45 67", "0301234567"),
    ],
)
def test_dutch_phone_numbers_are_accepted_in_their_usual_forms(given, expected):
    assert services.dutch_phone(given) == expected


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ("", "Give the phone number"),
        ("0612345", "not a Dutch phone number"),
        ("+49 30 1234567", "only call Dutch numbers"),
        ("0900 1234567", "service number"),
        ("bel me", "not a Dutch phone number"),
    ],
)
def test_a_phone_number_we_cannot_call_is_refused_with_the_reason(given, message):
    with pytest.raises(DomainError, match=message) as refused:
        services.dutch_phone(given)
    assert refused.value.field == "phone"


def test_a_callback_request_becomes_the_next_step_with_a_due_date_and_a_confirmation(world):
    sandra = world["people"][0]
    before = Message.objects.count()
    asked = services.callback_request(
        own_cases=_own(sandra),
        case=world["case"],
        phone="06-12345678",
        part_of_day="morning",
        note="Over de brief van de Belastingdienst",
        actor=_citizen(sandra),
    )
    case = Case._base_manager.get(pk=world["case"].pk)
    assert "0612345678" in case.next_step
    assert case.next_step_due == dt.date(2026, 12, 1)  # the next working day
    assert asked.due_on == case.next_step_due
    assert Contact.objects.filter(case=case, summary__contains="0612345678").exists()
    assert Message.objects.count() == before + 1
    with pytest.raises(DomainError, match="already asked"):
        services.callback_request(
            own_cases=_own(sandra),
            case=world["case"],
            phone="0612345678",
            part_of_day="any",
            actor=_citizen(sandra),
        )


def test_a_general_callback_request_opens_a_question_with_the_last_team(world):
    sandra = world["people"][0]
    asked = services.callback_request(
        own_cases=_own(sandra), phone="0612345678", part_of_day="any", actor=_citizen(sandra)
    )
    assert asked.case != world["case"]
    assert asked.case.owning_team == world["case"].owning_team
    with pytest.raises(DomainError, match="do not know you yet"):
        services.callback_request(
            own_cases=[], phone="0612345678", part_of_day="any", actor=_citizen(world["people"][2])
        )


def test_the_worker_records_the_call_and_the_request_is_done(world):
    sandra = world["people"][0]
    asked = services.callback_request(
        own_cases=_own(sandra),
        case=world["case"],
        phone="0612345678",
        part_of_day="afternoon",
        actor=_citizen(sandra),
    )
    coordinator = world["coordinator"]
    worker = Actor.worker(coordinator.user, coordinator)
    done = services.callback_done(
        callback=asked,
        summary="Gebeld: zij komt dinsdag langs.",
        next_step="Gesprek aan de balie",
        next_step_due=dt.date(2026, 12, 1),
        actor=worker,
    )
    assert done.state == "done" and done.contact.channel == "phone"
    assert done.contact.direction == "outgoing"
    case = Case._base_manager.get(pk=world["case"].pk)
    assert case.next_step == "Gesprek aan de balie"
    assert CallbackRequest.objects.get(pk=asked.pk).state == "done"
    with pytest.raises(DomainError, match="Only a worker"):
        services.callback_done(
            callback=asked,
            summary="x",
            next_step="x",
            next_step_due=dt.date(2026, 12, 1),
            actor=_citizen(sandra),
        )


def test_only_a_directory_maintainer_changes_how_a_desk_takes_appointments(world):
    coordinator = world["coordinator"]
    with pytest.raises(DomainError, match="Only application managers"):
        services.setting_save(
            location=world["desk"], capacity=5, actor=Actor.worker(coordinator.user, coordinator)
        )
    with pytest.raises(DomainError, match="Only application managers"):
        services.setting_save(
            location=world["desk"], capacity=5, actor=_citizen(world["people"][0])
        )
    setting = services.setting_save(location=world["desk"], capacity=5, actor=SYSTEM)
    assert setting.capacity == 5 and setting.location == world["desk"]
    with pytest.raises(DomainError, match="1 to 50"):
        services.setting_save(location=world["desk"], capacity=0, actor=SYSTEM)


def test_the_desk_writes_down_whether_the_citizen_came_and_the_figures_count_it(world):
    from eenloket.insights.models import AppointmentFact

    booked = _book(world, world["people"][0], case=world["case"])
    desk_worker = Actor.worker(world["coordinator"].user, world["coordinator"])
    with pytest.raises(DomainError, match="not started"):
        services.appointment_attendance_record(appointment=booked, kept=True, actor=desk_worker)
    clock.advance(dt.timedelta(days=1, hours=1, minutes=5))  # Tuesday 09:05 local
    stranger = factories.MembershipFactory(role=Role.COORDINATOR)
    with pytest.raises(DomainError, match="not found"):  # another organisation's desk
        services.appointment_attendance_record(
            appointment=booked, kept=True, actor=Actor.worker(stranger.user, stranger)
        )
    services.appointment_attendance_record(appointment=booked, kept=False, actor=desk_worker)
    assert AppointmentFact.objects.get().state == "missed"
    services.appointment_attendance_record(appointment=booked, kept=True, actor=desk_worker)
    booked.refresh_from_db()
    assert booked.attendance == "kept" and AppointmentFact.objects.get().state == "kept"
