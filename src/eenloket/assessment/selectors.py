"""Reads of assessments, for a case the policy point released to the actor."""

from __future__ import annotations

from dataclasses import dataclass

from eenloket.access.release import rows_of
from eenloket.assessment import rules
from eenloket.assessment.models import Assessment

CHART_WIDTH, CHART_HEIGHT, MARGIN = 480, 200, 30


@dataclass
class History:
    assessments: list[Assessment]
    rows: list[tuple[str, list[int]]]  # (domain label, scores in date order)
    points: str  # SVG polyline points of the average score
    labels: list[tuple[int, str]]  # (x, date) under the chart

    @property
    def latest(self):
        return self.assessments[-1] if self.assessments else None


def history(case) -> History:
    """Return the case's assessments, oldest first, with a table (domain by date) and the points
    of a simple line chart of the average score. One query."""
    assessments = list(rows_of(Assessment, case).select_related("assessed_by"))
    rows = [
        (str(label), [a.scores[key] for a in assessments]) for key, label in rules.DOMAINS.items()
    ]
    points, labels = [], []
    count = len(assessments)
    for index, assessment in enumerate(assessments):
        x = MARGIN + (CHART_WIDTH - 2 * MARGIN) * (index / (count - 1) if count > 1 else 0.5)
        average = sum(assessment.scores.values()) / len(assessment.scores)
        y = CHART_HEIGHT - MARGIN - (CHART_HEIGHT - 2 * MARGIN) * (average - 1) / 4
        points.append(f"{x:.0f},{y:.0f}")
        labels.append((round(x), assessment.assessed_on.strftime("%d-%m-%Y")))
    return History(assessments, rows, " ".join(points), labels)


def latest_level(case) -> str:
    """The support level of the case's latest assessment, as a label ("" when none). One
    query."""
    latest = (
        rows_of(Assessment, case)
        .order_by("-assessed_on", "-created_at")
        .values_list("support_level", flat=True)
        .first()
    )
    return str(rules.LEVELS.get(latest, "")) if latest else ""
