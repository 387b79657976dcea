"""Reads for handing over: the direct lines to hand over to. Which handovers a worker sees is
the policy point's decision (access/handovers.py)."""

from __future__ import annotations

from eenloket.access import direct_lines
from eenloket.core.actor import Actor
from eenloket.directory.models import ContactPoint


def contact_points_for_choice(actor: Actor) -> list[ContactPoint]:
    """Direct lines of other teams to hand over to, with their capacity: only those the actor
    may see (decision 0053). One query."""
    team_id = actor.membership.team_id if actor.membership else None
    return list(
        direct_lines.visible_contact_points(actor)
        .exclude(team_id=team_id)
        .select_related("team__organisation")
        .order_by("team__organisation__name", "name")
    )
