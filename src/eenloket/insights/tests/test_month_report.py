"""The nightly report of closed months (decision 0050): what the page reads from the store is
what it computes live, on the demo and on a generated world; the store is read (not the facts)
for a closed month and never for the open one; it holds aggregates only — no suppressed
number, no person or case reference, no free text; the job keeps the last months at today's k.
"""

import datetime as dt
import json

import pytest
from django.utils import translation

from eenloket import seeding
from eenloket.access.insights import FigureScope
from eenloket.accounts.models import Role
from eenloket.core import clock
from eenloket.demo import data as demodata
from eenloket.insights import figures, reports
from eenloket.insights.demo_history import history_start
from eenloket.insights.figures import stored
from eenloket.insights.models import CaseFact, HandoverFact, MonthReport, TopicFact
from eenloket.scheduling.jobs import job
from eenloket.testing import factories
from eenloket.testing.fixtures import log_in

pytestmark = pytest.mark.django_db

EVERYTHING = FigureScope()


def _shown(board):
    """What the page shows: per figure its texts and, per cell, the number or that it is
    suppressed (and the persons behind a shown number)."""
    return [
        (
            f.key,
            f.title,
            f.description,
            f.columns,
            f.chart_column,
            [
                (r.label, [("hidden",) if c.suppressed else (c.value, c.persons) for c in r.cells])
                for r in f.rows
            ],
        )
        for f in board.figures
    ]


def _agree(first, k):
    """Every report of the month, read back by the page, equals the live computation."""
    reports_ = MonthReport.objects.filter(month=first)
    assert reports_.exists()
    for report in reports_:
        filters = stored.month_filters(first, report.dimension, report.subject)
        with translation.override(report.language):
            from_store = figures.dashboard(EVERYTHING, filters, k=k)
            live = figures.dashboard(EVERYTHING, filters, k=k, live=True)
        assert from_store.stored_at is not None and live.stored_at is None
        assert _shown(from_store) == _shown(live), (report.dimension, report.language)
    return reports_.count()


def test_the_stored_demo_months_agree_with_the_live_figures():
    demodata.load()
    first = history_start(clock.today()).date().replace(day=1)
    written = sum(
        reports.report_month(month)
        for month in (first, stored.month_bounds(first)[1] + dt.timedelta(days=1))
    )
    assert written >= 4  # the whole chain and more, in Dutch and English
    k = 10
    assert _agree(first, k) > 0
    # By hand: case i opens on day 10 + i of the quarter and its UWV handover is sent a day
    # later, so the quarter's first month holds the handovers of i < (days of the month) - 11
    # (20 of a 31-day month); the other few fall in the next month, below k: no number there.
    days = stored.month_bounds(first)[1].day
    second = stored.month_bounds(first)[1] + dt.timedelta(days=1)
    counted = []
    for month in (first, second):
        board = figures.dashboard(EVERYTHING, stored.month_filters(month), k=k)
        assert board.stored_at is not None
        uwv = next(r for r in board.figures[1].rows if "UWV" in r.label)
        counted.append(uwv.cells[0])
    assert counted[0].value == days - 11 and counted[0].persons == days - 11
    assert counted[1].suppressed and counted[1].value is None


def test_a_generated_world_agrees_store_and_live_for_every_dimension():
    seeding.seed_history(handovers=2500, seed=11, teams=4)
    first = stored.closed_months(2)[1]
    assert reports.report_month(first, k=5) > 2
    dimensions = set(MonthReport.objects.values_list("dimension", flat=True))
    assert dimensions == {MonthReport.ALL, MonthReport.MUNICIPALITY, MonthReport.ORGANISATION}
    assert _agree(first, 5) > 0


