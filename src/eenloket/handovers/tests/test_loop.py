"""The loop between teams closes (issue #20, decision 0039): the sending worker and the case's
coordinator hear when a handover is accepted, put on hold, completed, declined or past its
answer term, see it on their home page, and the citizen hears of every step, the first one
too."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import translation

from eenloket.accounts.models import Role
from eenloket.cases import services as cases
from eenloket.core import clock
from eenloket.core.actor import Actor
from eenloket.directory import services as directory
from eenloket.handovers import services
from eenloket.handovers.states import State
from eenloket.notifications.models import Message, WorkerNotification
from eenloket.testing import factories
from eenloket.testing.fixtures import log_in

SYSTEM = Actor.system("test")
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """The notifications are written in the active language; these tests read them in English."""
    with translation.override("en"):
        yield


@pytest.fixture
def world():
    coordinator = factories.MembershipFactory(role=Role.COORDINATOR)
    sender = factories.MembershipFactory(role=Role.FRONTLINE_WORKER, team=coordinator.team)
    receiver = factories.MembershipFactory(role=Role.PARTNER_WORKER)
    line = directory.contact_point_create(
        team=receiver.team,
        name="Directe lijn (lus)",
        service_level_hours=8,
        phone="030 - 000 00 41",
        actor=SYSTEM,
    )
    case = cases.case_open(
        person=factories.PersonFactory(channels_preferred=["letter"], city="Utrecht"),
        question_verbatim="Ik weet niet waar ik heen moet.",
        owning_team=coordinator.team,
        coordinator=coordinator.user,
        next_step="Doorverwijzen",
        next_step_due=clock.today() + dt.timedelta(days=2),
        actor=SYSTEM,
    )
    factories.consent_to_team(case, receiver.team)
    return {
        "case": case,
        "sender": Actor.worker(sender.user, sender),
        "sender_membership": sender,
        "coordinator": coordinator.user,
        "receiver": Actor.worker(receiver.user, receiver),
        "line": line,
    }


def _sent(world):
    draft = services.handover_draft(
        case=world["case"],
        contact_point=world["line"],
        question="Kunnen jullie helpen?",
        why_this_organisation="Jullie gaan hierover.",
        asked="Neem contact op.",
        actor=world["sender"],
    )
    return services.handover_send(handover=draft, actor=world["sender"])


def _heard(user, words):
    return WorkerNotification.objects.filter(
        user=user, kind="handover", text__icontains=words
    ).count()


@pytest.mark.parametrize(
    ("path", "words"),
    [
        ([State.ACCEPTED], "accepted"),
        ([State.ACCEPTED, State.IN_PROGRESS, State.ON_HOLD], "on hold"),
        ([State.ACCEPTED, State.IN_PROGRESS, State.COMPLETED], "completed"),
        ([State.DECLINED], "came back"),
    ],
)
def test_the_sender_and_the_coordinator_hear_the_receivers_answer_once_each(world, path, words):
    handover = _sent(world)
    reasons = {
        State.ON_HOLD: {"text": "Wacht op stukken"},
        State.COMPLETED: {"reason_code": "helped", "text": "Geholpen"},
        State.DECLINED: {"reason_code": "not_our_task", "text": "Niet onze taak"},
    }
    for target in path:
        extra = reasons.get(target, {})
        handover = services.handover_transition(
            handover=handover, target=target, actor=world["receiver"], **extra
        )
    assert _heard(world["sender"].user, words) == 1
    assert _heard(world["coordinator"], words) == 1


def test_the_citizen_hears_of_the_first_send_too(world):
    person_id = str(world["case"].person_id)
    before = Message.objects.filter(recipient_ref=person_id).count()
    _sent(world)
    assert Message.objects.filter(recipient_ref=person_id).count() == before + 1


def test_a_stalled_handover_reaches_the_case_coordinator(world):
    handover = _sent(world)
    with clock.frozen(handover.due_at + dt.timedelta(minutes=1)):
        assert services.handovers_escalate() == 1
    assert _heard(world["coordinator"], "service level") == 1
    assert _heard(world["sender"].user, "service level") == 1


def test_the_senders_home_shows_what_came_of_the_handover(world):
    handover = _sent(world)
    services.handover_transition(handover=handover, target=State.ACCEPTED, actor=world["receiver"])
    client = log_in(Client(), world["sender_membership"].user)
    page = client.get("/werk/").content.decode()
    assert "Directe lijn (lus)" in page
    assert f"/werk/overdrachten/{handover.pk}/" in page
