"""The plan action's table (teamwork/states.py): every move allowed exactly when the table
says so, its timestamp set and cleared, the audit written; the workspace offers "done" only
where the table allows it (#19, decision 0038)."""

import datetime as dt

import pytest

from eenloket.access import casework
from eenloket.accounts.models import Role
from eenloket.audit.models import AuditEntry
from eenloket.cases import services as cases
from eenloket.core import clock
from eenloket.core.actor import Actor
from eenloket.core.errors import DomainError
from eenloket.teamwork import selectors, services
from eenloket.teamwork.models import Action, ActionState, OwnerKind
from eenloket.teamwork.states import ACTION
from eenloket.testing import factories

SYSTEM = Actor.system("test")
pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    coordinator = factories.MembershipFactory(role=Role.COORDINATOR)
    case = cases.case_open(
        person=factories.PersonFactory(),
        question_verbatim="Ik kom er niet uit.",
        owning_team=coordinator.team,
        coordinator=coordinator.user,
        next_step="Plan maken",
        next_step_due=clock.today() + dt.timedelta(days=2),
        actor=SYSTEM,
    )
    return case, Actor.worker(coordinator.user, coordinator)


def _action_in(world, state):
    case, actor = world
    action = services.action_add(
        case=case,
        what="Brief van de belasting meenemen",
        what_citizen_key="bring_letters",
        owner_kind=OwnerKind.CITIZEN,
        due_on=clock.today() + dt.timedelta(days=3),
        actor=actor,
    )
    if state != ActionState.OPEN:
        services.action_set_state(action=action, state=state, actor=actor)
    return Action._base_manager.get(pk=action.pk)


@pytest.mark.parametrize(
    ("source", "target"),
    [(s, t) for s in ActionState.values for t in ActionState.values if s != t],
)
def test_a_plan_action_moves_exactly_as_the_table_says(world, source, target):
    _case, actor = world
    action = _action_in(world, source)
    if ACTION.move(source, target) is None:
        with pytest.raises(DomainError):
            services.action_set_state(action=action, state=target, actor=actor)
        action.refresh_from_db()
        assert action.state == source
        return
    audits = AuditEntry.objects.filter(action="plan_action_state").count()
    moved = services.action_set_state(action=action, state=target, actor=actor)
    moved.refresh_from_db()
    assert moved.state == target
    assert (moved.done_at is not None) == (target == ActionState.DONE)
    assert AuditEntry.objects.filter(action="plan_action_state").count() == audits + 1


def test_asking_for_the_present_state_changes_nothing_and_nonsense_is_refused(world):
    _case, actor = world
    action = _action_in(world, ActionState.DONE)
    audits = AuditEntry.objects.filter(action="plan_action_state").count()
    services.action_set_state(action=action, state=ActionState.DONE, actor=actor)
    assert AuditEntry.objects.filter(action="plan_action_state").count() == audits
    with pytest.raises(DomainError):
        services.action_set_state(action=action, state="lost", actor=actor)


@pytest.mark.parametrize("state", ActionState.values)
def test_the_workspace_offers_done_exactly_where_the_table_allows_it(world, state):
    case, actor = world
    _action_in(world, state)
    released = casework.case_for(actor, case.pk)  # as the workspace gets it
    (shown,) = selectors.of_case(released, actor).actions
    assert ("done" in shown.offered) == (state == ActionState.OPEN)
    assert shown.offered == ACTION.actions(state)
