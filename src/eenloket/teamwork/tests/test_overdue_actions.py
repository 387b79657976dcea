"""Overdue plan actions on the coordinator's worklist and their reminders, counted on the
business-day calendar (issue #20, decision 0046); their texts follow what they are about
(decision 0039) there too. Every row is made inside the frozen time."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.utils import translation

from eenloket.access.overdue import overdue_actions
from eenloket.accounts.models import Role
from eenloket.calendars import desk_days
from eenloket.cases import services as cases
from eenloket.core import clock
from eenloket.core.actor import Actor
from eenloket.notifications.models import WorkerNotification
from eenloket.teamwork import services
from eenloket.teamwork.models import Member, OwnerKind
from eenloket.testing import factories
from eenloket.testing.fixtures import log_in

SYSTEM = Actor.system("test")
pytestmark = pytest.mark.django_db
AMS = ZoneInfo("Europe/Amsterdam")
THURSDAY = dt.datetime(2027, 1, 14, 10, 0, tzinfo=AMS)
FRIDAY = dt.date(2027, 1, 15)
SATURDAY = dt.datetime(2027, 1, 16, 10, 0, tzinfo=AMS)
SUNDAY = dt.datetime(2027, 1, 17, 22, 0, tzinfo=AMS)
MONDAY = dt.datetime(2027, 1, 18, 9, 0, tzinfo=AMS)


@pytest.fixture(autouse=True)
def english():
    """The reminders are written in the active language; these tests read them in English."""
    with translation.override("en"):
        yield


def _actor(membership):
    return Actor.worker(membership.user, membership)


@pytest.fixture
def world():
    """A case owned by the municipal debt help (its task: no health data), with the income
    team on it; both write actions due on a Friday."""
    with clock.frozen(THURSDAY):
        debt = factories.MembershipFactory(role=Role.COORDINATOR, team__purpose="debt_help")
        income = factories.MembershipFactory(
            role=Role.PARTNER_WORKER, team__purpose="income_support"
        )
        case = cases.case_open(
            person=factories.PersonFactory(channels_preferred=["letter"]),
            question_verbatim="De schulden lopen op.",
            owning_team=debt.team,
            coordinator=debt.user,
            next_step="Schulden op een rij",
            next_step_due=clock.today() + dt.timedelta(days=7),
            actor=SYSTEM,
        )
        cases.case_add_team(case=case, team=income.team, actor=SYSTEM)
        Member._base_manager.create(
            case=case, user=income.user, team=income.team, role_on_case="Inkomen"
        )
        writes = [
            (debt, "Eigen-actie", ""),
            (income, "Actie-schulden", "debts"),
            (income, "Actie-gezondheid", "health"),
            (income, "Actie-ongelabeld", ""),
        ]
        for member, what, about in writes:
            services.action_add(
                case=case,
                what=what,
                owner_kind=OwnerKind.WORKER,
                owner_user=member.user,
                due_on=FRIDAY,
                actor=_actor(member),
                about=about,
            )
    return {"debt": debt, "income": income, "case": case}


def overdue_on_working_days(due_on, today):
    return due_on < desk_days.overdue_before(today)


def _overdue(actor):
    return overdue_actions(actor, due_before=desk_days.overdue_before(clock.today()))


def test_overdue_counts_from_the_first_working_day_after_the_date():
    assert not overdue_on_working_days(FRIDAY, dt.date(2027, 1, 16))
    assert not overdue_on_working_days(FRIDAY, dt.date(2027, 1, 17))
    assert overdue_on_working_days(FRIDAY, dt.date(2027, 1, 18))
    assert not overdue_on_working_days(dt.date(2027, 1, 18), dt.date(2027, 1, 18))
    assert overdue_on_working_days(dt.date(2027, 1, 13), dt.date(2027, 1, 14))
    # Before Easter Monday (a holiday the loket is closed): overdue on the Tuesday.
    assert not overdue_on_working_days(dt.date(2027, 3, 26), dt.date(2027, 3, 29))
    assert overdue_on_working_days(dt.date(2027, 3, 26), dt.date(2027, 3, 30))


def test_no_reminder_and_nothing_on_the_worklist_over_the_weekend(world):
    for moment in (SATURDAY, SUNDAY):
        with clock.frozen(moment):
            assert services.actions_remind() == 0
            found = _overdue(_actor(world["debt"]))
            assert found.shown == [] and found.withheld == 0
    assert not WorkerNotification.objects.filter(text__icontains="overdue").exists()


def test_on_the_first_working_day_the_owner_is_reminded_once(world):
    with clock.frozen(MONDAY):
        assert services.actions_remind() == 4
        assert services.actions_remind() == 0
    income_user = world["income"].user
    assert WorkerNotification.objects.filter(user=income_user, text__icontains="overdue").count()
    # The case's coordinator hears of each, the owner of their own.
    coordinator = world["debt"].user
    assert WorkerNotification.objects.filter(user=coordinator, text__icontains="overdue").count()


def test_the_coordinators_worklist_shows_what_its_team_may_read_and_counts_the_rest(world):
    with clock.frozen(MONDAY):
        found = _overdue(_actor(world["debt"]))
        client = log_in(Client(), world["debt"].user)
        page = client.get("/werk/").content.decode()
    assert sorted(a.what for a in found.shown) == ["Actie-schulden", "Eigen-actie"]
    assert found.withheld == 2  # about health, and not said
    assert "Actie-schulden" in page and "Eigen-actie" in page
    assert "Actie-gezondheid" not in page and "Actie-ongelabeld" not in page
    # A partner team's worklist does not list the owner's plan (an application, an action:
    # the owning team's to chase).
    with clock.frozen(MONDAY):
        assert _overdue(_actor(world["income"])).shown == []
