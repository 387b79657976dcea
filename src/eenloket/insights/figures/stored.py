"""The stored report of closed months (decision 0050): which requests it answers, and the
tables as stored and read back.

A figure's cell is a number of distinct persons or a nearest-rank percentile, so months do not
add up (decision 0044): the store answers a request for exactly one closed month, for the whole
chain, one municipality or one organisation. Any other period or filter is computed live.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import translation

from eenloket.core import clock
from eenloket.insights.figures._base import Cell, Figure, Filters, Row
from eenloket.insights.models import MonthReport

# Not about a period (the situation today): always computed live, never stored.
LIVE_ALWAYS = frozenset({"without_next_step"})


def month_bounds(first: dt.date) -> tuple[dt.date, dt.date]:
    """The first and the last day of the month that starts on ``first``."""
    following = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return first, following - dt.timedelta(days=1)


def closed_months(count: int, today: dt.date | None = None) -> list[dt.date]:
    """The first days of the ``count`` months before this one, latest first."""
    first = (today or clock.today()).replace(day=1)
    months = []
    for _ in range(count):
        first = (first - dt.timedelta(days=1)).replace(day=1)
        months.append(first)
    return months


def month_filters(first: dt.date, dimension: str = MonthReport.ALL, subject="") -> Filters:
    start, end = month_bounds(first)
    return Filters(
        start=start,
        end=end,
        municipality_id=subject if dimension == MonthReport.MUNICIPALITY else None,
        organisation_id=subject if dimension == MonthReport.ORGANISATION else None,
    )


def key_of(filters: Filters) -> tuple[dt.date, str, str] | None:
    """(month, dimension, subject) when ``filters`` ask for exactly one closed month of a
    stored dimension; None when they can only be answered live."""
    if filters.start is None or filters.end is None or filters.start.day != 1:
        return None
    if month_bounds(filters.start)[1] != filters.end or filters.end >= clock.today().replace(day=1):
        return None  # not a whole month, or the open month
    if filters.team_id or (filters.municipality_id and filters.organisation_id):
        return None
    if filters.municipality_id:
        return filters.start, MonthReport.MUNICIPALITY, str(filters.municipality_id)
    if filters.organisation_id:
        return filters.start, MonthReport.ORGANISATION, str(filters.organisation_id)
    return filters.start, MonthReport.ALL, ""


def language() -> str:
    """The language the tables are in (their labels and titles are stored translated)."""
    current = (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return current if current in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def read(filters: Filters, k: int) -> tuple[dict[str, Figure], dt.datetime] | None:
    """The stored figures (by figure function name) for ``filters`` at ``k``, and when they
    were computed; None when there is no such report (then the page computes live)."""
    key = key_of(filters)
    if key is None:
        return None
    month, dimension, subject = key
    report = (
        MonthReport.objects.filter(
            month=month, dimension=dimension, subject=subject, language=language(), k=k
        )
        .only("figures", "computed_at")
        .first()
    )
    if report is None:
        return None
    return {name: load(data) for name, data in report.figures.items()}, report.computed_at


def dump(figure: Figure) -> dict:
    """A figure as stored: a suppressed cell keeps neither its number nor its persons."""
    return {
        "key": figure.key,
        "title": figure.title,
        "description": figure.description,
        "columns": list(figure.columns),
        "units": list(figure.units),
        "chart_column": figure.chart_column,
        "rows": [
            [
                row.label,
                [
                    [None, 0, True] if c.suppressed else [c.value, c.persons, False]
                    for c in row.cells
                ],
            ]
            for row in figure.rows
        ],
    }


def load(data: dict) -> Figure:
    return Figure(
        data["key"],
        data["title"],
        data["description"],
        data["columns"],
        data["units"],
        [
            Row(label, [Cell(v, p, suppressed=s) for v, p, s in cells])
            for label, cells in data["rows"]
        ],
        chart_column=data["chart_column"],
    )
