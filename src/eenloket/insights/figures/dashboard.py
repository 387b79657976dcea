"""The dashboard: every figure, computed for one scope and one set of filters."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from eenloket.access.insights import FigureScope
from eenloket.insights.checks import min_persons
from eenloket.insights.figures import stored
from eenloket.insights.figures._base import _SHARED, Figure, Filters
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
from eenloket.insights.models import (
    CaseFact,
)

FIGURES = (
    first_contact,
    lead_times_by_organisation,
    lead_times_by_line,
    declines,
    decline_reasons,
    escalations,
    without_next_step,
    support_levels,
    life_events_over_time,
    needs_over_time,
    channels,
    appointments,
    outcomes_per_need,
    verdicts,
)
BY_KEY = {f.__name__: f for f in FIGURES}


@dataclass
class Dashboard:
    filters: Filters
    k: int
    figures: list[Figure]
    invented: bool  # the facts include invented history (the demo, a benchmark)
    stored_at: dt.datetime | None = None  # a closed month read from the nightly report


def dashboard(
    scope: FigureScope, filters: Filters, *, k: int | None = None, live: bool = False
) -> Dashboard:
    """Every figure for ``filters``, narrowed to ``scope`` (from the policy point's
    ``figures_scope``), with cells under k persons suppressed. A closed month of the whole
    chain, a municipality or an organisation is read from the nightly report when there is one
    (decision 0050) unless ``live``; anything else is computed from the facts."""
    k = k or min_persons()
    filters = filters.within(scope)
    filters.bounds()  # refuses a period that ends before it starts
    found = None if live else stored.read(filters, k)
    kept, stored_at = found or ({}, None)
    token = _SHARED.set({})
    try:
        shown = [
            kept[figure.__name__]
            if figure.__name__ in kept and figure.__name__ not in stored.LIVE_ALWAYS
            else figure(filters, k)
            for figure in FIGURES
        ]
    finally:
        _SHARED.reset(token)
    return Dashboard(
        filters=filters,
        k=k,
        figures=shown,
        invented=CaseFact.objects.filter(invented=True).exists(),
        stored_at=stored_at,
    )
