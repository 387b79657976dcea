"""The life of a case: one table of allowed moves (core/states.py, decision 0038).

An open case can be put on hold or closed; one on hold resumes or closes; a closed case can be
opened again. Every move goes through ``cases.services.case._transition``; the workspace
offers hold, resume and close from this table (``backoffice/workspace.allowed_actions``).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from eenloket.cases.models import AccessRequestState, CaseStatus, Referral
from eenloket.core.states import Machine, Move

MACHINE = Machine(
    noun="case",
    states=CaseStatus,
    field="status",
    refused=_("A case cannot go from %(from)s to %(to)s."),
    moves=(
        Move(CaseStatus.OPEN, "hold", CaseStatus.ON_HOLD, needs_reason=True),
        Move(CaseStatus.OPEN, "close", CaseStatus.CLOSED, needs_reason=True),
        Move(CaseStatus.ON_HOLD, "resume", CaseStatus.OPEN),
        Move(CaseStatus.ON_HOLD, "close", CaseStatus.CLOSED, needs_reason=True),
        Move(CaseStatus.CLOSED, "resume", CaseStatus.OPEN),
    ),
)
# What each action needs from the worker: a reason to hold, an outcome to close, a dated
# next step to resume.
NEEDS = {"hold": "hold_reason", "close": "outcome", "resume": "next_step"}

# A team's request to work on a case another team owns: answered once, or withdrawn by the
# worker who asked (cases/services/access_requests.py).
ACCESS_REQUEST = Machine(
    noun="access request",
    states=AccessRequestState,
    refused=_("This request was already answered: %(state)s."),
    moves=(
        Move(AccessRequestState.REQUESTED, "grant", AccessRequestState.GRANTED),
        Move(AccessRequestState.REQUESTED, "decline", AccessRequestState.DECLINED),
        Move(AccessRequestState.REQUESTED, "withdraw", AccessRequestState.WITHDRAWN),
    ),
)

# A referral: a question is on a case from the start; an arrears signal waits for the offer
# of help, and the person's answer decides (cases/services/referrals.py).
REFERRAL = Machine(
    noun="referral",
    states=Referral.State,
    field="state",
    refused=_("Only an open offer of help gets an answer."),
    moves=(
        Move(Referral.State.OUTREACH, "help_accepted", Referral.State.HELP_ACCEPTED),
        Move(Referral.State.OUTREACH, "help_declined", Referral.State.HELP_DECLINED),
        Move(Referral.State.OUTREACH, "unreachable", Referral.State.UNREACHABLE),
    ),
)
