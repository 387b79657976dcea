"""Asking access to another team's case, and the owning coordinator's decision."""

import pytest
from django.utils import translation

from eenloket.access import access_requests, casework
from eenloket.accounts.models import Role
from eenloket.audit.models import AuditEntry, ProcessingLogEntry
from eenloket.backoffice import notification_links
from eenloket.cases import services as case_services
from eenloket.cases.models import AccessRequest, AccessRequestState, CaseStatus, CaseTeam
from eenloket.core import clock
from eenloket.core.actor import Actor
from eenloket.core.errors import DomainError, NotFoundOrForbidden
from eenloket.notifications.models import WorkerNotification
from eenloket.testing import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _dutch():
    """The messages are checked in Dutch, the default, whatever an earlier test activated."""
    with translation.override("nl"):
        yield


REASON = "Zij staat aan onze balie met schulden die hierbij horen"


def _worker(team=None, role=Role.FRONTLINE_WORKER):
    membership = factories.MembershipFactory(
        role=role, **({"team": team, "organisation": team.organisation} if team else {})
    )
    return Actor.worker(membership.user, membership)


@pytest.fixture
def world():
    owner = factories.TeamFactory(name="Schuldhulp Utrecht")
    case = factories.CaseFactory(owning_team=owner)
    return {
        "case": case,
        "coordinator": _worker(owner, Role.COORDINATOR),
        "colleague": _worker(owner),
        "asker": _worker(factories.TeamFactory(name="Buurtteam Noord")),
        "third": _worker(factories.TeamFactory(), Role.COORDINATOR),
    }


def _ask(world, reason=REASON):
    return case_services.access_request_create(
        case=world["case"], reason=reason, actor=world["asker"]
    )


def test_granting_lets_the_requesting_team_see_the_case(world):
    with pytest.raises(NotFoundOrForbidden):
        casework.case_for(world["asker"], world["case"].pk)
    request = _ask(world)
    case_services.access_request_decide(
        request=request, grant=True, note="", actor=world["coordinator"]
    )
    assert casework.case_for(world["asker"], world["case"].pk) == world["case"]
    request.refresh_from_db()
    assert request.state == AccessRequestState.GRANTED
    assert request.decided_by == world["coordinator"].user
    assert CaseTeam.objects.filter(case=world["case"], team=request.requesting_team).exists()
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"access_request_create", "access_request_decide", "case_add_team"} <= actions


def test_declining_keeps_the_case_closed_and_tells_the_requester_why(world):
    request = _ask(world)
    with pytest.raises(DomainError) as refused:
        case_services.access_request_decide(
            request=request, grant=False, note=" ", actor=world["coordinator"]
        )
    assert refused.value.field == "note"
    case_services.access_request_decide(
        request=request, grant=False, note="Bel mij eerst even", actor=world["coordinator"]
    )
    with pytest.raises(NotFoundOrForbidden):
        casework.case_for(world["asker"], world["case"].pk)
    assert AccessRequest.objects.get().state == AccessRequestState.DECLINED
    told = WorkerNotification.objects.get(user=world["asker"].user)
    assert "Bel mij eerst even" in told.text and "Schuldhulp Utrecht" in told.text


def test_the_owning_coordinators_are_notified_without_personal_data(world):
    other_coordinator = _worker(world["case"].owning_team, Role.COORDINATOR)
    request = _ask(world)
    notified = WorkerNotification.objects.filter(kind="access_request")
    assert {n.user_id for n in notified} == {
        world["coordinator"].user.pk,
        other_coordinator.user.pk,
    }
    note = notified.first()
    assert "Buurtteam Noord" in note.text
    person = world["case"].person
    assert person.surname not in note.text and person.given_names not in note.text
    assert REASON not in note.text
    assert note.link == f"access_request:{request.pk}"
    assert notification_links.url_for(note.link) == f"/werk/toegang/{request.pk}/"


@pytest.mark.parametrize("who", ["colleague", "asker", "third"])
def test_only_a_coordinator_of_the_owning_team_decides(world, who):
    request = _ask(world)
    with pytest.raises(NotFoundOrForbidden):
        access_requests.access_request_for_decision(world[who], request.pk)
    with pytest.raises(NotFoundOrForbidden):
        case_services.access_request_decide(request=request, grant=True, actor=world[who])
    assert AccessRequest.objects.get().state == AccessRequestState.REQUESTED
    assert not CaseTeam.objects.exists()
    assert access_requests.access_requests_to_decide(world[who]) == []


def test_a_refused_look_at_a_request_is_logged(world):
    request = _ask(world)
    with pytest.raises(NotFoundOrForbidden):
        access_requests.access_request_for_decision(world["third"], request.pk)
    line = ProcessingLogEntry.objects.get(activity_key="case-access-decide")
    assert line.status_code == "error"


def test_the_coordinator_sees_open_requests_of_their_team_only(world):
    request = _ask(world)
    elsewhere = factories.CaseFactory()
    case_services.access_request_create(case=elsewhere, reason=REASON, actor=world["asker"])
    assert access_requests.access_requests_to_decide(world["coordinator"]) == [request]
    assert access_requests.access_request_for_decision(world["coordinator"], request.pk) == request


