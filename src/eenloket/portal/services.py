"""What a citizen writes in their own overview: a new question, or more about one they have
(#11). It lands with the team that helps them, as a case with a next step and a due date."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from eenloket.access import citizens
from eenloket.calendars import desk_days
from eenloket.cases import citizen_texts
from eenloket.cases import services as cases
from eenloket.cases.models import CaseStatus, ContactChannel, Direction, Verification
from eenloket.core import clock
from eenloket.core.actor import Actor
from eenloket.core.errors import DomainError
from eenloket.people.models import Representation

# A question from the portal is answered within two working days.
ANSWER_DAYS = 2
MAX_LENGTH = 2000


def _due() -> dt.date:

    return desk_days.working_days_after(clock.today(), ANSWER_DAYS)


@transaction.atomic
def question_ask(*, actor: Actor, own_cases: list, text: str, case=None):
    """Add to one of the citizen's open questions (a portal contact, and the next step becomes
    answering it), or ask a new one: a new case with the team that helped them last. Returns
    the case. ``own_cases`` are the citizen's cases from the policy point."""
    if not actor.is_citizen:
        raise DomainError(_("Only the citizen can ask here."))
    text = (text or "").strip()
    if not text:
        raise DomainError(_("Write your question."), field="text")
    if len(text) > MAX_LENGTH:
        raise DomainError(
            _("Your question is too long: at most %(n)s characters.") % {"n": MAX_LENGTH},
            field="text",
        )
    due = _due()
    next_step = _("Answer the question the citizen asked in Mijn overzicht")
    citizen_key = citizen_texts.ANSWER_QUESTION
    representation = _representation(actor)
    if representation is not None and case is None:
        raise DomainError(
            _(
                "For someone you help, you can add to a question they have. For a new "
                "question, call us or come by."
            ),
            field="case",
        )
    if case is not None:
        if case not in own_cases or case.status == CaseStatus.CLOSED:
            raise DomainError(_("Choose one of your open questions."), field="case")
        return _add_to_case(
            case=case,
            summary=text,
            next_step=next_step,
            citizen_key=citizen_key,
            due=due,
            actor=actor,
        )
    if not own_cases:
        raise DomainError(
            _("We do not know you yet. Call us or come to the desk: then we can help you."),
            field="text",
        )
    latest = own_cases[0]
    case = cases.case_open(
        person=latest.person,
        question_verbatim=text,
        owning_team=latest.owning_team,
        # The person who helped them last helps again: the confirmation names them.
        coordinator=latest.coordinator,
        next_step=next_step,
        next_step_due=due,
        next_step_citizen_key=citizen_key,
        actor=actor,
    )
    # The question as a portal contact: it is in the timeline and confirmed to the citizen,
    # naming who helps and what happens next.
    cases.contact_record(
        case=case,
        channel=ContactChannel.PORTAL,
        direction=Direction.INCOMING,
        verification=Verification.DIGID,
        summary=text,
        actor=actor,
    )
    case.refresh_from_db()
    return case


def _representation(actor: Actor) -> Representation | None:
    """The representation a representative acts under: the contact names who spoke. The
    policy point checks it again (it may have ended since the page was shown)."""
    return citizens.citizen_acting_representation(actor)


def _add_to_case(
    *, case, summary: str, next_step: str, citizen_key: str, due: dt.date, actor: Actor
):
    """Make answering what the citizen wrote the case's next step, due ``due``, then record
    it as a portal contact, confirmed to them through the outbox quoting that new step. A
    representative's contact names the representation they act under (checked again by
    ``contact_record``)."""
    case = cases.case_update(
        case=case,
        expected_version=case.version,
        next_step=next_step,
        next_step_due=due,
        next_step_citizen_key=citizen_key,
        actor=actor,
    )
    cases.contact_record(
        case=case,
        channel=ContactChannel.PORTAL,
        direction=Direction.INCOMING,
        verification=Verification.DIGID,
        representation=_representation(actor),
        summary=summary,
        actor=actor,
    )
    case.refresh_from_db()
    return case


@transaction.atomic
def message_answer(*, actor: Actor, case, subject: str, text: str):
    """Answer a message in Mijn overzicht: the answer becomes a portal contact on the question
    the message is about (confirmed to the citizen), and the team's next step becomes reading
    and answering it within two working days. ``case`` is the citizen's own case, from the
    policy point (``access.citizens.citizen_case``). Returns the case."""
    if not actor.is_citizen or str(case.person_id) != str(actor.person_id):
        raise DomainError(_("Only the citizen can answer here."))
    text = (text or "").strip()
    if not text:
        raise DomainError(_("Write your answer."), field="text")
    if len(text) > MAX_LENGTH:
        raise DomainError(
            _("Your answer is too long: at most %(n)s characters.") % {"n": MAX_LENGTH},
            field="text",
        )
    if case.status == CaseStatus.CLOSED:
        raise DomainError(
            _("This question is closed, so you cannot answer here. Ask a new question instead."),
            field="text",
        )
    return _add_to_case(
        case=case,
        summary=_("Answer to “%(subject)s”: %(text)s") % {"subject": subject, "text": text},
        next_step=_("Read the citizen's answer in Mijn overzicht and reply"),
        citizen_key=citizen_texts.READ_ANSWER,
        due=_due(),
        actor=actor,
    )