def test_a_closed_month_is_read_from_the_store_and_the_open_month_is_live(
    django_assert_max_num_queries,
):
    seeding.seed_history(handovers=1500, seed=3, teams=3)
    first = stored.closed_months(1)[0]
    reports.report_month(first, k=5)
    filters = stored.month_filters(first)
    before = _shown(figures.dashboard(EVERYTHING, filters, k=5))
    # Read from the store: a handful of queries (the report, the live figure about today,
    # the invented-history flag), and the same numbers after the facts are gone.
    HandoverFact.objects.all().delete()
    with django_assert_max_num_queries(5):
        board = figures.dashboard(EVERYTHING, filters, k=5)
    assert board.stored_at is not None
    assert [f for f in _shown(board) if f[0] != "without_next_step"] == [
        f for f in before if f[0] != "without_next_step"
    ]
    # Another k, a team, a part of the month or the open month: computed live.
    this_month = figures.Filters(start=clock.today().replace(day=1), end=clock.today())
    for other in (
        this_month,
        figures.Filters(start=filters.start, end=filters.end - dt.timedelta(days=1)),
    ):
        assert figures.dashboard(EVERYTHING, other, k=5).stored_at is None
    assert figures.dashboard(EVERYTHING, filters, k=6).stored_at is None


def test_the_store_holds_aggregates_only():
    seeding.seed_history(handovers=1500, seed=5, teams=3)
    first = stored.closed_months(1)[0]
    reports.report_month(first, k=10)
    text = json.dumps(list(MonthReport.objects.values_list("figures", flat=True)))
    facts = HandoverFact.objects.filter(sent_at__gte=stored.month_filters(first).bounds()[0])
    for person in facts.values_list("person_ref", flat=True)[:200]:
        assert str(person) not in text
    for case_ref in CaseFact.objects.values_list("case_ref", flat=True)[:200]:
        assert case_ref not in text
    for topic in TopicFact.objects.values_list("key", flat=True).distinct():
        assert topic  # codes, not free text: the facts hold none (docs/insights.md)
    live = figures.dashboard(EVERYTHING, stored.month_filters(first), k=10, live=True)
    suppressed = sum(c.suppressed for f in live.figures for r in f.rows for c in r.cells)
    assert suppressed > 0  # the check below means something
    for report in MonthReport.objects.all():
        for data in report.figures.values():
            for _label, cells in data["rows"]:
                for value, persons, hidden in cells:
                    assert not hidden or (value is None and persons == 0)


def test_the_nightly_job_keeps_the_last_months_at_todays_k(settings):
    seeding.seed_history(handovers=800, seed=2, teams=2)
    assert job("insights-report").function == "eenloket.insights.reports.reports_refresh"
    old = MonthReport.objects.create(
        month=dt.date(2000, 1, 1),
        dimension="all",
        language="nl",
        k=10,
        figures={},
        computed_at=clock.now(),
    )
    written = reports.reports_refresh(months=3, refresh=1)
    assert written > 0 and not MonthReport.objects.filter(pk=old.pk).exists()
    months = set(MonthReport.objects.values_list("month", flat=True))
    assert months <= set(stored.closed_months(3)) and months
    # The next night only the latest month is recomputed; at another k, every month again.
    assert (
        reports.reports_refresh(months=3, refresh=1)
        == MonthReport.objects.filter(month=stored.closed_months(1)[0]).count()
    )
    settings.EENLOKET_INSIGHTS_MIN_PERSONS = 7
    reports.reports_refresh(months=3, refresh=1)
    assert set(MonthReport.objects.values_list("k", flat=True)) == {7}


def test_the_page_opens_on_the_last_whole_month_from_the_store(client):
    seeding.seed_history(handovers=1500, seed=4, teams=3)
    first = stored.closed_months(1)[0]
    reports.report_month(first, k=10)
    staff = factories.MembershipFactory(role=Role.PROGRAMME_STAFF, team=None)
    log_in(client, staff.user)
    page = client.get("/werk/inzicht/").content.decode()
    assert "geteld op" in page or "were counted on" in page  # said where the numbers come from
    chosen = client.get("/werk/inzicht/", {"month": first.isoformat()[:7]})
    assert chosen.status_code == 200 and ("geteld op" in chosen.content.decode())
    this_month = client.get("/werk/inzicht/", {"month": clock.today().isoformat()[:7]})
    assert this_month.status_code == 200 and "geteld op" not in this_month.content.decode()
    both = client.get(
        "/werk/inzicht/", {"month": first.isoformat()[:7], "start": first.isoformat()}
    )
    assert both.status_code == 400
    assert "Kies een maand of een periode met datums, niet allebei." in both.content.decode()
