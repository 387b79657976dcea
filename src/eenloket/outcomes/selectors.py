"""Reads of a case's outcomes and verdict, for a case the actor already has through the policy
point (the case page, the citizen's closed question)."""

from __future__ import annotations

from dataclasses import dataclass

from eenloket.access.release import rows_of
from eenloket.cases.vocabulary import need_label
from eenloket.outcomes.models import NeedOutcome, NeedOutcomeCode, Verdict


@dataclass
class CaseOutcomes:
    needs: dict[str, str]  # need -> outcome code
    verdict: Verdict | None

    def rows(self) -> list[tuple[str, str]]:
        """(need, outcome) in words."""
        return [
            (need_label(need), str(NeedOutcomeCode(code).label))
            for need, code in self.needs.items()
            if code in NeedOutcomeCode.values
        ]


def of_case(case) -> CaseOutcomes:
    """The outcome per need and the verdict of a case already released. Two queries."""
    return CaseOutcomes(
        needs=dict(rows_of(NeedOutcome, case).values_list("need", "outcome")),
        verdict=rows_of(Verdict, case).first(),
    )
