"""Every figure on the demo data, checked against values worked out by hand from the demo's
invented history (insights/demo_history.py), and suppression when a filter narrows a cell.

The period filter covers only the invented history (the previous quarter), so the demo's own
citizens, taken in today, do not count — except in "cases without a live next step", which is
the situation today and is checked against the demo's open cases too.
"""

import datetime as dt

import pytest
from django.utils import translation

from eenloket.access.insights import FigureScope
from eenloket.cases.models import Case
from eenloket.core import clock
from eenloket.demo import data as demodata
from eenloket.insights import figures
from eenloket.insights.demo_history import history_start
from eenloket.insights.figures import _base as figures_base

# Every test here reads the demo world, loaded once for the module (testing/fixtures.py).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_world")]

EVERYTHING = FigureScope()
PAGE_QUERIES = 29


@pytest.fixture
def board():
    start = history_start(clock.today()).date()
    filters = figures.Filters(start=start, end=start + dt.timedelta(days=60))
    with translation.override("en"):
        return figures.dashboard(EVERYTHING, filters)


def _figure(board, key):
    return next(f for f in board.figures if f.key == key)


def _row(figure, label_part):
    return next(r for r in figure.rows if label_part in r.label)


def _values(row):
    return [None if c.suppressed else c.value for c in row.cells]


def _demo_shows_that_it_holds_invented_history_and_uses_k_10(board):
    assert board.invented is True and board.k == 10


def _time_to_first_contact_matches_the_hand_computed_median_and_90th_percentile(board):
    # 24 cases, first contact after 1..12 hours twice: sorted 1,1,2,2,…,12,12. Nearest rank:
    # median = value 12 of 24 → 6 h; 90th percentile = value ⌈21.6⌉ = 22 → 11 h.
    row = _row(_figure(board, "first_contact"), "Gemeente Utrecht")
    assert _values(row) == [24, 6.0, 11.0]


def _handover_lead_times_per_organisation_and_line_match_by_hand(board):
    # UWV: 24 sent. Answered: 20 accepted after 1..10 h (twice) and 4 declined after 2 h:
    # 1,1,2,2,2,2,2,2,3,3,4,4,5,5,6,6,7,7,8,8,9,9,10,10 → median (12th) 4 h, p90 (22nd) 9 h.
    # Completed: 20 after 1..10 days twice → median (10th) 5 d = 120 h, p90 (18th) 9 d = 216 h.
    uwv = _row(_figure(board, "lead_times_organisation"), "UWV")
    assert _values(uwv) == [24, 4.0, 9.0, 120.0, 216.0]
    line = _row(_figure(board, "lead_times_line"), "Directe lijn WW")
    assert _values(line) == [24, 4.0, 9.0, 120.0, 216.0]
    # The SVB line got 5 handovers: 5 persons < k, so every cell is suppressed.
    svb = _row(_figure(board, "lead_times_organisation"), "SVB")
    assert _values(svb) == [None] * 5 and svb.cells[0].persons == 5


def _declines_and_reasons_are_suppressed_below_k(board):
    # 24 answered by UWV, 4 declined (no capacity): 4 persons < 10, so no count, no rate.
    uwv = _row(_figure(board, "declines"), "UWV")
    assert _values(uwv) == [24, None, None]
    reasons = _figure(board, "decline_reasons")
    assert _values(_row(reasons, "No capacity")) == [None]
    assert all(v in ([0], [None]) for v in (_values(r) for r in reasons.rows))


def _escalations_match_by_hand(board):
    # 10 of the 24 UWV handovers escalated: 41.7 %.
    assert _values(_row(_figure(board, "escalations"), "UWV")) == [24, 10, 41.7]


def _support_levels_at_start_and_close_match_by_hand(board):
    # Start: 12 intensive, 6 light, 6 self-reliant (the two sixes are suppressed and together
    # count 12 ≥ k, so nothing more is hidden). Close: 10 light, 10 self-reliant.
    figure = _figure(board, "support_levels")
    assert _values(_row(figure, "Intensive")) == [12, 0]
    assert _values(_row(figure, "Light")) == [None, 10]
    assert _values(_row(figure, "Self-reliant")) == [None, 10]


def _life_events_and_needs_over_time_match_by_hand(board):
    events = _figure(board, "life_events")
    quarter = figures_base._quarter(history_start(clock.today()))
    column = events.columns.index(quarter)
    assert _row(events, "Job loss").cells[column].value == 24
    assert _row(events, "Debts").cells[column].value == 10
    needs = _figure(board, "needs")
    assert _row(needs, "Income").cells[column].value == 24
    assert _row(needs, "Housing").cells[column].suppressed  # 8 persons


def _channels_match_by_hand(board):
    figure = _figure(board, "channels")
    assert _values(_row(figure, "Desk")) == [24, 24]
    assert _values(_row(figure, "Phone")) == [12, 12]
    assert _values(_row(figure, "Home visit")) == [0, 0]


