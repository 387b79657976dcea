"""The life of a signal: one table of allowed moves (docs/signals.md).

The organisation concerned acknowledges a new signal, says it is being addressed, and in the
end solves it or says it will not change it — with the reason, which every reporter reads.
"""

from __future__ import annotations

from eenloket.signals.models import State

TRANSITIONS: dict[str, tuple[str, ...]] = {
    State.NEW: (State.ACKNOWLEDGED, State.BEING_ADDRESSED, State.SOLVED, State.WONT_FIX),
    State.ACKNOWLEDGED: (State.BEING_ADDRESSED, State.SOLVED, State.WONT_FIX),
    State.BEING_ADDRESSED: (State.SOLVED, State.WONT_FIX),
    State.SOLVED: (),
    State.WONT_FIX: (),
}
# Moves that need words: what was solved and how, or why it will not be changed.
NEEDS_ANSWER = (State.SOLVED, State.WONT_FIX)
# A signal in one of these states takes new reports; a closed one makes a new signal start.
OPEN = (State.NEW, State.ACKNOWLEDGED, State.BEING_ADDRESSED)
