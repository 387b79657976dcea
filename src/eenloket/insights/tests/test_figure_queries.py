"""The one-pass queries behind the figures (decision 0044) give exactly what the plain
formulation gives: distinct persons and rows per group and condition as COUNT(DISTINCT …), and
nearest-rank percentiles as sorting the values in Python; a dashboard's shared passes change
no figure. On a few hundred invented facts with persons that have several cases."""

import math
from collections import defaultdict

import pytest
from django.db import connection
from django.db.models import Count, Q
from django.test.utils import CaptureQueriesContext

from eenloket import seeding
from eenloket.access.insights import FigureScope
from eenloket.insights import figures
from eenloket.insights.figures import _base, topics
from eenloket.insights.models import HandoverFact, TopicFact

pytestmark = pytest.mark.django_db

CONDITIONS = {
    "sent": None,
    "answered": Q(answer_seconds__isnull=False),
    "completed": Q(complete_seconds__isnull=False),
    "declined": Q(answer="declined"),
    "late": Q(escalated=True),
}


@pytest.fixture
def history():
    seeding.seed_history(handovers=600, seed=7, teams=6)


def _plain_counts(facts, group, person, conditions):
    """The obvious formulation: one COUNT(DISTINCT person) and COUNT(*) per condition."""
    found = {}
    for name, condition in conditions.items():
        chosen = facts if condition is None else facts.filter(condition)
        for row in (
            chosen.values(group).annotate(p=Count(person, distinct=True), n=Count("pk")).order_by()
        ):
            found.setdefault(row[group], {})[name] = (row["p"], row["n"])
    for by_name in found.values():
        for name in conditions:
            by_name.setdefault(name, (0, 0))
    return found


def _nearest_rank(values, share):
    ordered = sorted(values)
    return ordered[math.ceil(share * len(ordered)) - 1]


def test_persons_and_rows_per_group_match_count_distinct(history):
    facts = HandoverFact.objects.all()
    found = _base._persons_by(facts, "to_organisation_id", **CONDITIONS)
    assert found == _plain_counts(facts, "to_organisation_id", "person_ref", CONDITIONS)
    # The data really has persons with several rows in a group, so distinct ≠ rows.
    assert any(v["sent"][0] < v["sent"][1] for v in found.values())


def test_persons_through_the_case_match_count_distinct(history):
    topics = TopicFact.objects.filter(kind=TopicFact.NEED)
    conditions = {"closed": Q(case__status="closed"), "open": Q(case__status="open")}
    found = _base._persons_by(topics, "key", person="case__person_ref", **conditions)
    assert found == _plain_counts(topics, "key", "case__person_ref", conditions)


def test_percentiles_of_two_columns_in_one_query_match_sorting_in_python(history):
    facts = HandoverFact.objects.all()
    ranks = _base._percentiles(facts, "contact_point_id", "answer_seconds", "complete_seconds")
    for column in ("answer_seconds", "complete_seconds"):
        values = defaultdict(list)
        for group, value in facts.exclude(**{f"{column}__isnull": True}).values_list(
            "contact_point_id", column
        ):
            values[group].append(value)
        assert ranks[column] == {
            group: (_nearest_rank(found, 0.5), _nearest_rank(found, 0.9))
            for group, found in values.items()
        }


def test_a_dashboard_shows_what_each_figure_shows_on_its_own(history):
    filters = figures.Filters()
    board = figures.dashboard(FigureScope(), filters, k=5)
    alone = [figure(filters, 5) for figure in figures.FIGURES]
    assert [(f.key, f.rows) for f in board.figures] == [(f.key, f.rows) for f in alone]
    assert any(c.shown for f in board.figures for r in f.rows for c in r.cells)


def test_topics_and_contacts_of_a_few_cases_are_the_same_found_either_way(history, monkeypatch):
    organisation = HandoverFact.objects.values_list("from_organisation_id", flat=True)[0]
    narrow = figures.Filters(organisation_id=organisation)
    keys = (figures.needs_over_time, figures.channels, figures.outcomes_per_need)
    first = [figure(narrow, 5).rows for figure in keys]  # case_id IN (the chosen cases)
    monkeypatch.setattr(
        topics,
        "_of_cases",
        lambda filters, *, period=True: _base._case_q(filters, "case__", period=period),
    )
    assert [figure(narrow, 5).rows for figure in keys] == first  # a plain join
    assert any(c.persons for rows in first for r in rows for c in r.cells)


def test_the_dashboard_runs_the_same_queries_however_many_facts():
    """Aggregates in the database, no per-case loop: five times the facts, the same queries."""

    def queries():
        with CaptureQueriesContext(connection) as captured:
            board = figures.dashboard(FigureScope(), figures.Filters(), k=5, live=True)
        return [q["sql"] for q in captured.captured_queries], board

    seeding.seed_history(handovers=300, seed=7, teams=4)
    small, small_board = queries()
    seeding.seed_history(handovers=1500, seed=8, teams=4)
    large, large_board = queries()
    assert len(small) == len(large)
    counted = [
        sum(c.persons for r in b.figures[0].rows for c in r.cells)
        for b in (small_board, large_board)
    ]
    assert 0 < counted[0] < counted[1]  # the figures did count the added facts
