"""A worker leaves one team but stays (decision 0053): ending that membership hands what they
hold for the team to a colleague of the team, and leaves their other team's work with them;
`eenloket invariants` still passes the day after."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.urls import reverse

from eenloket.accounts import services as accounts
from eenloket.accounts.models import Membership, Role
from eenloket.audit.models import AuditEntry
from eenloket.cases.models import Case
from eenloket.core import clock
from eenloket.core.actor import Actor
from eenloket.core.errors import DomainError
from eenloket.directory import services as directory
from eenloket.handovers.invariants import violations
from eenloket.handovers.models import Handover
from eenloket.handovers.states import State
from eenloket.setup import services as setup
from eenloket.teamwork.models import Action, Member, OwnerKind
from eenloket.testing import factories

pytestmark = pytest.mark.django_db
SYSTEM = Actor.system("test")


def _team_work(user, team, colleague):
    """A case of ``team`` the worker coordinates with an action on it, a handover to ``team``
    they accepted, and their place for ``team`` on another organisation's case."""
    case = factories.CaseFactory(owning_team=team, coordinator=user)
    other_case = factories.CaseFactory(owning_team=factories.TeamFactory())
    line = directory.contact_point_create(
        team=team, name=f"Lijn {team.name}", service_level_hours=8, phone="030 000 00 00",
        actor=SYSTEM,
    )  # fmt: skip
    handover = Handover._base_manager.create(
        case=other_case, from_team=other_case.owning_team, from_user=colleague,
        contact_point=line, to_team=team, question="Vraag", why_this_organisation="Reden",
        asked="Bellen", state=State.ACCEPTED, accepted_by=user, sent_at=clock.now(),
        accepted_at=clock.now(), due_at=clock.now() + dt.timedelta(days=1),
    )  # fmt: skip
    action = Action._base_manager.create(
        case=case, what="Bellen", owner_kind=OwnerKind.WORKER, owner_user=user,
        due_on=clock.today() + dt.timedelta(days=3), created_by=user,
    )  # fmt: skip
    place = Member._base_manager.create(case=other_case, user=user, team=team, role_on_case="x")
    return {"case": case, "handover": handover, "action": action, "place": place}


@pytest.fixture
def world(manager):
    organisation = manager.organisation
    debts = factories.TeamFactory(organisation=organisation, name="Schuldhulp")
    desk = factories.TeamFactory(organisation=organisation, name="Loket")
    leaving = factories.MembershipFactory(team=debts, organisation=organisation)
    user = leaving.user
    staying = factories.MembershipFactory(user=user, team=desk, organisation=organisation)
    coordinator = factories.MembershipFactory(
        team=debts, organisation=organisation, role=Role.COORDINATOR
    ).user
    desk_colleague = factories.MembershipFactory(team=desk, organisation=organisation).user
    return {
        "user": user,
        "leaving": leaving,
        "staying": staying,
        "coordinator": coordinator,
        "desk_colleague": desk_colleague,
        "debts": _team_work(user, debts, coordinator),
        "desk": _team_work(user, desk, desk_colleague),
    }


def _url(membership):
    return reverse("setup:membership_end", args=[membership.pk])


def test_the_page_shows_the_team_s_open_work_and_proposes_its_coordinator(manager_client, world):
    page = manager_client.get(_url(world["leaving"]))
    assert page.status_code == 200
    text = page.content.decode()
    assert f'value="{world["coordinator"].pk}" selected' in text
    # Only colleagues of the team are offered.
    assert f'value="{world["desk_colleague"].pk}"' not in text
    assert "Schuldhulp" in text


def test_ending_without_a_colleague_is_refused_while_the_team_s_work_is_open(manager_client, world):
    page = manager_client.get(_url(world["leaving"])).content.decode()
    assert "niet verplicht" not in page  # open work: the colleague is asked for, not optional
    response = manager_client.post(_url(world["leaving"]), {"successor": ""})
    assert response.status_code == 400
    assert "nog open werk" in response.content.decode()
    assert Membership.objects.get(pk=world["leaving"].pk).valid_until is None
    assert Case._base_manager.get(pk=world["debts"]["case"].pk).coordinator == world["user"]


