"""Questions to a colleague at a direct line, asked without personal data."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from eenloket.access import direct_lines
from eenloket.core import clock
from eenloket.core.actor import Actor
from eenloket.core.errors import DomainError
from eenloket.handovers.models import ColleagueQuestion
from eenloket.handovers.services._common import _team
from eenloket.handovers.services.notices import _notify


@transaction.atomic
def colleague_question_ask(*, case, contact_point, question: str, actor: Actor):
    """Ask a direct line without personal data; the question is checked for a BSN or a
    date of birth, which do not belong in it."""
    import re

    _team(actor)
    if not direct_lines.may_see(actor, contact_point):
        raise DomainError(_("There is no direct line with this id."), field="contact_point")
    if not question.strip():
        raise DomainError(_("Write the question."), field="question")
    if re.search(r"\b\d{9}\b|\b\d{1,2}[-/]\d{1,2}[-/]\d{2,4}\b", question):
        raise DomainError(
            _("Leave out personal data: no BSN or date of birth in a question to a colleague."),
            field="question",
        )
    asked = ColleagueQuestion.objects.create(
        case=case,
        contact_point=contact_point,
        asked_by=actor.user,
        question=question.strip(),
        capacity_seen=contact_point.capacity,
    )
    _notify(contact_point.coordinator, None, _("A colleague asks %(line)s a question."), asked)
    return asked


@transaction.atomic
def colleague_question_answer(*, asked: ColleagueQuestion, answer: str, actor: Actor):
    team = _team(actor)
    if asked.contact_point.team_id != team.pk:
        raise DomainError(_("Only the team of this direct line answers."))
    if not answer.strip():
        raise DomainError(_("Write the answer."), field="answer")
    asked.answer, asked.answered_by, asked.answered_at = answer.strip(), actor.user, clock.now()
    asked.save(update_fields=["answer", "answered_by", "answered_at"])
    return asked
