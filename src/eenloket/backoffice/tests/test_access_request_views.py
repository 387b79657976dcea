"""Asking access from the search page, and the coordinator's list and decision."""

import pytest
from django.db import connection
from django.test import Client

from eenloket.accounts.models import Role
from eenloket.cases import services as case_services
from eenloket.cases.models import AccessRequest, AccessRequestState
from eenloket.core.actor import Actor
from eenloket.people import services as people
from eenloket.testing import factories
from eenloket.testing.fixtures import log_in

pytestmark = pytest.mark.django_db
SYSTEM = Actor.system("test")
PURPOSE = "Staat aan de balie met een vraag over schulden"
REASON = "Zij staat aan onze balie met schulden die hierbij horen"
BSN = "999176110"


def _client_for(membership):
    return log_in(Client(), membership.user)


@pytest.fixture
def owner():
    return factories.MembershipFactory(
        role=Role.COORDINATOR, team=factories.TeamFactory(name="Schuldhulp Utrecht")
    )


@pytest.fixture
def case(owner):
    sandra = people.person_create(surname="Jansen", bsn=BSN, actor=SYSTEM)
    return factories.CaseFactory(
        person=sandra, owning_team=owner.team, question_verbatim="Geheime vraag"
    )


def _ask(client, case):
    client.get("/werk/zoeken/", {"purpose": PURPOSE, "bsn": BSN})
    return client.post(
        f"/werk/toegang/vragen/{case.person_id}/", {"case": str(case.pk), "reason": REASON}
    )


def test_search_links_to_asking_access_and_the_form_shows_no_dossier(worker_client, case):
    html = worker_client.get("/werk/zoeken/", {"purpose": PURPOSE, "bsn": BSN}).content.decode()
    url = f"/werk/toegang/vragen/{case.person_id}/"
    assert url in html
    html = worker_client.get(url).content.decode()
    assert "Schuldhulp Utrecht" in html
    assert "Geheime vraag" not in html and "Jansen" not in html


def test_asking_access_for_a_person_not_just_found_is_not_found(worker_client, case):
    response = worker_client.get(f"/werk/toegang/vragen/{case.person_id}/")
    assert response.status_code == 404


def test_a_short_reason_is_refused_with_a_message(worker_client, case):
    worker_client.get("/werk/zoeken/", {"purpose": PURPOSE, "bsn": BSN})
    response = worker_client.post(
        f"/werk/toegang/vragen/{case.person_id}/", {"case": str(case.pk), "reason": "kort"}
    )
    assert response.status_code == 400
    assert "minstens 10 tekens" in response.content.decode()
    assert not AccessRequest.objects.exists()


def test_request_grant_and_the_requester_opens_the_case(worker_client, membership, owner, case):
    assert worker_client.get(f"/werk/zaken/{case.pk}/").status_code == 404
    assert _ask(worker_client, case).status_code == 302
    request = AccessRequest.objects.get()
    coordinator = _client_for(owner)
    html = coordinator.get("/werk/toegang/").content.decode()
    assert f"/werk/toegang/{request.pk}/" in html and REASON in html
    response = coordinator.post(f"/werk/toegang/{request.pk}/", {"decision": "grant"})
    assert response.status_code == 302
    assert worker_client.get(f"/werk/zaken/{case.pk}/").status_code == 200
    html = worker_client.get("/werk/toegang/").content.decode()
    assert "Toegestaan" in html and f"/werk/zaken/{case.pk}/" in html


def test_declining_without_a_note_is_refused_and_with_one_keeps_the_case_closed(
    worker_client, owner, case
):
    _ask(worker_client, case)
    request = AccessRequest.objects.get()
    coordinator = _client_for(owner)
    response = coordinator.post(f"/werk/toegang/{request.pk}/", {"decision": "decline"})
    assert response.status_code == 400
    assert "Zeg waarom je nee zegt" in response.content.decode()
    coordinator.post(
        f"/werk/toegang/{request.pk}/", {"decision": "decline", "note": "Bel mij eerst"}
    )
    assert AccessRequest.objects.get().state == AccessRequestState.DECLINED
    assert worker_client.get(f"/werk/zaken/{case.pk}/").status_code == 404
    assert "Bel mij eerst" in worker_client.get("/werk/toegang/").content.decode()


@pytest.mark.parametrize("role", [Role.FRONTLINE_WORKER, Role.COORDINATOR])
def test_others_than_the_owning_coordinator_get_not_found(worker_client, owner, case, role):
    _ask(worker_client, case)
    request = AccessRequest.objects.get()
    same_team_or_not = {"team": owner.team} if role == Role.FRONTLINE_WORKER else {}
    other = _client_for(factories.MembershipFactory(role=role, **same_team_or_not))
    assert other.get(f"/werk/toegang/{request.pk}/").status_code == 404
    assert other.post(f"/werk/toegang/{request.pk}/", {"decision": "grant"}).status_code == 404
    assert REASON not in other.get("/werk/toegang/").content.decode()
    assert worker_client.get(f"/werk/toegang/{request.pk}/").status_code == 404
    assert AccessRequest.objects.get().state == AccessRequestState.REQUESTED


def test_the_requester_withdraws(worker_client, case):
    _ask(worker_client, case)
    request = AccessRequest.objects.get()
    response = worker_client.post(f"/werk/toegang/{request.pk}/intrekken/")
    assert response.status_code == 302
    assert AccessRequest.objects.get().state == AccessRequestState.WITHDRAWN


# Session, user, memberships, the open requests (one query with their cases, persons, teams
# and requesters), the team's own requests (one query) and the log write.
LIST_QUERIES = {"sqlite": 13, "postgresql": 13}


def test_the_request_list_runs_a_fixed_number_of_queries(owner, django_assert_num_queries):
    def ask():
        asker = factories.MembershipFactory()
        case = factories.CaseFactory(owning_team=owner.team)
        case_services.access_request_create(
            case=case, reason=REASON, actor=Actor.worker(asker.user, asker)
        )

    ask()
    coordinator = _client_for(owner)
    coordinator.get("/werk/toegang/")
    with django_assert_num_queries(LIST_QUERIES[connection.vendor]):
        response = coordinator.get("/werk/toegang/")
    assert len(response.context["to_decide"]) == 1
    for _ in range(4):
        ask()
    with django_assert_num_queries(LIST_QUERIES[connection.vendor]):
        response = coordinator.get("/werk/toegang/")
    assert len(response.context["to_decide"]) == 5
