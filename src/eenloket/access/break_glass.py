"""Break-glass: a named role opens a case their team does not work on, with a reason, for one
hour; the privacy officer reviews every one afterwards (docs/privacy.md). Opening one is a
service (``consent.services.break_glass_open``); here: whether one is active, and the
reviews."""

from __future__ import annotations

import datetime as dt
from uuid import UUID

from django.db.models import F

from eenloket.access.capabilities import may_query_processing_log
from eenloket.access.release import release
from eenloket.consent.models import BreakGlassAccess
from eenloket.core import clock
from eenloket.core.actor import Actor
from eenloket.core.errors import NotFoundOrForbidden

# How long a break-glass access lasts (the roles that may open one: capabilities.BREAK_GLASS).
BREAK_GLASS_DURATION = dt.timedelta(hours=1)


def active_break_glass(actor: Actor, case_id) -> BreakGlassAccess | None:
    """The actor's break-glass access to the case through this membership, while it lasts."""
    if not actor.is_worker or actor.membership is None:
        return None
    return (
        release(BreakGlassAccess)
        .filter(
            user=actor.user,
            membership=actor.membership,
            case_id=case_id,
            expires_at__gt=clock.now(),
        )
        .order_by("-expires_at")
        .first()
    )


def break_glass_reviews(actor: Actor) -> list[BreakGlassAccess]:
    """The break-glass accesses for the privacy officer to review, oldest unreviewed first."""
    if not may_query_processing_log(actor):
        raise NotFoundOrForbidden()
    return list(
        release(BreakGlassAccess)
        .select_related("user", "membership__organisation", "membership__team", "reviewed_by")
        .order_by(F("reviewed_at").asc(nulls_first=True), "opened_at")[:200]
    )


def break_glass_for_review(actor: Actor, access_id) -> BreakGlassAccess:
    """One break-glass access, for the privacy officer to review; else NotFoundOrForbidden."""
    if not may_query_processing_log(actor):
        raise NotFoundOrForbidden()
    try:
        return release(BreakGlassAccess).get(pk=UUID(str(access_id)))
    except (ValueError, BreakGlassAccess.DoesNotExist):
        raise NotFoundOrForbidden() from None
