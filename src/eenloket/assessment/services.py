"""Writes of the support assessment."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from eenloket.assessment import rules
from eenloket.assessment.models import Assessment
from eenloket.audit import processing
from eenloket.core import clock
from eenloket.core.actor import Actor
from eenloket.core.errors import DomainError
from eenloket.insights import capture


@transaction.atomic
def assessment_record(
    *,
    case,
    scores: dict[str, int],
    rationales: dict[str, str],
    capacity: str,
    capacity_rationale: str,
    assessed_on: dt.date | None = None,
    actor: Actor,
) -> Assessment:
    """Record an assessment: every domain scored 1 to 5 with a rationale, and the capacity to act
    with a rationale. The support level follows from the rule. Earlier ones are kept."""
    missing = [str(label) for key, label in rules.DOMAINS.items() if scores.get(key) is None]
    if missing:
        raise DomainError(_("Score every domain. Missing: %s") % ", ".join(missing), field="scores")
    wrong = [
        str(rules.DOMAINS[k])
        for k, v in scores.items()
        if k in rules.DOMAINS and v not in rules.SCORES
    ]
    if wrong or set(scores) - set(rules.DOMAINS):
        raise DomainError(_("A score is a number from 1 to 5."), field="scores")
    unexplained = [
        str(label)
        for key, label in rules.DOMAINS.items()
        if not (rationales.get(key) or "").strip()
    ]
    if unexplained:
        raise DomainError(
            _("Explain each score in your own words. Missing: %s") % ", ".join(unexplained),
            field="rationales",
        )
    if capacity not in rules.CAPACITY:
        raise DomainError(_("Choose the capacity to act."), field="capacity")
    if not capacity_rationale.strip():
        raise DomainError(_("Explain the capacity to act."), field="capacity_rationale")
    assessed_on = assessed_on or clock.today()
    if assessed_on > clock.today():
        raise DomainError(_("The date lies in the future."), field="assessed_on")
    level = rules.support_level(scores, capacity)
    assessment = Assessment.objects.create(
        case=case,
        assessed_on=assessed_on,
        scores={k: int(scores[k]) for k in rules.DOMAINS},
        rationales={k: rationales[k].strip() for k in rules.DOMAINS},
        capacity=capacity,
        capacity_rationale=capacity_rationale.strip(),
        support_level=level,
        assessed_by=actor.user if actor.is_worker else None,
    )
    processing.record_change(
        actor=actor,
        action="assessment_record",
        object_type="case",
        object_id=case.pk,
        changes={"assessment": str(assessment.pk), "support_level": level},
    )
    capture.case_changed(case)
    return assessment
