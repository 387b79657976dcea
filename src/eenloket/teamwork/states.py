"""The lives of a plan action, an invitation and a case put to a breakthrough table: one
table each (core/states.py, decision 0038). The services move them only through these tables
and the workspace offers what they allow."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from eenloket.core.states import Machine, Move
from eenloket.teamwork.models import ActionState, BreakthroughState, InvitationState

# A plan action is done or cancelled, and can be opened again (a click by mistake, the
# situation changed). Done does not become cancelled, nor the other way: open it first.
ACTION = Machine(
    noun="plan action",
    states=ActionState,
    refused=_("This action of the plan cannot go from “%(state)s” to “%(target)s”."),
    moves=(
        Move(ActionState.OPEN, "done", ActionState.DONE),
        Move(ActionState.OPEN, "cancel", ActionState.CANCELLED),
        Move(ActionState.DONE, "reopen", ActionState.OPEN),
        Move(ActionState.CANCELLED, "reopen", ActionState.OPEN),
    ),
)

# An invitation is answered once (or withdrawn by the team that sent it).
INVITATION = Machine(
    noun="invitation",
    states=InvitationState,
    refused=_("This invitation was already answered."),
    moves=(
        Move(InvitationState.INVITED, "accept", InvitationState.ACCEPTED),
        Move(InvitationState.INVITED, "decline", InvitationState.DECLINED),
        Move(InvitationState.INVITED, "withdraw", InvitationState.WITHDRAWN),
    ),
)

# The table decides once; a submitter may withdraw before that.
BREAKTHROUGH = Machine(
    noun="breakthrough",
    states=BreakthroughState,
    refused=_("This case was already decided."),
    moves=(
        Move(BreakthroughState.SUBMITTED, "decide", BreakthroughState.DECIDED),
        Move(BreakthroughState.SUBMITTED, "withdraw", BreakthroughState.WITHDRAWN),
    ),
)
