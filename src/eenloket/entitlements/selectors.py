"""Reads for the entitlement check: findings from the facts the policy point released."""

from __future__ import annotations

import datetime as dt

from eenloket.access import disclosure
from eenloket.access.release import rows_of
from eenloket.applications.models import Application
from eenloket.core import clock
from eenloket.entitlements import rules
from eenloket.entitlements.situation import Situation


def findings_for(case, facts, *, on: dt.date | None = None) -> list[rules.Finding]:
    """Evaluate every rule for ``case`` from ``facts``: the facts the actor was shown (released
    by the policy point). One query (the applications, so an applied scheme is not flagged)."""
    if not disclosure.may_check_entitlements(case):
        return []
    situation = Situation.from_facts(
        facts, on=on or clock.today(), birth_date=case.person.birth_date
    )
    applied = set(
        rows_of(Application, case)
        .filter(scheme__isnull=False)
        .exclude(state="withdrawn")
        .values_list("scheme__service__key", flat=True)
    )
    return rules.evaluate_all(situation, applied)


def signals(findings: list[rules.Finding]) -> list[rules.Finding]:
    return [f for f in findings if f.outcome == rules.MAY_QUALIFY]
