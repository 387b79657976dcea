"""The life of an application the citizen waits on: one table (core/states.py, decision
0038). While it waits, the term can be paused and extended (acts that keep the state); it
ends once, decided or withdrawn."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from eenloket.applications.models import ApplicationState
from eenloket.core.states import Act, Machine, Move

MACHINE = Machine(
    noun="application",
    states=ApplicationState,
    refused=_("This application is no longer waiting for a decision."),
    refused_act=_("This application is no longer waiting for a decision."),
    moves=(
        Move(ApplicationState.WAITING, "decide", ApplicationState.DECIDED),
        Move(ApplicationState.WAITING, "withdraw", ApplicationState.WITHDRAWN),
    ),
    acts=(
        Act("suspend", (ApplicationState.WAITING,)),
        Act("extend", (ApplicationState.WAITING,)),
    ),
)
