"""Writes for what came of a case: closing it with the outcome per need, asking the citizen
whether they were helped, and recording their answer (docs/insights.md)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from eenloket.audit import processing
from eenloket.cases import services as cases
from eenloket.cases.models import Case, Outcome
from eenloket.cases.services.contacts import tell_citizen
from eenloket.cases.vocabulary import need_label
from eenloket.core import clock
from eenloket.core.actor import Actor
from eenloket.core.errors import DomainError
from eenloket.insights import capture
from eenloket.outcomes.models import (
    NeedOutcome,
    NeedOutcomeCode,
    Verdict,
    VerdictAnswer,
    VerdictChannel,
)

COMMENT_MAX = 1000
# Close outcomes after which the citizen is not asked: the question goes on in another case.
NOT_ASKED = (Outcome.MERGED,)
# The channels a worker writes an answer down from; the portal is the citizen's own.
WORKER_CHANNELS = (VerdictChannel.LETTER, VerdictChannel.DESK, VerdictChannel.PHONE)


def _check_need_outcomes(case: Case, outcome: str, need_outcomes: dict[str, str]) -> None:
    if outcome in NOT_ASKED:
        return
    for need in case.needs:
        code = need_outcomes.get(need, "")
        if code not in NeedOutcomeCode.values:
            raise DomainError(
                _("Say what came of this need: %(need)s.") % {"need": need_label(need)},
                field=f"need_{need}",
            )
    unknown = sorted(set(need_outcomes) - set(case.needs))
    if unknown:
        raise DomainError(
            _("This case has no need %(need)s.") % {"need": ", ".join(unknown)}, field="needs"
        )


@transaction.atomic
def case_close_with_outcomes(
    *,
    case: Case,
    outcome: str,
    need_outcomes: dict[str, str],
    note: str = "",
    expected_version: int | None = None,
    actor: Actor,
) -> Case:
    """Close a case with its outcome and the outcome of each of its needs, and ask the citizen
    (through the outbox, on their channel, in plain words) whether they were helped.

    Every need of the case needs an outcome (not when it is merged into another case, where the
    needs go on). The citizen is asked once per closing; an answer already given stays."""
    if not actor.is_worker:
        raise DomainError(_("Only a worker closes a case."))
    _check_need_outcomes(case, outcome, need_outcomes)
    closed = cases.case_close(
        case=case, outcome=outcome, note=note, expected_version=expected_version, actor=actor
    )
    for need, code in need_outcomes.items():
        NeedOutcome._base_manager.update_or_create(
            case=closed, need=need, defaults={"outcome": code, "recorded_by": actor.user}
        )
    processing.record_change(
        actor=actor,
        action="case_need_outcomes",
        object_type="case",
        object_id=closed.pk,
        changes={"needs": dict(sorted(need_outcomes.items()))},
    )
    if outcome not in NOT_ASKED:
        _ask_verdict(closed, actor)
    capture.case_changed(closed)
    return closed


def _ask_verdict(case: Case, actor: Actor) -> None:

    verdict, created = Verdict._base_manager.get_or_create(
        case=case, defaults={"asked_at": clock.now()}
    )
    if verdict.answer:
        return
    if not created:
        verdict.asked_at = clock.now()
        verdict.save(update_fields=["asked_at", "updated_at"])
    tell_citizen(
        person=case.person,
        purpose="verdict_question",
        what=_("Your question is finished. We want to learn from it. Did we help you?"),
        next_step=_(
            "You can answer yes, partly or no. Do this in Mijn overzicht, at the desk, by "
            "phone, or write it on this letter and send it back. You may also tell us why. "
            "You do not have to answer."
        ),
        reach=str(case.owning_team.organisation),
        case=case,
        actor=actor,
    )


@transaction.atomic
def verdict_answer(
    *, case: Case, answer: str, comment: str = "", via: str, actor: Actor
) -> Verdict:
    """Record the citizen's answer to "were you helped?": once, from the portal by the citizen
    (or their representative), or written down by a worker from a letter, the desk or a call."""
    if answer not in VerdictAnswer.values:
        raise DomainError(_("Choose yes, partly or no."), field="answer")
    comment = (comment or "").strip()
    if "\x00" in comment:
        raise DomainError(_("This text contains a character that is not allowed."), field="comment")
    if len(comment) > COMMENT_MAX:
        raise DomainError(
            _("Your comment is too long: at most %(max)d characters.") % {"max": COMMENT_MAX},
            field="comment",
        )
    if actor.kind == "citizen":
        if str(actor.person_id) != str(case.person_id) or via != VerdictChannel.PORTAL:
            raise DomainError(_("This question is not yours."))
    elif actor.is_worker:
        if via not in WORKER_CHANNELS:
            raise DomainError(_("Say how the citizen answered."), field="via")
    else:
        raise DomainError(_("Only the citizen or a worker records the answer."))
    verdict = Verdict._base_manager.select_for_update().filter(case=case).first()
    if verdict is None:
        raise DomainError(_("The citizen has not been asked yet: the question is still open."))
    if verdict.answer:
        raise DomainError(_("This answer was already given. Thank you."))
    verdict.answer, verdict.comment = answer, comment
    verdict.answered_at, verdict.answered_via = clock.now(), via
    verdict.recorded_by = actor.user if actor.is_worker else None
    verdict.save()
    processing.record_change(
        actor=actor,
        action="verdict_answer",
        object_type="case",
        object_id=case.pk,
        changes={"answer": answer, "via": via, "comment": bool(comment)},
    )
    capture.case_changed(case)
    return verdict
