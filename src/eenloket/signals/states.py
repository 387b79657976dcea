"""The life of a signal: one table of allowed moves (docs/signals.md, core/states.py,
decision 0038).

The organisation concerned acknowledges a new signal, says it is being addressed, and in the
end solves it or says it will not change it — with the reason, which every reporter reads.
Each move is named after the state it leads to; ``signal_transition`` makes it through the
service's ``LIFECYCLE`` and the answer form offers the moves of the present state.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from eenloket.core.states import Machine, Move
from eenloket.signals.models import State

_LATER = {
    State.NEW: (State.ACKNOWLEDGED, State.BEING_ADDRESSED, State.SOLVED, State.WONT_FIX),
    State.ACKNOWLEDGED: (State.BEING_ADDRESSED, State.SOLVED, State.WONT_FIX),
    State.BEING_ADDRESSED: (State.SOLVED, State.WONT_FIX),
}

MACHINE = Machine(
    noun="signal",
    states=State,
    refused=_("A signal cannot move on like this."),
    moves=tuple(
        Move(source, str(target), target)
        for source, targets in _LATER.items()
        for target in targets
    ),
)

# The states each state may move on to, in the order the form offers them.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    state: tuple(move.target for move in MACHINE.moves_from(state)) for state in State.values
}
# Moves that need words: what was solved and how, or why it will not be changed.
NEEDS_ANSWER = (State.SOLVED, State.WONT_FIX)
# A signal in one of these states takes new reports; a closed one makes a new signal start.
OPEN = (State.NEW, State.ACKNOWLEDGED, State.BEING_ADDRESSED)
