"""Handovers through the table (handovers/states.py): every allowed and forbidden move and
who may make it, a repeated request that changes nothing, two accepts at once, the page
offering exactly what the services allow, and the database refusing timestamps that do not
match the state (docs/handovers.md)."""

import datetime as dt

import pytest
from django.utils import translation

from eenloket.accounts.models import Role
from eenloket.core import clock
from eenloket.core.actor import Actor
from eenloket.core.errors import DomainError
from eenloket.directory import services as directory
from eenloket.handovers import services
from eenloket.handovers.models import HandoverEvent
from eenloket.handovers.states import BY_MOVE, SENDER, State
from eenloket.handovers.tests.walk import (
    SYSTEM,
    _at,
    _at_from,
    _draft,
    _move,
    _reason,
    _side,
)
from eenloket.testing import factories

pytestmark = pytest.mark.django_db


ALL_MOVES = [(s, t) for s in State.values for t in State.values if s != t]


@pytest.mark.parametrize(("source", "target"), ALL_MOVES)
def test_every_move_is_allowed_exactly_when_the_table_says_so_and_only_for_its_side(
    world, source, target
):
    handover = _at(world, source)
    transition = BY_MOVE.get((source, target))
    if transition is None:
        for actor in (world["sender"], world["receiver"]):
            with pytest.raises(DomainError):
                if target == State.SENT:
                    services.handover_send(handover=handover, actor=actor)
                else:
                    services.handover_transition(
                        handover=handover, target=target, actor=actor, **_reason(target)
                    )
        handover.refresh_from_db()
        assert handover.state == source
        return
    wrong = world["receiver"] if transition.side == SENDER else world["sender"]
    if target != State.SENT:
        with pytest.raises(DomainError):
            services.handover_transition(
                handover=handover, target=target, actor=wrong, **_reason(target)
            )
    if transition.needs_reason and target != State.SENT:
        with pytest.raises(DomainError):
            services.handover_transition(
                handover=handover, target=target, actor=_side(world, transition.side)
            )
    moved = _move(world, handover, target)
    assert moved.state == target
    event = HandoverEvent.objects.filter(handover=handover, kind="transition").last()
    assert (event.source, event.target) == (source, target)


def test_asking_for_the_current_state_is_a_no_op(world):
    # Accepting again is the exception: the second accept is told (below, #26).
    handover = _at(world, State.IN_PROGRESS)
    events = HandoverEvent.objects.filter(handover=handover).count()
    again = services.handover_transition(
        handover=handover, target=State.IN_PROGRESS, actor=world["receiver"]
    )
    assert again.state == State.IN_PROGRESS
    assert HandoverEvent.objects.filter(handover=handover).count() == events


def test_a_second_worker_accepting_gets_a_clear_message(world):
    handover = _at(world, State.SENT)
    colleague = factories.MembershipFactory(role=Role.PARTNER_WORKER, team=world["point"].team)
    services.handover_transition(handover=handover, target=State.ACCEPTED, actor=world["receiver"])
    with pytest.raises(DomainError) as late:
        services.handover_transition(
            handover=handover,
            target=State.ACCEPTED,
            actor=Actor.worker(colleague.user, colleague),
        )
    assert "already accepted" in str(late.value.message) or "al aangenomen" in str(
        late.value.message
    )


@pytest.mark.django_db(transaction=True)
def test_two_workers_accepting_at_the_same_moment_one_wins_on_postgresql(world):
    """Real row locks over two connections; SQLite locks the whole file, so this is a
    PostgreSQL test (CI runs the suite on PostgreSQL too)."""
    import threading

    from django.db import connection, connections

    if connection.vendor != "postgresql":
        pytest.skip("concurrent row locks need PostgreSQL; .ci/run runs this on PostgreSQL")
    handover = _at(world, State.SENT)
    colleague = factories.MembershipFactory(role=Role.PARTNER_WORKER, team=world["point"].team)
    actors = [world["receiver"], Actor.worker(colleague.user, colleague)]
    barrier = threading.Barrier(2)
    results = []

    def accept(actor):
        try:
            barrier.wait()
            services.handover_transition(handover=handover, target=State.ACCEPTED, actor=actor)
            results.append("won")
        except DomainError:
            results.append("told")
        except Exception as error:
            results.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=accept, args=(a,)) for a in actors]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == ["told", "won"]
    handover.refresh_from_db()
    assert handover.state == State.ACCEPTED
    assert HandoverEvent.objects.filter(handover=handover, target=State.ACCEPTED).count() == 1


def test_the_same_worker_accepting_twice_is_told_it_was_already_done(world):
    handover = _at(world, State.SENT)
    services.handover_transition(handover=handover, target=State.ACCEPTED, actor=world["receiver"])
    with translation.override("en"), pytest.raises(DomainError, match="You already accepted"):
        services.handover_transition(
            handover=handover, target=State.ACCEPTED, actor=world["receiver"]
        )
    assert HandoverEvent.objects.filter(handover=handover, target=State.ACCEPTED).count() == 1


