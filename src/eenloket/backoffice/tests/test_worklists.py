"""The four worklists: what lands where, most urgent first, in a fixed number of queries."""

import datetime as dt

import pytest
from django.db import connection

from eenloket.cases.models import CaseStatus
from eenloket.core import clock
from eenloket.testing import factories

pytestmark = pytest.mark.django_db

# A plain page (see test_work_views.PAGE_QUERIES) plus three more case queries: one per list.
WORKLISTS_QUERIES = {"sqlite": 18, "postgresql": 20}


def _cases(membership):
    today = clock.today()
    team, me = membership.team, membership.user
    return {
        "mine_later": factories.CaseFactory(
            owning_team=team, coordinator=me, next_step_due=today + dt.timedelta(days=9)
        ),
        "mine_overdue": factories.CaseFactory(
            owning_team=team, coordinator=me, next_step_due=today - dt.timedelta(days=2)
        ),
        "new": factories.CaseFactory(owning_team=team, next_step_due=today + dt.timedelta(days=1)),
        "waiting": factories.CaseFactory(
            owning_team=team,
            coordinator=me,
            status=CaseStatus.ON_HOLD,
            hold_reason="waiting_on_citizen",
            next_step="",
            next_step_due=None,
        ),
        "other_team": factories.CaseFactory(coordinator=me),
    }


def test_each_worklist_holds_the_right_cases_most_urgent_first(worker_client, membership):
    cases = _cases(membership)
    response = worker_client.get("/werk/werklijsten/")
    lists = {key: [c.pk for c in found] for key, _title, found in response.context["lists"]}
    assert lists["mine"] == [
        cases["waiting"].pk,  # no date: most urgent
        cases["mine_overdue"].pk,
        cases["mine_later"].pk,
    ]
    assert lists["attention"] == [cases["waiting"].pk, cases["mine_overdue"].pk]
    assert lists["waiting"] == [cases["waiting"].pk]
    assert lists["new"] == [cases["new"].pk]
    assert str(cases["other_team"].pk) not in response.content.decode()


def test_worklists_run_a_fixed_number_of_queries(
    worker_client, membership, django_assert_num_queries
):
    _cases(membership)
    worker_client.get("/werk/werklijsten/")
    with django_assert_num_queries(WORKLISTS_QUERIES[connection.vendor]):
        worker_client.get("/werk/werklijsten/")
    for _ in range(3):
        _cases(membership)
    with django_assert_num_queries(WORKLISTS_QUERIES[connection.vendor]):
        response = worker_client.get("/werk/werklijsten/")
    assert len(response.context["lists"][0][2]) == 12


def test_what_is_due_today_comes_first_and_lists_filter_sort_and_count(worker_client, membership):
    cases = _cases(membership)
    today = factories.CaseFactory(
        owning_team=membership.team, coordinator=membership.user, next_step_due=clock.today()
    )
    response = worker_client.get("/werk/werklijsten/")
    mine = [c.pk for c in response.context["lists"][0][2]]
    assert mine[0] == today.pk  # due today before the undated and the overdue
    assert response.context["due_today"] == 1
    counts = {key: count for key, _title, count in response.context["filters"]}
    assert counts == {"mine": 4, "attention": 2, "waiting": 1, "new": 1}
    only = worker_client.get("/werk/werklijsten/?lijst=new")
    assert [key for key, _t, _c in only.context["lists"]] == ["new"]
    assert [c.pk for c in only.context["lists"][0][2]] == [cases["new"].pk]
    by_date = worker_client.get("/werk/werklijsten/?lijst=mine&volgorde=due")
    assert [c.pk for c in by_date.context["lists"][0][2]][-1] == cases["mine_later"].pk
    odd = worker_client.get("/werk/werklijsten/?lijst=nope&volgorde=nope")
    assert odd.status_code == 200 and odd.context["sort"] == "urgent"
    assert len(odd.context["lists"]) == 4
