"""What a worker did with one item of the guide: one table (core/states.py, decision 0038).

An item without a row is open. The worker ticks it off (arranged, does not apply), makes it
the case's next step, or opens it again: from every state to every other, each move named
after the state it leads to. The page offers the moves of the item's present state."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from eenloket.core.states import Machine, Move
from eenloket.guide.models import ItemState

ITEM = Machine(
    noun="guide item",
    states=ItemState,
    refused=_("Choose what to do with this item."),
    moves=tuple(
        Move(source, str(target), target)
        for source in ItemState.values
        for target in ItemState.values
        if source != target
    ),
)
