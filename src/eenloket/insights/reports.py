"""The nightly report of closed months (decision 0050): the scheduler's ``insights-report``
job stores, per closed month, the figures of the whole chain, of each municipality and of each
organisation that has facts that month, in each language — so the page reads a closed month
in a few queries instead of grouping and ranking a month of facts.

What is stored is what the page would show at k at that moment (``figures/stored.py``): the
figures are computed by the same functions, then a suppressed cell loses its number and its
count of persons. Aggregates only: no free text, no person or case reference.
"""

from __future__ import annotations

import datetime as dt
import itertools

from django.conf import settings
from django.db import transaction
from django.utils import translation

from eenloket.core import clock
from eenloket.insights.checks import min_persons
from eenloket.insights.figures import _base, stored
from eenloket.insights.figures.dashboard import FIGURES
from eenloket.insights.models import CaseFact, HandoverFact, MonthReport

MONTHS = 13  # closed months kept and offered on the page
REFRESH = 3  # the latest closed months recomputed every night (late answers, outcomes)


def _subjects(first: dt.date) -> list[tuple[str, str]]:
    """The dimensions with facts in the month: the whole chain, its municipalities and the
    organisations that own a case or send or receive a handover (one query each)."""
    start, end = month_bounds_at(first)
    cases = CaseFact.objects.filter(opened_at__gte=start, opened_at__lt=end).order_by()
    handovers = HandoverFact.objects.filter(sent_at__gte=start, sent_at__lt=end).order_by()
    if not cases.exists() and not handovers.exists():
        return []
    municipalities = set(cases.values_list("municipality_id", flat=True).distinct())
    municipalities |= set(handovers.values_list("municipality_id", flat=True).distinct())
    organisations = set(cases.values_list("organisation_id", flat=True).distinct())
    organisations |= set(handovers.values_list("to_organisation_id", flat=True).distinct())
    organisations |= set(handovers.values_list("from_organisation_id", flat=True).distinct())
    return [
        (MonthReport.ALL, ""),
        *sorted((MonthReport.MUNICIPALITY, str(m)) for m in municipalities if m),
        *sorted((MonthReport.ORGANISATION, str(o)) for o in organisations if o),
    ]


def month_bounds_at(first: dt.date) -> tuple[dt.datetime, dt.datetime]:
    return stored.month_filters(first).bounds()


def _figures(filters, k: int) -> dict:
    """The stored form of every period figure for ``filters`` (shared passes, as the page)."""
    token = _base._SHARED.set({})
    try:
        return {
            figure.__name__: stored.dump(figure(filters, k))
            for figure in FIGURES
            if figure.__name__ not in stored.LIVE_ALWAYS
        }
    finally:
        _base._SHARED.reset(token)


def report_month(first: dt.date, *, k: int | None = None) -> int:
    """(Re)compute and store the figures of the closed month starting on ``first``; returns
    the number of reports written. Replaces the month's reports in one transaction."""
    k = k or min_persons()
    now = clock.now()
    rows = []
    for (dimension, subject), (language, _name) in itertools.product(
        _subjects(first), settings.LANGUAGES
    ):
        with translation.override(language):
            figures = _figures(stored.month_filters(first, dimension, subject), k)
        rows.append(
            MonthReport(
                month=first,
                dimension=dimension,
                subject=subject,
                language=language,
                k=k,
                figures=figures,
                computed_at=now,
            )
        )
    with transaction.atomic():
        MonthReport.objects.filter(month=first).delete()
        MonthReport.objects.bulk_create(rows, batch_size=200)
    return len(rows)


def reports_refresh(*, months: int = MONTHS, refresh: int = REFRESH) -> int:
    """The nightly job: recompute the latest ``refresh`` closed months, compute any of the last
    ``months`` that is missing or was stored at another k, drop older reports. Returns the
    number of reports written."""
    k = min_persons()
    wanted = stored.closed_months(months)
    current = set(
        MonthReport.objects.filter(month__in=wanted, k=k, dimension=MonthReport.ALL)
        .values_list("month", flat=True)
        .distinct()
    )
    written = 0
    for index, first in enumerate(wanted):
        if index < refresh or first not in current:
            written += report_month(first, k=k)
    MonthReport.objects.filter(month__lt=wanted[-1]).delete()
    return written
