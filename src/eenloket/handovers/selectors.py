"""Reads for handing over: the direct lines to hand over to. Which handovers a worker sees is
the policy point's decision (access/handovers.py)."""

from __future__ import annotations

from eenloket.core.actor import Actor
from eenloket.directory.models import ContactPoint


def contact_points_for_choice(actor: Actor) -> list[ContactPoint]:
    """Direct lines of other teams to hand over to, with their capacity."""
    team_id = actor.membership.team_id if actor.membership else None
    return list(
        ContactPoint.objects.exclude(team_id=team_id)
        .select_related("team__organisation")
        .order_by("team__organisation__name", "name")
    )
