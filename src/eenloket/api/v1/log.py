"""/api/v1/processing-log/: the client's own reads, as the log has them."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _
from ninja import Query, Router

from eenloket.access import api as rules
from eenloket.api.v1.common import ERRORS, actor, scopes
from eenloket.api.v1.schemas import LogPage
from eenloket.core.errors import DomainError

router = Router(tags=["processing log"])
# The month of the log's chain and the position in it: "2026-12-01:42".
CURSOR = r"^[1-9][0-9]{3}-(0[1-9]|1[0-2])-01:[0-9]{1,18}$"


def _after(cursor: str | None):
    if not cursor:
        return None
    month, _sep, position = cursor.partition(":")
    try:
        return dt.date.fromisoformat(month), int(position)
    except ValueError:
        raise DomainError(
            _("This cursor is not valid: use next_cursor of the page before."), field="cursor"
        ) from None


@router.get(
    "/own-reads",
    response={200: LogPage, **ERRORS},
    operation_id="processing_log_own_reads",
    url_name="processing_log_own_reads",
    summary="What this client read (and was refused), newest first",
)
def processing_log_own_reads(
    request,
    cursor: str | None = Query(None, pattern=CURSOR, description="next_cursor of the page before."),
    limit: int = Query(50, ge=1, le=100),
):
    rules.require(scopes(request), rules.LOG_READ)
    entries = rules.own_reads(actor(request), after=_after(cursor), limit=limit)
    items = []
    for entry in entries:
        outcome, _sep, activity = entry.action.partition(":")
        changes = entry.changes or {}
        items.append(
            {
                "logged_at": entry.logged_at,
                "outcome": "refused" if outcome == "refused" else "read",
                "activity": activity,
                "object_type": entry.object_type,
                "object_id": entry.object_id,
                "categories": list(changes.get("categories", [])),
                "subjects": int(changes.get("subjects", 0)),
                "reason": str(changes.get("reason", "")),
                "trace_id": entry.trace_id,
            }
        )
    last = entries[-1] if len(entries) == limit and entries else None
    return {
        "items": items,
        "next_cursor": f"{last.chain_month.isoformat()}:{last.position}" if last else None,
    }
