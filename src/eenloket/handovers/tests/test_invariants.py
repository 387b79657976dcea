"""The no-drop invariants, one check at a time: each finds the case that breaks it and nothing
else, and the periodic report tells the case's coordinator once a day (docs/handovers.md).

The services never leave a case in these states; the tests put it there with the base manager,
as a bug or a manual database edit would."""

import datetime as dt
import logging

import pytest

from eenloket.cases.models import Case, CaseStatus
from eenloket.core import clock
from eenloket.handovers import invariants
from eenloket.handovers.states import State
from eenloket.handovers.tests.walk import _at
from eenloket.notifications.models import WorkerNotification
from eenloket.testing import factories

pytestmark = pytest.mark.django_db


def _checks_for(case) -> list[str]:
    return sorted(v.check for v in invariants.violations() if v.case_id == case.pk)


def _break(case, **fields):
    Case._base_manager.filter(pk=case.pk).update(**fields)


def test_a_healthy_open_case_breaks_no_invariant():
    factories.CaseFactory()
    assert invariants.violations() == []


@pytest.mark.parametrize(
    "fields",
    [{"owning_team": None}, {"next_step": ""}, {"next_step_due": None}],
    ids=["no owner", "no next step", "no due date"],
)
def test_the_database_itself_refuses_an_open_case_without_owner_or_next_step(fields):
    """The first line of defence; the invariant checks stay as the second (for on-hold cases,
    and for data that reached the database another way)."""
    from django.db import IntegrityError, transaction

    case = factories.CaseFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        _break(case, **fields)


def test_a_case_on_hold_without_a_next_step_is_found():
    case = factories.CaseFactory()
    factories.CaseFactory()  # a healthy neighbour is not reported
    _break(case, status=CaseStatus.ON_HOLD, hold_reason="Wacht op de bank", next_step="")
    assert _checks_for(case) == ["next_step"]
    assert len(invariants.violations()) == 1


def test_a_next_step_overdue_longer_than_the_grace_is_found_and_not_a_day_before():
    case = factories.CaseFactory()
    _break(case, next_step_due=clock.today() - invariants.GRACE)
    assert _checks_for(case) == []  # exactly at the grace: not dropped yet
    _break(case, next_step_due=clock.today() - invariants.GRACE - dt.timedelta(days=1))
    assert _checks_for(case) == ["next_step_overdue"]


def _close(case):
    _break(case, status=CaseStatus.CLOSED, closed_at=clock.now(), outcome="resolved")


def test_a_closed_case_is_not_held_to_a_next_step():
    case = factories.CaseFactory()
    _close(case)
    _break(case, next_step="", next_step_due=clock.today() - dt.timedelta(days=30))
    assert _checks_for(case) == []


def test_a_coordinator_who_left_the_owning_team_is_found_from_the_day_after():
    member = factories.MembershipFactory()
    case = factories.CaseFactory(owning_team=member.team, coordinator=member.user)
    factories.CaseFactory(owning_team=member.team, coordinator=None)  # none named: not reported
    assert _checks_for(case) == []
    member.valid_until = clock.today()  # ends today: still in the team today
    member.save()
    assert _checks_for(case) == []
    with clock.frozen(clock.now() + dt.timedelta(days=1)):
        assert _checks_for(case) == ["coordinator_left"]
        assert len(invariants.violations()) == 1


def test_a_closed_case_with_an_open_handover_is_found(world):
    handover = _at(world, State.SENT)
    _close(handover.case)
    assert _checks_for(handover.case) == ["closed_with_open_handover"]


def test_the_report_tells_the_coordinator_once_a_day_and_logs_a_case_without_one(caplog):
    member = factories.MembershipFactory()  # a coordinator works in the owning team
    coordinator = member.user
    with_coordinator = factories.CaseFactory(owning_team=member.team, coordinator=coordinator)
    without = factories.CaseFactory(coordinator=None)
    overdue = clock.today() - invariants.GRACE - dt.timedelta(days=1)
    _break(with_coordinator, next_step_due=overdue)
    _break(without, next_step_due=overdue)

    with caplog.at_level(logging.WARNING, logger="eenloket.handovers.invariants"):
        assert invariants.report_violations() == 2
        assert invariants.report_violations() == 2
    notified = WorkerNotification.objects.filter(user=coordinator, kind="invariant")
    assert notified.count() == 1  # the second run on the same day adds nothing
    assert str(without.pk) in caplog.text
    with clock.frozen(clock.now() + dt.timedelta(days=1, minutes=1)):
        invariants.report_violations()
    assert notified.count() == 2  # a day later it is said again
