"""Overdue plan actions on the coordinator's worklist (issue #20, decision 0046): the open
actions of the cases the actor's team owns that are past their date on the business-day
calendar (an action due on a Friday is overdue on Monday, not on Saturday: the caller gives
the cut-off from ``calendars.desk_days``). Their texts
follow what they are about (decision 0039): what the owning team may not read is counted,
never shown. Logged like a worklist."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from eenloket.access import capabilities
from eenloket.access.casework import visible_cases
from eenloket.access.disclosure import Disclosure
from eenloket.access.release import release
from eenloket.audit import processing
from eenloket.consent.categories import SHAREABLE
from eenloket.core.actor import Actor
from eenloket.teamwork.models import Action, ActionState


@dataclass
class OverdueActions:
    shown: list = field(default_factory=list)
    withheld: int = 0  # overdue actions whose text the team may not read


def overdue_actions(actor: Actor, *, due_before: dt.date, limit: int = 50) -> OverdueActions:
    """The plan actions due before ``due_before`` (the business-day calendar's cut-off,
    ``calendars.desk_days.overdue_before``) of the cases the actor's team owns, oldest first.
    Two queries (the actions with their case and person, and the log line)."""
    found = OverdueActions()
    if not capabilities.does_casework(actor) or actor.membership is None:
        return found
    team = actor.membership.team
    if team is None:
        return found
    rows = (
        release(Action)
        .filter(
            state=ActionState.OPEN,
            due_on__lt=due_before,
            case__in=visible_cases(actor),
            case__owning_team_id=team.pk,
        )
        .select_related("case__person", "owner_user", "owner_team")
        .order_by("due_on")
    )
    # The owning team's task: what its purpose needs (decision 0039), no wider.
    task = Disclosure(
        "owner", {c: "task" for c in team.purpose_definition.categories if c in SHAREABLE}
    )
    for action in rows[: limit * 4]:
        if task.may_read_text(
            action.about,
            written_by=action.written_by_team_id,
            reader=team.pk,
            addressed_to=action.owner_team_id,
        ):
            if len(found.shown) < limit:
                found.shown.append(action)
        else:
            found.withheld += 1
    if found.shown:
        processing.record(
            activity=processing.CASE_WORKLIST,
            actor=actor,
            subject_ids=sorted({a.case.person_id for a in found.shown}, key=str),
            categories=("name", "case_notes"),
            status=processing.STATUS_OK,
            object_type="overdue_actions",
        )
    return found