def test_a_colleague_of_another_team_is_refused(manager_actor, world):
    with pytest.raises(DomainError) as refused:
        setup.membership_leave(
            membership=world["leaving"], successor=world["desk_colleague"], actor=manager_actor
        )
    assert refused.value.field == "successor"
    assert Membership.objects.get(pk=world["leaving"].pk).valid_until is None


def test_ending_hands_the_team_s_work_over_and_keeps_the_other_team_s(manager_client, world):
    user, successor = world["user"], world["coordinator"]
    epoch = user.session_epoch
    response = manager_client.post(_url(world["leaving"]), {"successor": str(successor.pk)})
    assert response.status_code == 302
    debts, desk = world["debts"], world["desk"]
    assert Case._base_manager.get(pk=debts["case"].pk).coordinator == successor
    assert Handover._base_manager.get(pk=debts["handover"].pk).accepted_by == successor
    assert Action._base_manager.get(pk=debts["action"].pk).owner_user == successor
    assert Member._base_manager.get(pk=debts["place"].pk).left_at is not None
    assert Member._base_manager.get(case=debts["place"].case, left_at=None).user == successor
    # What they hold for the team they stay in stays with them.
    assert Case._base_manager.get(pk=desk["case"].pk).coordinator == user
    assert Handover._base_manager.get(pk=desk["handover"].pk).accepted_by == user
    assert Action._base_manager.get(pk=desk["action"].pk).owner_user == user
    assert Member._base_manager.get(pk=desk["place"].pk).left_at is None
    leaving = Membership.objects.get(pk=world["leaving"].pk)
    assert leaving.valid_until == clock.today()
    assert Membership.objects.get(pk=world["staying"].pk).is_current()
    user.refresh_from_db()
    assert user.session_epoch > epoch
    for action in ("case_coordinator_hand_over", "handover_hand_over", "plan_action_hand_over"):
        assert AuditEntry.objects.filter(action=action).count() == 1, action
    assert violations() == []
    with clock.frozen(clock.now() + dt.timedelta(days=1)):
        assert not leaving.is_current(clock.today())
        assert violations() == []
        call_command("invariants")


def test_ending_a_membership_without_handing_over_is_what_the_invariant_finds(world):
    """The twin of the test above: the membership ended the old way (no successor), so the
    day after, the case is coordinated by someone outside its owning team."""
    accounts.membership_end(membership=world["leaving"], actor=SYSTEM)
    assert violations() == []  # still a member today
    with clock.frozen(clock.now() + dt.timedelta(days=1)):
        found = [(v.check, v.case_id) for v in violations()]
    assert found == [("coordinator_left", world["debts"]["case"].pk)]


def test_nothing_moves_when_the_worker_stays_in_the_team(manager_actor, world):
    """A second membership of the same team (another role) keeps the work where it is."""
    factories.MembershipFactory(
        user=world["user"], team=world["debts"]["case"].owning_team,
        organisation=world["leaving"].organisation, role=Role.COORDINATOR,
    )  # fmt: skip
    moved = setup.membership_leave(membership=world["leaving"], successor=None, actor=manager_actor)
    assert moved == {"cases": 0, "handovers": 0, "actions": 0}
    assert Case._base_manager.get(pk=world["debts"]["case"].pk).coordinator == world["user"]
    with clock.frozen(clock.now() + dt.timedelta(days=1)):
        assert violations() == []


def test_a_membership_that_ended_already_is_not_ended_again(manager_actor, world):
    ended = factories.MembershipFactory(
        user=world["user"], team=factories.TeamFactory(organisation=world["leaving"].organisation),
        organisation=world["leaving"].organisation,
        valid_until=clock.today() - dt.timedelta(days=3),
    )  # fmt: skip
    with pytest.raises(DomainError):
        setup.membership_leave(membership=ended, successor=None, actor=manager_actor)
    ended.refresh_from_db()
    assert ended.valid_until == clock.today() - dt.timedelta(days=3)


def test_the_service_refuses_without_a_colleague_while_work_is_open(manager_actor, world):
    """The form asks for the colleague; the service refuses too, for any caller without it."""
    with pytest.raises(DomainError, match="open"):
        setup.membership_leave(membership=world["leaving"], successor=None, actor=manager_actor)
    world["leaving"].refresh_from_db()
    assert world["leaving"].valid_until is None
    assert Case._base_manager.get(pk=world["debts"]["case"].pk).coordinator == world["user"]
