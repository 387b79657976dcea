"""/api/v1/events: the feed of handover events for the client's team (CloudEvents 1.0, NL GOV
profile: thin payload, ``dataref``, no personal data). Poll with the last cursor; nothing is
missed while a partner is down."""

from __future__ import annotations

from uuid import UUID

from ninja import Query, Router

from eenloket.access import api as rules
from eenloket.api.cloudevents import cloud_event
from eenloket.api.v1.common import ERRORS, actor, scopes
from eenloket.api.v1.schemas import EventPage

router = Router(tags=["events"])
CURSOR = Query(None, description="next_cursor of the previous call; from the start if left out.")


@router.get(
    "",
    response={200: EventPage, **ERRORS},
    operation_id="event_feed",
    url_name="event_feed",
    summary="What happened to the team's handovers, oldest first after the cursor",
)
def event_feed(request, cursor: UUID | None = CURSOR, limit: int = Query(100, ge=1, le=100)):
    rules.require(scopes(request), rules.HANDOVERS_READ)
    events = rules.handover_events(actor(request), after=cursor, limit=limit)
    team_id = actor(request).membership.team_id
    last = str(events[-1].pk) if events else (str(cursor) if cursor else None)
    return {"items": [cloud_event(e, team_id) for e in events], "next_cursor": last}
