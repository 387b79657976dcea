"""A handover's start date and its answer term, and the timer of an accepted handover that
stalls (issue #20, decision 0046). Every row is made inside the frozen time."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from eenloket.core import clock
from eenloket.core.errors import DomainError
from eenloket.handovers import services
from eenloket.handovers.models import HandoverEvent
from eenloket.handovers.services.stalls import handovers_stall_remind
from eenloket.handovers.states import State
from eenloket.handovers.tests.walk import make_world
from eenloket.notifications.models import WorkerNotification
from eenloket.scheduling.jobs import job

pytestmark = pytest.mark.django_db
AMS = ZoneInfo("Europe/Amsterdam")
MONDAY = dt.datetime(2027, 1, 11, 10, 0, tzinfo=AMS)  # no holiday near


def _draft(world, **extra):
    return services.handover_draft(
        case=world["case"],
        contact_point=world["point"],
        question="Kunnen jullie helpen na de vrijlating?",
        why_this_organisation="Jullie gaan over nazorg.",
        asked="Neem contact op vanaf de dag van vrijlating.",
        actor=world["sender"],
        **extra,
    )


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def test_the_answer_term_counts_from_the_start_date():
    with clock.frozen(MONDAY):
        world = make_world()
        now_one = services.handover_send(handover=_draft(world), actor=world["sender"])
        later = _draft(world, starts_on=dt.date(2027, 1, 18))
        later = services.handover_send(handover=later, actor=world["sender"])
    # Eight working hours (9 to 17) from Monday 10:00 is Tuesday 10:00; from the start date,
    # the end of that day.
    assert now_one.due_at.astimezone(AMS) == dt.datetime(2027, 1, 12, 10, 0, tzinfo=AMS)
    assert later.due_at.astimezone(AMS) == dt.datetime(2027, 1, 18, 17, 0, tzinfo=AMS)
    assert later.starts_on == dt.date(2027, 1, 18)
    # Not overdue before its term: the escalation timer leaves it alone until then.
    with clock.frozen(dt.datetime(2027, 1, 15, 12, 0, tzinfo=AMS)):
        assert services.handovers_escalate() == 1  # only the one sent without a start date


def test_a_start_date_today_counts_from_sending():
    with clock.frozen(MONDAY):
        world = make_world()
        sent = services.handover_send(
            handover=_draft(world, starts_on=MONDAY.date()), actor=world["sender"]
        )
    assert sent.due_at.astimezone(AMS) == dt.datetime(2027, 1, 12, 10, 0, tzinfo=AMS)


@pytest.mark.parametrize("days", [-1, 367])
def test_a_start_date_in_the_past_or_beyond_a_year_is_refused(days):
    with clock.frozen(MONDAY):
        world = make_world()
        with pytest.raises(DomainError) as refused:
            _draft(world, starts_on=MONDAY.date() + dt.timedelta(days=days))
    assert refused.value.field == "starts_on"


def _accepted(world, at, **extra):
    with clock.frozen(at):
        handover = services.handover_send(handover=_draft(world, **extra), actor=world["sender"])
        return services.handover_transition(
            handover=handover, target=State.ACCEPTED, actor=world["receiver"]
        )


def _told(user) -> int:
    return WorkerNotification.objects.filter(user=user, text__icontains="not started").count()


def test_an_accepted_handover_that_does_not_start_is_reminded_once_in_working_days():
    friday = dt.datetime(2027, 1, 15, 10, 0, tzinfo=AMS)
    with clock.frozen(friday):
        world = make_world()
    handover = _accepted(world, friday)
    # Five calendar days later (Wednesday) it is only three working days: not yet.
    with clock.frozen(dt.datetime(2027, 1, 20, 12, 0, tzinfo=AMS)):
        assert handovers_stall_remind() == 0
    with clock.frozen(dt.datetime(2027, 1, 21, 23, 0, tzinfo=AMS)):
        assert handovers_stall_remind() == 0
    # The fifth working day after the accept: reminded, once.
    with clock.frozen(dt.datetime(2027, 1, 22, 8, 0, tzinfo=AMS)):
        assert job("handover-stalls").run() == 1
        assert handovers_stall_remind() == 0
    assert HandoverEvent.objects.filter(handover=handover, kind="stalled").count() == 1
    assert _told(world["line_coordinator"]) == 1  # the receiving side, which owns it
    assert _told(world["sender"].user) == 1  # the sender, the case's coordinator here


def test_work_that_started_is_not_a_stall_and_the_start_date_moves_the_term():
    monday = MONDAY
    with clock.frozen(monday):
        world = make_world()
    started = _accepted(world, monday)
    with clock.frozen(monday):
        services.handover_transition(
            handover=started, target=State.IN_PROGRESS, actor=world["receiver"]
        )
    waiting = _accepted(world, monday, starts_on=dt.date(2027, 1, 25))
    # Five working days after the accept, but before five working days after the start date.
    with clock.frozen(dt.datetime(2027, 1, 26, 12, 0, tzinfo=AMS)):
        assert handovers_stall_remind() == 0
    with clock.frozen(dt.datetime(2027, 2, 1, 12, 0, tzinfo=AMS)):
        assert handovers_stall_remind() == 1
    assert HandoverEvent.objects.filter(handover=waiting, kind="stalled").exists()
    assert not HandoverEvent.objects.filter(handover=started, kind="stalled").exists()
