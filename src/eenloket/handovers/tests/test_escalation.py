"""Escalation with a moved clock: an unanswered handover past its service level, who hears
of it, and the invariants that catch one not escalated; and a question to a colleague that
refuses personal data (docs/handovers.md)."""

import datetime as dt

import pytest

from eenloket.core import clock
from eenloket.core.errors import DomainError
from eenloket.handovers import services
from eenloket.handovers.models import HandoverEvent
from eenloket.handovers.states import State
from eenloket.handovers.tests.walk import (
    _at,
)
from eenloket.notifications.models import WorkerNotification

pytestmark = pytest.mark.django_db


def test_an_unanswered_handover_escalates_once_when_its_service_level_passes(world):
    handover = _at(world, State.SENT)
    assert services.handovers_escalate() == 0
    before = WorkerNotification.objects.filter(user=world["line_coordinator"]).count()
    with clock.frozen(handover.due_at + dt.timedelta(minutes=1)):
        assert services.handovers_escalate() == 1
        assert services.handovers_escalate() == 0
        handover.refresh_from_db()
        assert handover.overdue and handover.escalated_at is not None
        assert handover.state == State.SENT  # a flag, not a state
    assert HandoverEvent.objects.filter(handover=handover, kind="escalated").count() == 1
    assert WorkerNotification.objects.filter(user=world["line_coordinator"]).count() == before + 1
    assert WorkerNotification.objects.filter(
        user=world["sender"].user, kind="handover"
    ).exists()  # and the sender sees it


def test_without_a_line_coordinator_the_teams_coordinators_hear_of_an_escalation(world):
    point = world["point"]
    point.coordinator = None
    point.save(update_fields=["coordinator"])
    handover = _at(world, State.SENT)
    with clock.frozen(handover.due_at + dt.timedelta(minutes=1)):
        services.handovers_escalate()
    assert WorkerNotification.objects.filter(
        user=world["line_coordinator"], kind="handover"
    ).exists()  # a coordinator of the receiving team


def test_invariants_hold_on_the_demo_and_catch_an_unescalated_handover(world, capsys):
    from django.core.management import call_command

    from eenloket.demo import data as demodata

    demodata.load()
    call_command("invariants")
    assert "all invariants hold" in capsys.readouterr().out
    handover = _at(world, State.SENT)
    with clock.frozen(handover.due_at + dt.timedelta(hours=1)):
        with pytest.raises(SystemExit) as failed:
            call_command("invariants")
        assert failed.value.code == 1
        assert "handover_unanswered" in capsys.readouterr().out
        services.handovers_escalate()
        # Escalated: the loop is visible to a coordinator again. Only this check is asserted:
        # the jump to the handover's due time may cross holidays, and then the demo's own
        # next steps come due as well (they would, on such a day).
        from eenloket.handovers import invariants

        assert [v for v in invariants.violations() if v.check == "handover_unanswered"] == []


def test_a_question_to_a_colleague_refuses_personal_data(world):
    with pytest.raises(DomainError):
        services.colleague_question_ask(
            case=world["case"],
            contact_point=world["point"],
            question="Kan iemand met BSN 123456782 bij jullie terecht?",
            actor=world["sender"],
        )
    asked = services.colleague_question_ask(
        case=world["case"],
        contact_point=world["point"],
        question="Helpen jullie ook zzp'ers met een schuld bij de Belastingdienst?",
        actor=world["sender"],
    )
    assert asked.capacity_seen == world["point"].capacity
    with pytest.raises(DomainError):
        services.colleague_question_answer(asked=asked, answer="Ja", actor=world["sender"])
    services.colleague_question_answer(asked=asked, answer="Ja, bel ons", actor=world["receiver"])