def test_a_second_open_request_for_the_same_case_and_team_is_refused(world):
    request = _ask(world)
    teammate = _worker(world["asker"].membership.team)
    with pytest.raises(DomainError, match="al toegang tot deze vraag gevraagd"):
        case_services.access_request_create(case=world["case"], reason=REASON, actor=teammate)
    case_services.access_request_decide(
        request=request, grant=False, note="Nog niet nodig", actor=world["coordinator"]
    )
    assert _ask(world).state == AccessRequestState.REQUESTED  # after an answer: ask again


def test_a_request_needs_a_reason_of_ten_characters(world):
    with pytest.raises(DomainError) as refused:
        _ask(world, reason=" kort  ")
    assert refused.value.field == "reason"
    assert not AccessRequest.objects.exists()


def test_a_team_that_works_on_the_case_or_a_closed_case_cannot_be_asked(world):
    with pytest.raises(DomainError, match="werkt al aan"):
        case_services.access_request_create(
            case=world["case"], reason=REASON, actor=world["colleague"]
        )
    closed = factories.CaseFactory(
        status=CaseStatus.CLOSED, closed_at=clock.now(), outcome="resolved"
    )
    with pytest.raises(DomainError, match="afgesloten"):
        case_services.access_request_create(case=closed, reason=REASON, actor=world["asker"])


def test_an_answered_request_is_not_decided_again(world):
    request = _ask(world)
    case_services.access_request_decide(request=request, grant=True, actor=world["coordinator"])
    with pytest.raises(DomainError, match="al besloten"):
        case_services.access_request_decide(
            request=request, grant=False, note="Toch niet", actor=world["coordinator"]
        )
    assert AccessRequest.objects.get().state == AccessRequestState.GRANTED


def test_only_the_asker_withdraws_and_withdrawing_twice_is_a_no_op(world):
    request = _ask(world)
    with pytest.raises(NotFoundOrForbidden):
        case_services.access_request_withdraw(request=request, actor=world["coordinator"])
    case_services.access_request_withdraw(request=request, actor=world["asker"])
    case_services.access_request_withdraw(request=request, actor=world["asker"])
    assert AccessRequest.objects.get().state == AccessRequestState.WITHDRAWN
    assert AuditEntry.objects.filter(action="access_request_withdraw").count() == 1


def test_cases_to_ask_for_give_only_ids_and_team_names_of_open_unseen_cases(world):
    person = world["case"].person
    factories.CaseFactory(
        person=person, status=CaseStatus.CLOSED, closed_at=clock.now(), outcome="resolved"
    )
    seen = factories.CaseFactory(person=person, owning_team=world["asker"].membership.team)
    found = [str(person.pk)]
    with pytest.raises(NotFoundOrForbidden):
        access_requests.cases_to_ask_access_for(world["asker"], person.pk, just_found=[])
    items = access_requests.cases_to_ask_access_for(world["asker"], person.pk, just_found=found)
    assert [(i.case_id, i.owning_team, i.asked) for i in items] == [
        (world["case"].pk, "Schuldhulp Utrecht", False)
    ]
    assert seen.pk not in [i.case_id for i in items]
    assert set(vars(items[0])) == {"case_id", "owning_team", "organisation", "asked"}
    line = ProcessingLogEntry.objects.get(activity_key="case-access-ask")
    assert line.categories == ["involvement"]
    _ask(world)
    items = access_requests.cases_to_ask_access_for(world["asker"], person.pk, just_found=found)
    assert items[0].asked


def _request_in(world, state):
    request = _ask(world)
    if state == AccessRequestState.WITHDRAWN:
        case_services.access_request_withdraw(request=request, actor=world["asker"])
    elif state != AccessRequestState.REQUESTED:
        case_services.access_request_decide(
            request=request,
            grant=state == AccessRequestState.GRANTED,
            note="Past niet bij jullie taak",
            actor=world["coordinator"],
        )
    return AccessRequest._base_manager.get(pk=request.pk)


def _answer(world, request, action):
    if action == "withdraw":
        return case_services.access_request_withdraw(request=request, actor=world["asker"])
    return case_services.access_request_decide(
        request=request,
        grant=action == "grant",
        note="Past niet bij jullie taak",
        actor=world["coordinator"],
    )


@pytest.mark.parametrize("state", AccessRequestState.values)
@pytest.mark.parametrize("action", ["grant", "decline", "withdraw"])
def test_a_request_moves_exactly_as_its_table_says(world, state, action):
    """cases/states.py ACCESS_REQUEST: answered or withdrawn once, from "requested" only;
    decided_at goes with every answer (and a database constraint holds it)."""
    from eenloket.cases.states import ACCESS_REQUEST

    request = _request_in(world, state)
    move = ACCESS_REQUEST.move(state, action)
    if move is None:
        if action == "withdraw" and state == AccessRequestState.WITHDRAWN:
            assert _answer(world, request, action).state == state  # twice is a no-op
            return
        with pytest.raises(DomainError):
            _answer(world, request, action)
        request.refresh_from_db()
        assert request.state == state
        return
    moved = _answer(world, request, action)
    moved.refresh_from_db()
    assert moved.state == move.target and moved.decided_at is not None
