"""The figures of the dashboard: aggregate queries over the anonymous facts, with every cell
that counts fewer than k distinct persons suppressed (docs/insights.md).

Each figure is a table (rows by columns of cells); each cell carries the number of distinct
persons it was computed from. The database groups, counts and ranks; Python only puts the
few grouped rows (one per organisation, line, need…) into tables — never a loop over cases.

Percentiles are nearest-rank: the p-th percentile of n values is the value at rank ⌈p·n⌉ in
ascending order (the median of 4 values is the 2nd). Durations are in hours, one decimal.
"""

from eenloket.insights.figures._base import (
    COUNT,
    DEFAULT_DAYS,
    HOURS,
    LEAD_COLUMNS,
    PERCENT,
    TZ,
    Cell,
    Figure,
    Filters,
    Row,
)
from eenloket.insights.figures.dashboard import (
    BY_KEY,
    FIGURES,
    Dashboard,
    dashboard,
)
from eenloket.insights.figures.handling import (
    decline_reasons,
    declines,
    escalations,
    first_contact,
    lead_times_by_line,
    lead_times_by_organisation,
    support_levels,
    without_next_step,
)
from eenloket.insights.figures.topics import (
    appointments,
    channels,
    life_events_over_time,
    needs_over_time,
    outcomes_per_need,
    verdicts,
)

__all__ = [
    "BY_KEY",
    "COUNT",
    "DEFAULT_DAYS",
    "FIGURES",
    "HOURS",
    "LEAD_COLUMNS",
    "PERCENT",
    "TZ",
    "Cell",
    "Dashboard",
    "Figure",
    "Filters",
    "Row",
    "appointments",
    "channels",
    "dashboard",
    "decline_reasons",
    "declines",
    "escalations",
    "first_contact",
    "lead_times_by_line",
    "lead_times_by_organisation",
    "life_events_over_time",
    "needs_over_time",
    "outcomes_per_need",
    "support_levels",
    "verdicts",
    "without_next_step",
]
