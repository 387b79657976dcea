"""The citizen's requests about their data from the portal (AVG art. 16, 17, 18 and 21, #23):
correct it, delete it, use less of it, or stop using it. Each lands with the team that helped
them last as a new question whose next step is the answer, due within the statutory month
(AVG art. 12 lid 3), counted on the calendar of the Algemene termijnenwet."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from eenloket.calendars import statutory
from eenloket.cases import services as cases
from eenloket.cases.models import ContactChannel, Direction, Verification
from eenloket.core import clock
from eenloket.core.actor import Actor
from eenloket.core.errors import DomainError

# kind -> (what the citizen asks, in their words; the article)
KINDS = {
    "correction": (gettext_lazy("Correct my data"), "AVG art. 16"),
    "erasure": (gettext_lazy("Delete my data"), "AVG art. 17"),
    "restriction": (gettext_lazy("Use less of my data for a while"), "AVG art. 18"),
    "objection": (gettext_lazy("Stop using my data"), "AVG art. 21"),
}
MAX_LENGTH = 2000
ANSWER_MONTHS = 1


def answer_due(today: dt.date) -> dt.date:
    """One month from today; a Saturday, Sunday or holiday moves to the next working day."""
    return statutory.apply_atw(statutory.add_months(today, ANSWER_MONTHS), term_start=today)


@transaction.atomic
def rights_request(*, actor: Actor, own_cases: list, kind: str, text: str):
    """File the citizen's request as a new question with the team that helped them last; its
    next step is answering it by the statutory date. Return (case, due date). ``own_cases``
    are the citizen's cases from the policy point, newest first."""
    if not actor.is_citizen or actor.is_representative:
        raise DomainError(_("Only you can ask this about your own data."))
    if kind not in KINDS:
        raise DomainError(_("Choose what you want us to do."), field="kind")
    text = (text or "").strip()
    if not text:
        raise DomainError(_("Write what it is about."), field="text")
    if len(text) > MAX_LENGTH:
        raise DomainError(
            _("Your text is too long: at most %(n)s characters.") % {"n": MAX_LENGTH},
            field="text",
        )
    if not own_cases:
        raise DomainError(
            _("We do not know you yet. Call us or come to the desk: then we can help you."),
            field="text",
        )
    label, article = KINDS[kind]
    due = answer_due(clock.today())
    latest = own_cases[0]
    case = cases.case_open(
        person=latest.person,
        question_verbatim=f"{label} ({article}): {text}",
        owning_team=latest.owning_team,
        coordinator=latest.coordinator,
        next_step=_("Answer the request (%(article)s); if the law does not allow it, say why")
        % {"article": article},
        next_step_due=due,
        actor=actor,
    )
    cases.contact_record(
        case=case,
        channel=ContactChannel.PORTAL,
        direction=Direction.INCOMING,
        verification=Verification.DIGID,
        summary=text,
        actor=actor,
    )
    return case, due
