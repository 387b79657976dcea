"""Ending a household membership and a representation from the case page."""

import datetime as dt

import pytest

from eenloket.cases import services as case_services
from eenloket.core import clock
from eenloket.core.actor import Actor
from eenloket.people import services as people
from eenloket.people.models import HouseholdMember, Representation
from eenloket.testing import factories

pytestmark = pytest.mark.django_db
SYSTEM = Actor.system("test")


def _case(team):
    person = people.person_create(surname="Jansen", given_names="Sandra", actor=SYSTEM)
    return case_services.case_open(
        person=person,
        question_verbatim="Mijn partner is verhuisd",
        owning_team=team,
        next_step="Bellen",
        next_step_due=clock.today() + dt.timedelta(days=1),
        actor=SYSTEM,
    )


def _partner(case):
    partner = people.person_create(surname="Bakker", given_names="Kees", actor=SYSTEM)
    return people.household_member_add(
        person=case.person,
        member=partner,
        relation="partner",
        since=dt.date(2015, 6, 1),
        actor=SYSTEM,
    )


def _representative(case):
    peter = people.person_create(surname="Vries", given_names="Peter", actor=SYSTEM)
    return people.representation_create(
        represented=case.person,
        representative=peter,
        kind="family",
        matters=["all"],
        basis="in_person",
        valid_from=clock.today() - dt.timedelta(days=30),
        actor=SYSTEM,
    )


def test_ending_a_household_membership_shows_the_end_date_on_the_case_page(
    worker_client, membership
):
    case = _case(membership.team)
    link = _partner(case)
    page = worker_client.get(f"/werk/zaken/{case.pk}/").content.decode()
    url = f"/werk/zaken/{case.pk}/huishouden/{link.pk}/beeindigen/"
    assert url in page
    assert worker_client.get(url).status_code == 200
    response = worker_client.post(url, {"until": "2026-01-31"})
    assert response.status_code == 302
    assert HouseholdMember.objects.get(pk=link.pk).until == dt.date(2026, 1, 31)
    page = worker_client.get(f"/werk/zaken/{case.pk}/").content.decode()
    assert "tot en met 31 januari 2026" in page
    assert url not in page


def test_ending_a_household_membership_in_the_future_is_refused_with_a_message(
    worker_client, membership
):
    case = _case(membership.team)
    link = _partner(case)
    tomorrow = clock.today() + dt.timedelta(days=1)
    response = worker_client.post(
        f"/werk/zaken/{case.pk}/huishouden/{link.pk}/beeindigen/", {"until": tomorrow.isoformat()}
    )
    assert response.status_code == 400
    assert "in de toekomst" in response.content.decode()
    assert HouseholdMember.objects.get(pk=link.pk).until is None


def test_ending_a_representation_shows_it_ended_on_the_case_page(worker_client, membership):
    case = _case(membership.team)
    representation = _representative(case)
    url = f"/werk/zaken/{case.pk}/vertegenwoordiger/{representation.pk}/beeindigen/"
    response = worker_client.post(url, {"reason": ""})
    assert response.status_code == 400
    assert "Zeg waarom de vertegenwoordiging stopt" in response.content.decode()
    response = worker_client.post(url, {"reason": "Machtiging ingetrokken"})
    assert response.status_code == 302
    assert Representation.objects.get(pk=representation.pk).ended_at is not None
    page = worker_client.get(f"/werk/zaken/{case.pk}/").content.decode()
    assert "Peter Vries" in page and "gestopt op" in page
    assert url not in page


def test_a_worker_without_relation_to_the_case_gets_not_found(client, membership):
    from eenloket.testing.fixtures import log_in

    case = _case(membership.team)
    link = _partner(case)
    representation = _representative(case)
    stranger = factories.MembershipFactory()
    log_in(client, stranger.user)
    for url, data in [
        (f"/werk/zaken/{case.pk}/huishouden/{link.pk}/beeindigen/", {"until": "2026-01-31"}),
        (
            f"/werk/zaken/{case.pk}/vertegenwoordiger/{representation.pk}/beeindigen/",
            {"reason": "Ingetrokken"},
        ),
    ]:
        assert client.get(url).status_code == 404
        assert client.post(url, data).status_code == 404
    assert HouseholdMember.objects.get(pk=link.pk).until is None
    assert Representation.objects.get(pk=representation.pk).ended_at is None


def test_a_link_of_another_person_is_not_found_through_my_case(worker_client, membership):
    mine = _case(membership.team)
    other = _case(factories.TeamFactory())
    link = _partner(other)
    representation = _representative(other)
    response = worker_client.post(
        f"/werk/zaken/{mine.pk}/huishouden/{link.pk}/beeindigen/", {"until": "2026-01-31"}
    )
    assert response.status_code == 404
    response = worker_client.post(
        f"/werk/zaken/{mine.pk}/vertegenwoordiger/{representation.pk}/beeindigen/",
        {"reason": "Ingetrokken"},
    )
    assert response.status_code == 404
    assert HouseholdMember.objects.get(pk=link.pk).until is None
    assert Representation.objects.get(pk=representation.pk).ended_at is None
