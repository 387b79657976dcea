"""Which direct lines an actor sees (decision 0053): the one rule, used by the worker's search
and detail pages, the handover's choice of line (and its services), and the partner API.

A line is seen by a worker acting through a current membership (an API client acts as its
team, decision 0040) when the line is for every loket worker, or when the worker's
organisation is the line's own, or when it is named (``organisations``), or when the worker's
team is named (``teams``). System jobs see every line; anyone else none. A line the actor does
not see does not exist for them (the same answer as a wrong id). Direct lines hold no personal
data, so no processing-log line is written.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from eenloket.core.actor import Actor
from eenloket.directory.models import ContactPoint, LineVisibility, Team


def may_see_direct_lines(actor: Actor) -> bool:
    """Tell whether the actor may see direct lines at all: a logged-in worker acting through a
    current membership, or a system job."""
    if actor.kind == "system":
        return True
    membership = actor.membership
    if not actor.is_worker or membership is None:
        return False
    return membership.is_current()


def _audience(actor: Actor) -> tuple[Any, Any]:
    membership = actor.membership
    assert membership is not None  # may_see_direct_lines said so
    return membership.organisation_id, membership.team_id


def visible_contact_points(actor: Actor) -> QuerySet[ContactPoint]:
    """The direct lines the actor sees, as a filter (subqueries, no joins that repeat rows)."""
    lines = ContactPoint.objects.all()
    if actor.kind == "system":
        return lines
    if not may_see_direct_lines(actor):
        return lines.none()
    organisation_id, team_id = _audience(actor)
    named_organisations = ContactPoint.visible_to_organisations.through.objects.filter(
        organisation_id=organisation_id
    ).values("contactpoint_id")
    condition = (
        Q(visibility=LineVisibility.ALL)
        | Q(team__organisation_id=organisation_id)
        | Q(visibility=LineVisibility.ORGANISATIONS, pk__in=named_organisations)
    )
    if team_id is not None:
        named_teams = ContactPoint.visible_to_teams.through.objects.filter(team_id=team_id).values(
            "contactpoint_id"
        )
        condition |= Q(visibility=LineVisibility.TEAMS, pk__in=named_teams)
    return lines.filter(condition)


def may_see(actor: Actor, contact_point: ContactPoint) -> bool:
    """Tell whether the actor sees this one line (no query for a line open to every worker or
    of the actor's own organisation; one otherwise)."""
    if actor.kind == "system":
        return True
    if not may_see_direct_lines(actor):
        return False
    organisation_id, _team_id = _audience(actor)
    if contact_point.visibility == LineVisibility.ALL:
        return True
    if contact_point.team.organisation_id == organisation_id:
        return True
    return visible_contact_points(actor).filter(pk=contact_point.pk).exists()


@dataclass(frozen=True)
class Audience:
    """A line's setting, before or after a change: what ``team_sees`` decides on."""

    visibility: str
    owner_organisation_id: Any
    organisation_ids: frozenset
    team_ids: frozenset


def audience_of(contact_point: ContactPoint) -> Audience:
    """The line's setting as saved (two queries)."""
    return Audience(
        visibility=contact_point.visibility,
        owner_organisation_id=contact_point.team.organisation_id,
        organisation_ids=frozenset(
            contact_point.visible_to_organisations.values_list("pk", flat=True)
        ),
        team_ids=frozenset(contact_point.visible_to_teams.values_list("pk", flat=True)),
    )


def team_sees(audience: Audience, team: Team) -> bool:
    """The same rule as ``visible_contact_points``, for one team: what the set-up screen shows
    before a change is saved ("from now on team X sees …")."""
    return (
        audience.visibility == LineVisibility.ALL
        or team.organisation_id == audience.owner_organisation_id
        or (
            audience.visibility == LineVisibility.ORGANISATIONS
            and team.organisation_id in audience.organisation_ids
        )
        or (audience.visibility == LineVisibility.TEAMS and team.pk in audience.team_ids)
    )


def teams_that_see(audience: Audience, teams: Iterable[Team]) -> list[Team]:
    return [team for team in teams if team_sees(audience, team)]
