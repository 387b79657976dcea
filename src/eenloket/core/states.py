"""One pattern for every state machine (docs/decisions/0038-one-state-machine-pattern.md).

A ``Machine`` is a declared table: (from-state, action) → to-state, with the side that may
make each move when the machine has sides (the sending and the receiving team of a handover).
It is pure data: the services ask it before they move, the views ask it which actions to
offer, and the tests walk it. Actions that keep the state (a reference, a recorded call) are
declared next to the moves as ``Act`` rows, so a view offers them from the same place.

``Lifecycle.transition`` is the one way a state changes: it locks the row, checks the table,
writes the new state and the timestamps that go with it, saves only what changed, and writes
the history row and the audit entry in the same transaction. Asking for the state the object
is already in changes nothing. A move the table does not hold raises ``TransitionRefused``
with a message the user can read.

``core`` imports nothing from the domain apps, so what a machine writes besides its own row
(the history table, the audit entry, the anonymous facts) is handed in by the app that owns
the model, as plain functions (``history``, ``audit``, ``after``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import models, transaction
from django.utils.translation import gettext_lazy as _lazy

from eenloket.core import clock
from eenloket.core.errors import DomainError


@dataclass(frozen=True)
class Move:
    """One row of the table: in ``source``, ``action`` leads to ``target``."""

    source: str
    action: str
    target: str
    side: str = ""  # who may make it, for a machine with sides; "" means the service decides
    needs_reason: bool = False


@dataclass(frozen=True)
class Act:
    """An action that keeps the state, allowed only in ``states`` (and by ``side``)."""

    action: str
    states: tuple[str, ...]
    side: str = ""


class TransitionRefused(DomainError):
    """The table does not hold this move from the object's present state."""

    def __init__(self, machine: Machine, source: str, wanted: str):
        self.machine, self.source, self.wanted = machine, source, wanted
        target = machine.target_of(wanted)
        state, goal = machine.label(source), machine.label(target) if target else ""
        values = {"state": state, "target": goal, "from": state, "to": goal}
        template = machine.refused if target else machine.refused_act
        super().__init__(template % values)


# Said when a machine declares no sentence of its own.
REFUSED = _lazy("This cannot change from “%(state)s” to “%(target)s”.")
REFUSED_ACT = _lazy("This cannot be done now: the state is “%(state)s”.")


class Machine:
    """The table of one model's states: which moves and acts each state allows, and to whom."""

    def __init__(
        self,
        *,
        noun,
        states: type[models.TextChoices],
        moves: Iterable[Move],
        acts: Iterable[Act] = (),
        field: str = "state",
        refused=REFUSED,
        refused_act=REFUSED_ACT,
    ):
        self.noun = noun  # for errors raised while declaring the table
        # The refusal said to the user, with %(state)s and %(target)s (or %(from)s, %(to)s).
        self.refused, self.refused_act = refused, refused_act
        self.states = states
        self.moves: tuple[Move, ...] = tuple(moves)
        self.acts: tuple[Act, ...] = tuple(acts)
        self.field = field
        self._by_action: dict[tuple[str, str], Move] = {}
        self._by_target: dict[tuple[str, str], Move] = {}
        self._target_of: dict[str, str] = {}
        for move in self.moves:
            for state in (move.source, move.target):
                if state not in states.values:
                    raise ValueError(f"{noun}: unknown state {state!r}")
            if move.action in states.values and move.action != move.target:
                raise ValueError(f"{noun}: action {move.action!r} is the name of another state")
            if move.source == move.target:
                raise ValueError(f"{noun}: {move.action} keeps the state; declare it an Act")
            if (move.source, move.action) in self._by_action:
                raise ValueError(f"{noun}: two moves for {move.action} from {move.source}")
            if (move.source, move.target) in self._by_target:
                raise ValueError(f"{noun}: two moves from {move.source} to {move.target}")
            if self._target_of.setdefault(move.action, move.target) != move.target:
                raise ValueError(f"{noun}: {move.action} leads to more than one state")
            self._by_action[(move.source, move.action)] = move
            self._by_target[(move.source, move.target)] = move
        for act in self.acts:
            if act.action in self._target_of:
                raise ValueError(f"{noun}: {act.action} is both a move and an act")

    def label(self, state: str) -> str:
        return str(self.states(state).label) if state in self.states.values else state

    def target_of(self, wanted: str) -> str:
        """The state an action (or a state's own name) leads to; "" for an act or unknown."""
        if wanted in self.states.values:
            return wanted
        return self._target_of.get(wanted, "")

    def move(self, source: str, wanted: str) -> Move | None:
        """The move from ``source`` for an action name or a target state, if the table has it."""
        return self._by_action.get((source, wanted)) or self._by_target.get((source, wanted))

    def check(self, source: str, wanted: str) -> Move:
        move = self.move(source, wanted)
        if move is None:
            raise TransitionRefused(self, source, wanted)
        return move

    def moves_from(self, state: str, *, side: str | None = None) -> tuple[Move, ...]:
        return tuple(
            m for m in self.moves if m.source == state and (side is None or m.side == side)
        )

    def actions(self, state: str, *, side: str | None = None) -> frozenset[str]:
        """Every action the table allows in ``state`` (for ``side``): moves and acts."""
        moves = {m.action for m in self.moves_from(state, side=side)}
        acts = {
            a.action for a in self.acts if state in a.states and (side is None or a.side == side)
        }
        return frozenset(moves | acts)

    def allows(self, state: str, action: str, *, side: str | None = None) -> bool:
        return action in self.actions(state, side=side)

    def require(self, state: str, action: str) -> None:
        """Refuse an act (or move) the table does not allow in ``state``."""
        if action not in self.actions(state):
            raise TransitionRefused(self, state, action)

    def side_of(self, action: str) -> str:
        sides = {m.side for m in self.moves if m.action == action}
        sides |= {a.side for a in self.acts if a.action == action}
        return sides.pop() if len(sides) == 1 else ""

    @property
    def final(self) -> tuple[str, ...]:
        """States no move leaves."""
        sources = {m.source for m in self.moves}
        return tuple(s for s in self.states.values if s not in sources)


