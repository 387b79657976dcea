"""Writes for cases."""

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from eenloket.accounts.models import User
from eenloket.cases.models import Case, CaseTeam
from eenloket.core.actor import Actor
from eenloket.core.errors import DomainError
from eenloket.directory.models import Team
from eenloket.people.models import Person


@transaction.atomic
def case_open(
    *,
    person: Person,
    question_verbatim: str,
    owning_team: Team,
    next_step: str,
    next_step_due: dt.date,
    coordinator: User | None = None,
    actor: Actor,
) -> Case:
    """Open a case for a person, with the question in their own words and a dated next step."""
    if not question_verbatim.strip():
        raise DomainError(
            _("Write down the question in the citizen's own words."), field="question"
        )
    if not next_step.strip():
        raise DomainError(_("An open case needs a next step."), field="next_step")
    if next_step_due is None:
        raise DomainError(_("The next step needs a due date."), field="next_step_due")
    return Case.objects.create(
        person=person,
        question_verbatim=question_verbatim,
        owning_team=owning_team,
        coordinator=coordinator,
        next_step=next_step.strip(),
        next_step_due=next_step_due,
    )


@transaction.atomic
def case_add_team(*, case: Case, team: Team, actor: Actor) -> CaseTeam:
    """Let another team work on the case (and so see it). Adding a team twice is a no-op."""
    link, _created = CaseTeam.objects.get_or_create(case=case, team=team)
    return link