# --- the page offers exactly what the services allow (#19) ------------------------------


# Every action the handover page can show, with what it needs to succeed.
def _attempt(world, handover, action, actor, other_point):
    from eenloket.handovers.states import MACHINE

    if action == "send":
        return services.handover_send(handover=handover, actor=actor)
    if action == "call":
        return services.warm_call_record(
            handover=handover,
            spoke_with="Jan van de directe lijn",
            called_at=clock.now() - dt.timedelta(minutes=5),
            agreed="Jan belt haar morgen",
            actor=actor,
        )
    if action == "reference":
        return services.handover_set_reference(handover=handover, reference="R-1", actor=actor)
    if action == "ask_consent":
        return services.handover_ask_consent(handover=handover, actor=actor)
    if action == "reroute":
        # The other line's team has no consent to reach the citizen: the sender says why.
        return services.handover_reroute(
            declined=handover,
            contact_point=other_point,
            actor=actor,
            reason_without_contact="Zij belt zelf; haar nummer staat in de vraag.",
        )
    target = MACHINE.target_of(action)
    return services.handover_transition(
        handover=handover, action=action, actor=actor, **_reason(target)
    )


def _allowed_by_the_services(world, handover, actor, other_point) -> set[str]:
    from django.db import transaction

    from eenloket.backoffice.views.handovers import ACTIONS
    from eenloket.handovers.states import MACHINE

    allowed = set()
    for action in ACTIONS:
        with transaction.atomic():
            fresh = type(handover)._base_manager.get(pk=handover.pk)
            try:
                _attempt(world, fresh, action, actor, other_point)
            except DomainError:
                pass
            else:
                fresh.refresh_from_db()
                # A move counts when it moved: asking for the present state is a no-op.
                if not MACHINE.target_of(action) or fresh.state != handover.state:
                    allowed.add(action)
            transaction.set_rollback(True)
    return allowed


def _offered_on_the_page(user, handover) -> set[str]:
    import re

    from django.test import Client

    from eenloket.testing.fixtures import log_in

    page = log_in(Client(), user).get(f"/werk/overdrachten/{handover.pk}/")
    if page.status_code == 404:
        return set()  # the receiver sees no draft, and nothing after its access ended
    assert page.status_code == 200
    return set(re.findall(r'name="action" value="([a-z_]+)"', page.content.decode()))


@pytest.mark.parametrize("warm", [False, True], ids=["guided", "warm"])
def test_the_page_offers_in_every_state_exactly_the_actions_the_services_allow(world, warm):
    """Walk every state, on both sides: what the handover page offers equals what the services
    accept, and both follow the one table (handovers/states.py)."""
    from eenloket.access.disclosure import reach_of_team
    from eenloket.backoffice.views.handovers import ACTIONS
    from eenloket.handovers.models import Handover
    from eenloket.handovers.states import MACHINE, RECEIVER, offered_actions

    other_point = directory.contact_point_create(
        team=factories.TeamFactory(),
        name="Directe lijn SVB (test)",
        service_level_hours=16,
        phone="030 - 000 00 10",
        actor=SYSTEM,
    )
    assert set(ACTIONS) == {m.action for m in MACHINE.moves} | {a.action for a in MACHINE.acts}
    for state in State.values:
        handover = _draft(world)
        if warm:
            Handover._base_manager.filter(pk=handover.pk).update(warmth="warm")
            handover.refresh_from_db()
            _attempt(world, handover, "call", world["sender"], other_point)
        handover = _at_from(world, handover, state)
        for side, actor in ((SENDER, world["sender"]), (RECEIVER, world["receiver"])):
            handover = Handover._base_manager.get(pk=handover.pk)
            expected = set(MACHINE.actions(state, side=side))
            if not warm:
                expected.discard("call")
            missing = bool(reach_of_team(handover.case, handover.to_team).missing)
            if not missing:
                expected.discard("ask_consent")  # only when the receiver would miss something
            assert offered_actions(handover, side, missing=missing) == expected, (state, side)
            assert _offered_on_the_page(actor.user, handover) == expected, (state, side)
            allowed = _allowed_by_the_services(world, handover, actor, other_point)
            assert allowed == expected, (state, side)


@pytest.mark.parametrize(
    ("state", "wrong"),
    [
        (State.DRAFT, {"sent_at": "now"}),
        (State.SENT, {"sent_at": None}),
        (State.COMPLETED, {"closed_at": None}),
        (State.IN_PROGRESS, {"closed_at": "now"}),
        (State.ACCEPTED, {"accepted_at": None}),
        (State.DECLINED, {"accepted_at": "now"}),
    ],
)
def test_the_database_refuses_timestamps_that_do_not_match_the_state(world, state, wrong):
    from django.db import IntegrityError, transaction

    from eenloket.handovers.models import Handover

    handover = _at(world, state)
    values = {k: (clock.now() if v == "now" else v) for k, v in wrong.items()}
    with pytest.raises(IntegrityError), transaction.atomic():
        Handover._base_manager.filter(pk=handover.pk).update(**values)