# A hook receives the object after the move, the move, the actor and the caller's detail. It
# is typed loosely on purpose: each app's hook takes its own model and ``Actor``.
Hook = Callable[..., None]


@dataclass(frozen=True)
class Lifecycle:
    """How one model's machine writes: its row, its history, its audit entry, its follow-ups.

    ``stamps`` names the timestamp field set to now on entering a state; ``clears`` the fields
    emptied on entering one (a closed case opened again loses its ``closed_at``). A model with
    a ``version`` field gets it raised; one with ``updated_at`` gets it set.
    """

    machine: Machine
    model: type[models.Model]
    audit: Hook
    history: Hook | None = None
    after: Callable[[Any], None] | None = None
    lock: Callable[[Any], Any] | None = None
    stamps: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    clears: Mapping[str, Mapping[str, object]] = field(default_factory=dict)

    def locked(self, obj):
        """Lock the object's row and read it again (waits for a transaction holding it)."""
        if self.lock is not None:
            return self.lock(obj)
        return self.model._base_manager.select_for_update().get(pk=obj.pk)

    def transition(
        self,
        obj,
        wanted: str,
        *,
        actor,
        locked: bool = False,
        changes: Mapping[str, object] | None = None,
        detail: Mapping[str, object] | None = None,
    ):
        """Move ``obj`` by an action name or to a target state, under a row lock.

        ``locked`` says the caller already holds the lock on this very instance (it read it
        with ``locked()`` in the same transaction). ``changes`` are further fields the move
        sets (a reason, an outcome); ``detail`` goes to the history and audit hooks. Returns
        the object as it is now; asking for its present state changes nothing.
        """
        with transaction.atomic():
            current = obj if locked else self.locked(obj)
            source = getattr(current, self.machine.field)
            if self.machine.target_of(wanted) == source:
                return current
            move = self.machine.check(source, wanted)
            changed = [self.machine.field]
            setattr(current, self.machine.field, move.target)
            now = clock.now()
            for name in self.stamps.get(move.target, ()):
                setattr(current, name, now)
                changed.append(name)
            for name, value in {**self.clears.get(move.target, {}), **(changes or {})}.items():
                setattr(current, name, value)
                changed.append(name)
            names = {f.name for f in self.model._meta.concrete_fields}
            if "version" in names:
                current.version += 1
                changed.append("version")
            if "updated_at" in names:
                current.updated_at = now
                changed.append("updated_at")
            current.save(update_fields=list(dict.fromkeys(changed)))
            detail = dict(detail or {})
            if self.history is not None:
                self.history(current, move, actor, detail)
            self.audit(current, move, actor, detail)
            if self.after is not None:
                self.after(current)
            return current

    def act(
        self,
        obj,
        action: str,
        *,
        locked: bool = False,
        changes: Mapping[str, object] | None = None,
    ):
        """Do an ``Act`` (an action that keeps the state) under the row lock: check that the
        table allows it in the present state, write ``changes``, and raise ``version`` and
        ``updated_at`` as a move does. An act writes no history or audit entry here: what it
        leaves behind (a call, a reference, a new lease) is the caller's to record."""
        with transaction.atomic():
            current = obj if locked else self.locked(obj)
            self.machine.require(getattr(current, self.machine.field), action)
            changed = []
            for name, value in (changes or {}).items():
                setattr(current, name, value)
                changed.append(name)
            names = {f.name for f in self.model._meta.concrete_fields}
            if "version" in names:
                current.version += 1
                changed.append("version")
            if "updated_at" in names:
                current.updated_at = clock.now()
                changed.append("updated_at")
            if changed:
                current.save(update_fields=list(dict.fromkeys(changed)))
            return current
