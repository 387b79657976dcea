"""Reads for the team, plan, conversation and breakthroughs of a case the policy point released
to the actor. The invitations to a worker's team and the tables they sit at are the policy
point's (access/teamwork.py)."""

from __future__ import annotations

from dataclasses import dataclass

from eenloket.access.release import rows_of
from eenloket.core.actor import Actor
from eenloket.teamwork.models import (
    Action,
    Breakthrough,
    Invitation,
    InvitationState,
    Member,
    TeamNote,
)
from eenloket.teamwork.states import ACTION


@dataclass
class Teamwork:
    members: list[Member]
    invitations: list[Invitation]  # still waiting for an answer
    actions: list[Action]
    notes: list[TeamNote]
    breakthroughs: list[Breakthrough]


def of_case(case, actor: Actor) -> Teamwork:
    """The team, plan, conversation and breakthroughs of a case the actor already has through
    the policy point. Five queries, whatever their number. Each plan action carries
    ``offered``: what its state allows (teamwork/states.py), for the buttons."""
    teamwork = Teamwork(
        members=list(
            rows_of(Member, case)
            .filter(left_at__isnull=True)
            .select_related("user", "team__organisation")
        ),
        invitations=list(
            rows_of(Invitation, case)
            .filter(state=InvitationState.INVITED)
            .select_related("team__organisation", "user")
        ),
        actions=list(
            rows_of(Action, case).select_related("owner_user", "owner_team__organisation")
        ),
        notes=list(rows_of(TeamNote, case).select_related("author", "team")),
        breakthroughs=list(rows_of(Breakthrough, case).select_related("table")),
    )
    for action in teamwork.actions:
        action.offered = ACTION.actions(action.state)  # type: ignore[attr-defined]  # for the template
    return teamwork


def member_of(case, member_id) -> Member | None:
    """A current member of the team of a case the policy point released, or None."""
    return rows_of(Member, case).filter(pk=member_id, left_at__isnull=True).first()


def action_of(case, action_id) -> Action | None:
    """An action of the plan of a case the policy point released, or None."""
    return rows_of(Action, case).filter(pk=action_id).select_related("case").first()
