"""The desk's day list (through the policy point, logged; another organisation gets "not
found"; a fixed number of queries) and recording a call back from the case page."""

import datetime as dt

import pytest
from django.db import connection
from django.test import Client

from eenloket.accounts.models import Role
from eenloket.appointments import services
from eenloket.appointments.models import CallbackRequest
from eenloket.appointments.slots import TZ
from eenloket.appointments.tests.desk import MONDAY, make_desk
from eenloket.audit.models import ProcessingLogEntry
from eenloket.cases import services as cases
from eenloket.cases.models import Case
from eenloket.core import clock
from eenloket.core.actor import Actor
from eenloket.testing import factories
from eenloket.testing.fixtures import log_in

pytestmark = pytest.mark.django_db
SYSTEM = Actor.system("test")
# PostgreSQL: SQLite + 2 as on every other pinned page; not measured in this session.
DAY_LIST_QUERIES = {"sqlite": 17, "postgresql": 17}


@pytest.fixture(autouse=True)
def monday():
    with clock.frozen(MONDAY):
        yield


def _worker_client(membership):
    return log_in(Client(), membership.user)


@pytest.fixture
def world():
    worker = factories.MembershipFactory(role=Role.COORDINATOR)
    desk = make_desk(organisation=worker.organisation, capacity=3)
    people = [factories.PersonFactory(phone="0612345678") for _ in range(3)]
    case = cases.case_open(
        person=people[0],
        question_verbatim="Ik kom langs.",
        owning_team=worker.team,
        next_step="Bellen",
        next_step_due=dt.date(2026, 12, 2),
        actor=SYSTEM,
    )
    return {"worker": worker, "desk": desk, "people": people, "case": case}


def _book(world, person, hour, case=None):
    return services.appointment_book(
        location=world["desk"],
        starts_at=dt.datetime(2026, 12, 1, hour, 0, tzinfo=TZ),
        own_cases=[case] if case else [],
        case=case,
        actor=Actor.citizen(person.pk, assurance="substantieel"),
    )


def test_the_day_list_shows_who_comes_when_and_logs_the_read(world, django_assert_num_queries):
    sandra, kees, _ = world["people"]
    _book(world, sandra, 9, case=world["case"])
    _book(world, kees, 10)
    client = _worker_client(world["worker"])
    url = f"/werk/afspraken/?locatie={world['desk'].pk}&dag=2026-12-01"
    before = ProcessingLogEntry.objects.count()
    page = client.get(url).content.decode()
    assert sandra.full_name in page and kees.full_name in page
    assert page.index("09:00") < page.index("10:00")
    assert f"/werk/zaken/{world['case'].pk}/" in page
    assert ProcessingLogEntry.objects.count() > before
    with django_assert_num_queries(DAY_LIST_QUERIES[connection.vendor]):
        client.get(url)
    _book(world, world["people"][2], 11)
    with django_assert_num_queries(DAY_LIST_QUERIES[connection.vendor]):
        client.get(url)


def test_another_organisations_worker_gets_not_found_for_the_desk(world):
    _book(world, world["people"][0], 9)
    stranger = factories.MembershipFactory(role=Role.COORDINATOR)
    client = _worker_client(stranger)
    response = client.get(f"/werk/afspraken/?locatie={world['desk'].pk}&dag=2026-12-01")
    assert response.status_code == 404
    assert world["people"][0].full_name not in response.content.decode()
    assert _worker_client(world["worker"]).get("/werk/afspraken/?dag=morgen").status_code == 400


def test_the_case_page_shows_the_appointment_and_the_worker_records_the_call_back(world):
    sandra = world["people"][0]
    _book(world, sandra, 9, case=world["case"])
    asked = services.callback_request(
        own_cases=[world["case"]],
        case=world["case"],
        phone="0612345678",
        part_of_day="morning",
        actor=Actor.citizen(sandra.pk, assurance="substantieel"),
    )
    client = _worker_client(world["worker"])
    page = client.get(f"/werk/zaken/{world['case'].pk}/?deel=team").content.decode()
    assert "Loket (test)" in page and "0612345678" in page
    url = f"/werk/zaken/{world['case'].pk}/terugbellen/{asked.pk}/"
    assert client.post(url, {"summary": ""}).status_code == 400
    response = client.post(
        url,
        {
            "summary": "Gebeld, zij komt dinsdag.",
            "next_step": "Balie",
            "next_step_due": "2026-12-01",
        },
    )
    assert response.status_code == 302
    assert CallbackRequest.objects.get(pk=asked.pk).state == "done"
    assert Case._base_manager.get(pk=world["case"].pk).next_step == "Balie"
    stranger = _worker_client(factories.MembershipFactory(role=Role.COORDINATOR))
    assert stranger.get(url).status_code == 404


def test_a_partner_team_on_the_case_sees_no_call_back_number_and_cannot_record_it(world):
    sandra = world["people"][0]
    asked = services.callback_request(
        own_cases=[world["case"]],
        case=world["case"],
        phone="0687654321",
        part_of_day="morning",
        actor=Actor.citizen(sandra.pk, assurance="substantieel"),
    )
    partner = factories.MembershipFactory(role=Role.COORDINATOR)
    factories.CaseTeamFactory(case=world["case"], team=partner.team)
    client = _worker_client(partner)
    page = client.get(f"/werk/zaken/{world['case'].pk}/")
    assert page.status_code == 200 and "0687654321" not in page.content.decode()
    url = f"/werk/zaken/{world['case'].pk}/terugbellen/{asked.pk}/"
    assert client.get(url).status_code == 404
    assert CallbackRequest.objects.get(pk=asked.pk).state == "open"
