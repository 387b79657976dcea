"""A worker leaves: the open cases they coordinate go to a colleague (decision 0048)."""

# Services write rows the set-up screen chose; they use the unguarded ``_base_manager``
# (docs/decisions/0021 and 0031).

from __future__ import annotations

from django.db import transaction

from eenloket.accounts.models import User
from eenloket.audit import processing
from eenloket.cases.models import Case, CaseStatus
from eenloket.cases.services._common import _save
from eenloket.core.actor import Actor


@transaction.atomic
def coordinator_hand_over(*, from_user: User, to_user: User, actor: Actor, team=None) -> int:
    """Make ``to_user`` the coordinator of every case ``from_user`` coordinates that is not
    closed (with ``team``: only the cases that team owns, for a worker leaving one team), each
    with an audit entry; return how many."""
    cases = list(_coordinated(from_user, team).select_for_update().order_by("pk"))
    for case in cases:
        case.coordinator = to_user
        _save(case, ["coordinator"])
        processing.record_change(
            actor=actor, action="case_coordinator_hand_over", object_type="case",
            object_id=case.pk, changes={"coordinator": [str(from_user.pk), str(to_user.pk)]},
        )  # fmt: skip
    return len(cases)


def _coordinated(user: User, team=None):
    cases = Case._base_manager.filter(coordinator=user).exclude(status=CaseStatus.CLOSED)
    return cases if team is None else cases.filter(owning_team=team)


def coordinated_count(user: User, team=None) -> int:
    """How many cases, not closed, ``user`` coordinates (of ``team``, when given): what a
    leaving worker hands over."""
    return _coordinated(user, team).count()
