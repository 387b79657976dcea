"""For the handover tests: a sender, a receiving direct line and a case (``make_world``), and
the walk of a handover through the table (handovers/states.py), each move by its rightful side."""

import datetime as dt

from eenloket.accounts.models import Role
from eenloket.cases import services as cases
from eenloket.core import clock
from eenloket.core.actor import Actor
from eenloket.directory import services as directory
from eenloket.handovers import services
from eenloket.handovers.states import BY_MOVE, REASONS, SENDER, State
from eenloket.testing import factories

SYSTEM = Actor.system("test")


def make_world():
    """A coordinator who sends, a partner team with a direct line and its coordinator, and an
    open case whose citizen consented to the partner team reaching them."""
    sender = factories.MembershipFactory(role=Role.COORDINATOR)
    receiver = factories.MembershipFactory(role=Role.PARTNER_WORKER)
    line_coordinator = factories.MembershipFactory(role=Role.COORDINATOR, team=receiver.team)
    point = directory.contact_point_create(
        team=receiver.team,
        name="Directe lijn (test)",
        service_level_hours=8,
        phone="030 - 000 00 09",
        coordinator=line_coordinator.user,
        actor=SYSTEM,
    )
    case = cases.case_open(
        person=factories.PersonFactory(channels_preferred=["letter"], city="Utrecht"),
        question_verbatim="Ik heb een vraag over kinderbijslag.",
        owning_team=sender.team,
        coordinator=sender.user,
        next_step="Doorverwijzen",
        next_step_due=clock.today() + dt.timedelta(days=2),
        actor=SYSTEM,
    )
    factories.consent_to_team(case, receiver.team)  # so the receiver can reach the citizen
    return {
        "sender": Actor.worker(sender.user, sender),
        "receiver": Actor.worker(receiver.user, receiver),
        "line_coordinator": line_coordinator.user,
        "point": point,
        "case": case,
    }


def _draft(world, **extra):
    return services.handover_draft(
        case=world["case"],
        contact_point=world["point"],
        question="Kunnen jullie helpen met de aanvraag?",
        why_this_organisation="Jullie gaan over deze regeling.",
        asked="Neem contact op en help bij de aanvraag.",
        actor=world["sender"],
        **extra,
    )


def _reason(target):
    codes = REASONS.get(target)
    if codes is None:
        return {}
    if codes == "text":
        return {"text": "Reden"}
    code = codes.values[0]
    extra = {"reason_code": code, "text": "Toelichting"}
    if code == "decision_taken":
        extra["decision_on"] = clock.today()
    return extra


# The shortest way from a draft to each state, by the rightful side.
PATHS = {
    State.DRAFT: [],
    State.SENT: [State.SENT],
    State.ACCEPTED: [State.SENT, State.ACCEPTED],
    State.IN_PROGRESS: [State.SENT, State.ACCEPTED, State.IN_PROGRESS],
    State.ON_HOLD: [State.SENT, State.ACCEPTED, State.IN_PROGRESS, State.ON_HOLD],
    State.DECLINED: [State.SENT, State.DECLINED],
    State.COMPLETED: [State.SENT, State.ACCEPTED, State.IN_PROGRESS, State.COMPLETED],
    State.FAILED: [State.SENT, State.ACCEPTED, State.IN_PROGRESS, State.FAILED],
    State.CANCELLED: [State.SENT, State.CANCELLED],
    State.ENTERED_IN_ERROR: [State.ENTERED_IN_ERROR],
}


def _move(world, handover, target, actor=None):
    if target == State.SENT:
        return services.handover_send(handover=handover, actor=actor or world["sender"])
    side = BY_MOVE[(handover.state, target)].side
    actor = actor or (world["sender"] if side == SENDER else world["receiver"])
    return services.handover_transition(
        handover=handover, target=target, actor=actor, **_reason(target)
    )


def _at(world, state):
    handover = _draft(world)
    for target in PATHS[state]:
        handover = _move(world, handover, target)
    return handover


def _at_from(world, handover, state):
    for target in PATHS[state]:
        handover = _move(world, handover, target)
    return handover


def _side(world, side):
    return world["sender"] if side == SENDER else world["receiver"]