def _appointments_kept_and_missed_match_by_hand(board):
    figure = _figure(board, "appointments")
    assert _values(_row(figure, "Came")) == [12]
    assert _values(_row(figure, "Did not come")) == [12]


def _outcomes_per_need_and_verdicts_match_by_hand(board):
    income = _row(_figure(board, "outcomes_per_need"), "Income")
    assert _values(income)[:3] == [10, 10, 0]  # solved, partly, not solved
    verdicts = _figure(board, "verdicts")
    assert _values(_row(verdicts, "Yes")) == [10, 50.0]
    assert _values(_row(verdicts, "Partly")) == [10, 50.0]


def _cases_without_a_live_next_step_count_invented_and_real_open_cases(board):
    # Invented: 4 open cases of the library desk, 2 with a next step 3 days overdue. Real demo
    # cases of that team count too (this figure is about today).
    real = Case._base_manager.filter(owning_team__name="Informatiepunt Bibliotheek", status="open")
    real_open = real.count()
    real_overdue = real.filter(next_step_due__lt=clock.today()).count()
    row = _row(_figure(board, "without_next_step"), "Informatiepunt Bibliotheek")
    assert row.cells[0].persons == 4 + real_open  # each case here is another person
    assert row.cells[1].persons == 2 + real_overdue
    for cell in row.cells[:2]:  # fewer than 10 persons: no number
        assert cell.suppressed == (cell.persons < 10)


def test_a_filter_that_narrows_a_cell_below_k_shows_no_number(board):
    # The first 8 days of the history hold 8 persons' handovers to UWV: below k = 10.
    start = history_start(clock.today()).date()
    narrow = figures.dashboard(
        EVERYTHING, figures.Filters(start=start, end=start + dt.timedelta(days=7))
    )
    uwv = _row(_figure(narrow, "lead_times_organisation"), "UWV")
    assert all(cell.suppressed and cell.value is None for cell in uwv.cells)
    assert uwv.cells[0].persons == 7  # handovers are sent a day after opening
    first = _row(_figure(narrow, "first_contact"), "Gemeente Utrecht")
    assert _values(first) == [None, None, None]


def test_the_page_shows_every_figure_and_hides_a_narrowed_cell(client, django_assert_num_queries):
    client.post("/werk/inloggen/", {"username": "programma", "password": demodata.DEMO_PASSWORD})
    start = history_start(clock.today()).date()
    # A fixed number of queries, however many facts (decision 0044): one pass per grouping.
    with django_assert_num_queries(PAGE_QUERIES):
        wide = client.get(
            "/werk/inzicht/",
            {"start": start.isoformat(), "end": (start + dt.timedelta(days=60)).isoformat()},
        )
    assert wide.status_code == 200
    page = wide.content.decode()
    for figure in figures.FIGURES:
        assert f'id="{figure(figures.Filters(), 10).key}"' in page
    assert "<svg" in page and "<table" in page and "uitgevonden" not in page
    assert ">216.0<" in page or ">216,0<" in page  # completed p90 at UWV, in the table
    narrow = client.get(
        "/werk/inzicht/",
        {"start": start.isoformat(), "end": (start + dt.timedelta(days=7)).isoformat()},
    )
    body = narrow.content.decode()
    assert "&lt;10" in body
    csv = client.get(
        "/werk/inzicht/cijfers.csv",
        {"start": start.isoformat(), "end": (start + dt.timedelta(days=7)).isoformat()},
    )
    line = next(
        row
        for row in csv.content.decode().splitlines()
        if row.startswith("lead_times_organisation") and "UWV" in row
    )
    assert line.split(",")[4] == ""  # a suppressed cell leaves the file without a number


def test_only_programme_staff_and_coordinators_see_figures(client):
    for username, expected in (
        ("programma", 200),
        ("ingrid", 200),
        ("fatima", 404),
        ("privacy", 404),
    ):
        client.post("/werk/inloggen/", {"username": username, "password": demodata.DEMO_PASSWORD})
        assert client.get("/werk/inzicht/").status_code == expected, username
        client.post("/werk/uitloggen/")


def test_every_figure_on_the_demo_matches_the_value_worked_out_by_hand(board):
    """One demo load for all figures (loading the demo takes seconds)."""
    _demo_shows_that_it_holds_invented_history_and_uses_k_10(board)
    _time_to_first_contact_matches_the_hand_computed_median_and_90th_percentile(board)
    _handover_lead_times_per_organisation_and_line_match_by_hand(board)
    _declines_and_reasons_are_suppressed_below_k(board)
    _escalations_match_by_hand(board)
    _support_levels_at_start_and_close_match_by_hand(board)
    _life_events_and_needs_over_time_match_by_hand(board)
    _channels_match_by_hand(board)
    _appointments_kept_and_missed_match_by_hand(board)
    _outcomes_per_need_and_verdicts_match_by_hand(board)
    _cases_without_a_live_next_step_count_invented_and_real_open_cases(board)
