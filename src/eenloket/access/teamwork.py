"""What a worker sees of teamwork outside a case they have (#10, docs/teamwork.md): the
invitations to their team (the case's owning team and the role only: no personal data until
they join), and the cases put to the breakthrough tables they sit at."""

from __future__ import annotations

from eenloket.access.release import release
from eenloket.core.actor import Actor
from eenloket.teamwork.models import Breakthrough, BreakthroughState, Invitation, InvitationState


def invitations_for(actor: Actor) -> list[Invitation]:
    """Invitations waiting for the actor (or for anyone in their team). One query; shows only
    the case's owning team and the role, no personal data until the worker joins."""
    membership = actor.membership
    if not actor.is_worker or membership is None or membership.team_id is None:
        return []
    return [
        invitation
        for invitation in release(Invitation)
        .filter(team_id=membership.team_id, state=InvitationState.INVITED)
        .select_related("case__owning_team__organisation", "invited_by")
        if invitation.user_id in (None, actor.user.pk)
    ]


def breakthroughs_for(actor: Actor) -> list[Breakthrough]:
    """Cases put to the tables the actor sits at, waiting for a decision. One query."""
    if not actor.is_worker:
        return []
    return list(
        release(Breakthrough)
        .filter(table__members=actor.user, state=BreakthroughState.SUBMITTED)
        .select_related("table", "case__owning_team__organisation", "submitted_by")
    )
