"""Reads for the team, plan, conversation and breakthroughs of a case the policy point released
to the actor. The invitations to a worker's team and the tables they sit at are the policy
point's (access/teamwork.py)."""

from __future__ import annotations

from dataclasses import dataclass

from eenloket.access.release import rows_of
from eenloket.cases import citizen_texts
from eenloket.core.actor import Actor
from eenloket.teamwork.models import (
    Action,
    Breakthrough,
    Invitation,
    InvitationState,
    Member,
    OwnerKind,
    TeamNote,
)
from eenloket.teamwork.states import ACTION

CITIZENS_DO = (OwnerKind.CITIZEN, OwnerKind.REPRESENTATIVE)


@dataclass
class Teamwork:
    members: list[Member]
    invitations: list[Invitation]  # still waiting for an answer
    actions: list[Action]
    notes: list[TeamNote]
    breakthroughs: list[Breakthrough]
    # How many actions and notes of other teams are about what the actor may not see: counted,
    # never shown ("2 notes not shared with you").
    actions_withheld: int = 0
    notes_withheld: int = 0


def _readable(case, actor: Actor, rows, *, writer, addressed=lambda row: None):
    """Split free texts into those the actor's team may read (``Disclosure.may_read_text``,
    decision 0039) and the number it may not."""
    disclosure = case.disclosure
    reader = actor.membership.team_id if actor.membership else None
    shown = [
        row
        for row in rows
        if disclosure.may_read_text(
            row.about, written_by=writer(row), reader=reader, addressed_to=addressed(row)
        )
    ]
    return shown, len(rows) - len(shown)


def of_case(case, actor: Actor) -> Teamwork:
    """The team, plan, conversation and breakthroughs of a case the actor already has through
    the policy point; of the plan and the conversation, only what the actor's team may read
    (what it is about, decision 0039), the rest counted. Five queries, whatever their number.
    Each plan action carries ``offered``: what its state allows (teamwork/states.py), and
    ``citizen_reads``: for an action of the citizen or representative, what the citizen reads
    of it (``citizen_texts.action``, decision 0051), else ""."""
    actions, actions_withheld = _readable(
        case,
        actor,
        list(rows_of(Action, case).select_related("owner_user", "owner_team__organisation")),
        writer=lambda action: action.written_by_team_id,
        addressed=lambda action: action.owner_team_id,
    )
    notes, notes_withheld = _readable(
        case,
        actor,
        list(rows_of(TeamNote, case).select_related("author", "team")),
        writer=lambda note: note.team_id,
    )
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
        actions=actions,
        notes=notes,
        breakthroughs=list(rows_of(Breakthrough, case).select_related("table")),
        actions_withheld=actions_withheld,
        notes_withheld=notes_withheld,
    )
    for action in teamwork.actions:
        action.offered = ACTION.actions(action.state)  # type: ignore[attr-defined]  # for the template
        action.citizen_reads = (  # type: ignore[attr-defined]
            citizen_texts.action(action) if action.owner_kind in CITIZENS_DO else ""
        )
    return teamwork


def member_of(case, member_id) -> Member | None:
    """A current member of the team of a case the policy point released, or None."""
    return rows_of(Member, case).filter(pk=member_id, left_at__isnull=True).first()


def action_of(case, action_id, actor: Actor | None = None) -> Action | None:
    """An action of the plan of a case the policy point released, or None; with ``actor``,
    None too for an action the actor's team may not read (decision 0039)."""
    action = rows_of(Action, case).filter(pk=action_id).select_related("case").first()
    if action is None or actor is None:
        return action
    shown, _withheld = _readable(
        case,
        actor,
        [action],
        writer=lambda row: row.written_by_team_id,
        addressed=lambda row: row.owner_team_id,
    )
    return shown[0] if shown else None
