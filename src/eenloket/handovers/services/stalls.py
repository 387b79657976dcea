"""An accepted handover that stalls: accepted, and no start of the work within its term,
counted in working days on the business-day calendar (issue #20, decision 0046). The
receiving team is reminded and the case's coordinator hears of it, once; the job runs with
the other timers (scheduling/jobs.py)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _

from eenloket.calendars import desk_days
from eenloket.core import clock
from eenloket.handovers.models import Handover, HandoverEvent
from eenloket.handovers.services.notices import _coordinators_of, _notify
from eenloket.handovers.states import State
from eenloket.insights import capture

# Working days an accepted handover may wait before the work starts.
STALL_WORKING_DAYS = 5


def stalls_after(handover: Handover) -> dt.date:
    """The first day an accepted handover counts as stalled: ``STALL_WORKING_DAYS`` working
    days after it was accepted, or after its start date when that is later."""
    start = timezone.localdate(handover.accepted_at)
    if handover.starts_on is not None and handover.starts_on > start:
        start = handover.starts_on
    return desk_days.working_days_after(start, STALL_WORKING_DAYS)


def handovers_stall_remind() -> int:
    """Remind, once, of every accepted handover whose work did not start within its term: a
    history line, a notification to the receiving direct line's coordinator (or the team's
    coordinators), and to the case's coordinator and the sender. Returns how many."""
    today = clock.today()
    now = clock.now()
    # Working days are never fewer than calendar days: a cheap first cut in the database.
    candidates = Handover._base_manager.filter(
        state=State.ACCEPTED,
        stall_reminded_at__isnull=True,
        accepted_at__lt=now - dt.timedelta(days=STALL_WORKING_DAYS),
    ).select_related("contact_point__coordinator", "from_user", "to_team", "case__coordinator")
    reminded = 0
    for handover in candidates[:5000]:
        if stalls_after(handover) > today:
            continue
        claimed = Handover._base_manager.filter(
            pk=handover.pk, state=State.ACCEPTED, stall_reminded_at__isnull=True
        ).update(stall_reminded_at=now)
        if not claimed:
            continue
        HandoverEvent.objects.create(handover=handover, kind="stalled")
        capture.case_changed(handover.case_id)
        text = _("A handover for %(line)s was accepted but the work has not started.")
        users = [*_coordinators_of(handover), handover.case.coordinator, handover.from_user]
        for user in {u.pk: u for u in users if u is not None}.values():
            _notify(user, handover, text)
        reminded += 1
    return reminded
