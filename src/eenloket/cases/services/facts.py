"""Writes for facts in the dossier: dated, sourced, each in one data category."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from eenloket.audit import processing
from eenloket.cases.models import Case, Fact
from eenloket.cases.services._common import _check_text, _team_id, _user
from eenloket.consent.categories import CATEGORIES
from eenloket.core import clock
from eenloket.core.actor import Actor
from eenloket.core.errors import DomainError

# Facts describe the person's situation; notes, documents and the log have their own place.
FACT_CATEGORIES = ("contact", "household", "income", "debts", "housing", "health", "justice")


@transaction.atomic
def fact_record(
    *,
    case: Case,
    category: str,
    label: str,
    value: str,
    as_of: dt.date,
    source: str,
    actor: Actor,
) -> Fact:
    """Record a fact with its category, date and source (who or what says so)."""
    if category not in FACT_CATEGORIES or category not in CATEGORIES:
        raise DomainError(_("Choose the kind of fact."), field="category")
    _check_text(label=label, value=value, source=source)
    for field, text, message in (
        ("label", label, _("Say what the fact is about.")),
        ("value", value, _("Write the fact down.")),
        ("source", source, _("Say where the fact comes from (a letter, the citizen, …).")),
    ):
        if not text.strip():
            raise DomainError(message, field=field)
    if as_of is None:
        raise DomainError(_("Give the date the fact applies to."), field="as_of")
    if as_of > clock.today():
        raise DomainError(_("The date lies in the future."), field="as_of")
    fact = Fact.objects.create(
        case=case,
        category=category,
        label=label.strip()[:200],
        value=value.strip()[:500],
        as_of=as_of,
        source=source.strip()[:300],
        recorded_by=_user(actor),
        team_id=_team_id(actor),
    )
    processing.record_change(
        actor=actor,
        action="fact_record",
        object_type="case",
        object_id=case.pk,
        changes={"fact": str(fact.pk), "category": category},
    )
    return fact
