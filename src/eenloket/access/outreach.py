"""Who sees the debt-help team's outreach tasks (arrears signals, decision 0047): the workers of
the team the signal went to, through the membership they act in, and nobody else. The queue
itself is ``access.api.referral_queue`` (one query, logged like a worklist); this module reads
one signal for its answer page."""

from __future__ import annotations

from eenloket.access import capabilities
from eenloket.access.release import release
from eenloket.audit import processing
from eenloket.cases.models import Referral
from eenloket.core.actor import Actor
from eenloket.core.errors import NotFoundOrForbidden


def outreach_task(actor: Actor, referral_id) -> Referral:
    """An arrears signal of the actor's team, with the person, the sender and (once help was
    accepted) the case. Logged; any other team's, or a question referral, is "not found"."""
    team_id = capabilities.casework_team_id(actor)
    task = (
        release(Referral)
        .filter(pk=referral_id, to_team_id=team_id, kind=Referral.Kind.ARREARS)
        .select_related("person", "from_team__organisation", "to_team")
        .first()
        if team_id is not None
        else None
    )
    if task is None:
        raise NotFoundOrForbidden()
    processing.record(
        activity=processing.CASE_VIEW,
        actor=actor,
        subject_ids=[task.person_id],
        categories=("name", "contact", "debts"),
        status=processing.STATUS_OK,
        object_type="referral",
        object_id=task.pk,
    )
    return task
