"""/api/v1/events: the feed of handover events for the client's team, and of what happened to
the referrals it sent (CloudEvents 1.0, NL GOV profile: thin payload, ``dataref``, no personal
data). Poll with the last cursor; nothing is
missed while a partner is down."""

from __future__ import annotations

from uuid import UUID

from ninja import Query, Router

from eenloket.access import api as rules
from eenloket.api.cloudevents import team_feed
from eenloket.api.v1.common import ERRORS, actor, scopes
from eenloket.api.v1.schemas import EventPage

router = Router(tags=["events"])
CURSOR = Query(None, description="next_cursor of the previous call; from the start if left out.")


@router.get(
    "",
    response={200: EventPage, **ERRORS},
    operation_id="event_feed",
    url_name="event_feed",
    summary="What happened to the team's handovers and referrals, oldest first after the cursor",
)
def event_feed(request, cursor: UUID | None = CURSOR, limit: int = Query(100, ge=1, le=100)):
    granted = set(scopes(request))
    if rules.REFERRALS_WRITE.name not in granted:
        rules.require(granted, rules.HANDOVERS_READ)
    events = team_feed(actor(request), granted, after=cursor, limit=limit)
    last = str(events[-1][0]) if events else (str(cursor) if cursor else None)
    return {"items": [event for _, event in events], "next_cursor": last}
