"""Reads for the case's team, plan, conversation and breakthroughs, and a worker's invitations
and breakthrough tables."""

from __future__ import annotations

from dataclasses import dataclass

from eenloket.core.actor import Actor
from eenloket.teamwork.models import (
    Action,
    Breakthrough,
    BreakthroughState,
    Invitation,
    InvitationState,
    Member,
    TeamNote,
)


@dataclass
class Teamwork:
    members: list[Member]
    invitations: list[Invitation]  # still waiting for an answer
    actions: list[Action]
    notes: list[TeamNote]
    breakthroughs: list[Breakthrough]


def of_case(case, actor: Actor) -> Teamwork:
    """The team, plan, conversation and breakthroughs of a case the actor already has through
    the policy point. Five queries, whatever their number."""
    return Teamwork(
        members=list(
            Member.objects.filter(case=case, left_at__isnull=True).select_related(
                "user", "team__organisation"
            )
        ),
        invitations=list(
            Invitation.objects.filter(case=case, state=InvitationState.INVITED).select_related(
                "team__organisation", "user"
            )
        ),
        actions=list(case.actions.select_related("owner_user", "owner_team__organisation")),
        notes=list(TeamNote.objects.filter(case=case).select_related("author", "team")),
        breakthroughs=list(case.breakthroughs.select_related("table")),
    )


def invitations_for(actor: Actor) -> list[Invitation]:
    """Invitations waiting for the actor (or for anyone in their team). One query; shows only
    the case's owning team and the role, no personal data until the worker joins."""
    membership = actor.membership
    if not actor.is_worker or membership is None or membership.team_id is None:
        return []
    return [
        invitation
        for invitation in Invitation.objects.filter(
            team_id=membership.team_id, state=InvitationState.INVITED
        ).select_related("case__owning_team__organisation", "invited_by")
        if invitation.user_id in (None, actor.user.pk)
    ]


def breakthroughs_for(actor: Actor) -> list[Breakthrough]:
    """Cases put to the tables the actor sits at, waiting for a decision. One query."""
    if not actor.is_worker:
        return []
    return list(
        Breakthrough.objects.filter(
            table__members=actor.user, state=BreakthroughState.SUBMITTED
        ).select_related("table", "case__owning_team__organisation", "submitted_by")
    )
