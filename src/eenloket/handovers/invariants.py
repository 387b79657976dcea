"""The no-drop invariants (docs/handovers.md): checks that must always hold, run by
`eenloket invariants` and hourly by the scheduler. Each check is one query."""

# A job reading every row as the system: it uses the unguarded ``_base_manager``, so it runs
# the same when called while a request is served (docs/decisions/0021 and 0031).

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext as _

from eenloket.accounts.models import Membership
from eenloket.cases.models import Case, CaseStatus
from eenloket.core import clock
from eenloket.handovers.models import Handover
from eenloket.handovers.states import OPEN, State
from eenloket.notifications import about
from eenloket.notifications.models import WorkerNotification
from eenloket.notifications.services import worker_notify

# How long a next step may be overdue before it counts as dropped.
GRACE = dt.timedelta(days=5)
SAMPLE = 20  # violations listed per check


@dataclass(frozen=True)
class Violation:
    check: str
    case_id: object
    detail: str


def violations() -> list[Violation]:
    today = clock.today()
    found: list[Violation] = []
    open_cases = Case._base_manager.exclude(status=CaseStatus.CLOSED)
    # The owner is the owning team (its coordinators pick up what has no named coordinator).
    for case_id in open_cases.filter(owning_team__isnull=True).values_list("pk", flat=True)[
        :SAMPLE
    ]:
        found.append(Violation("owner", case_id, _("An open case has no owner.")))
    # A named coordinator works for the owning team: a worker who left the team (or the loket)
    # handed their cases over (decision 0053); a membership ending today still counts today.
    in_team = Membership._base_manager.filter(
        Q(valid_until__isnull=True) | Q(valid_until__gte=today),
        user=OuterRef("coordinator"),
        team=OuterRef("owning_team"),
    )
    for case_id in (
        open_cases.filter(coordinator__isnull=False)
        .exclude(Exists(in_team))
        .values_list("pk", flat=True)[:SAMPLE]
    ):
        found.append(
            Violation(
                "coordinator_left",
                case_id,
                _("The coordinator of an open case no longer works in its owning team."),
            )
        )
    for case_id in open_cases.filter(Q(next_step="") | Q(next_step_due__isnull=True)).values_list(
        "pk", flat=True
    )[:SAMPLE]:
        found.append(Violation("next_step", case_id, _("An open case has no next step.")))
    for case_id, due in open_cases.filter(
        status=CaseStatus.OPEN, next_step_due__lt=today - GRACE
    ).values_list("pk", "next_step_due")[:SAMPLE]:
        found.append(
            Violation(
                "next_step_overdue",
                case_id,
                _("The next step was due on %(date)s.") % {"date": due.strftime("%d-%m-%Y")},
            )
        )
    for case_id, handover_id in Handover._base_manager.filter(
        state=State.SENT, due_at__lt=clock.now(), escalated_at__isnull=True
    ).values_list("case_id", "pk")[:SAMPLE]:
        found.append(
            Violation(
                "handover_unanswered",
                case_id,
                _("Handover %(id)s is past its service level and not escalated.")
                % {"id": handover_id},
            )
        )
    for case_id in (
        Handover._base_manager.filter(state__in=OPEN, case__status=CaseStatus.CLOSED)
        .values_list("case_id", flat=True)
        .distinct()[:SAMPLE]
    ):
        found.append(
            Violation(
                "closed_with_open_handover", case_id, _("A closed case has an open handover.")
            )
        )
    return found


def report_violations() -> int:
    """The periodic check: each violation goes to the case's coordinator (or, for a case without
    one, is logged), once a day at most per case and check."""
    import logging

    found = violations()
    cases = {c.pk: c for c in Case._base_manager.filter(pk__in={v.case_id for v in found})}
    since = clock.now() - dt.timedelta(days=1)
    for violation in found:
        case = cases.get(violation.case_id)
        user = case.coordinator if case else None
        text = _("Check %(check)s: %(detail)s") % {
            "check": violation.check,
            "detail": violation.detail,
        }
        if user is None:
            logging.getLogger(__name__).warning("invariant %s: %s", violation.case_id, text)
            continue
        if WorkerNotification.objects.filter(user=user, text=text, created_at__gte=since).exists():
            continue
        worker_notify(user=user, kind="invariant", text=text, link=about.about(about.CASE, case.pk))
    return len(found)
