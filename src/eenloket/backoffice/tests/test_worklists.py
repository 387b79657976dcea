"""The four worklists: what lands where, most urgent first, in a fixed number of queries."""

import datetime as dt
from urllib.parse import quote

import pytest
from django.db import connection

from eenloket.audit.models import ProcessingLogEntry
from eenloket.cases.models import CaseStatus
from eenloket.cases.selectors import WORKLIST_PAGE, WORKLIST_PREVIEW
from eenloket.core import clock
from eenloket.testing import factories

pytestmark = pytest.mark.django_db

# A plain page (see test_work_views.PAGE_QUERIES) plus three more case queries: one per list.
WORKLISTS_QUERIES = {"sqlite": 15, "postgresql": 15}


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
    # 12 of mine; the page shows (and reads) the first WORKLIST_PREVIEW of each list
    assert len(response.context["lists"][0][2]) == WORKLIST_PREVIEW == 10
    # One list on its own page reads only that list: three queries fewer.
    with django_assert_num_queries(WORKLISTS_QUERIES[connection.vendor] - 3):
        worker_client.get("/werk/werklijsten/?lijst=mine")


def test_one_list_pages_by_keyset_and_reads_and_logs_only_what_the_page_shows(
    worker_client, membership
):
    today = clock.today()
    mine = [
        factories.CaseFactory(
            owning_team=membership.team,
            coordinator=membership.user,
            next_step_due=today + dt.timedelta(days=n % 4),  # ties on the date
        )
        for n in range(WORKLIST_PAGE + 5)
    ]
    everything = worker_client.get("/werk/werklijsten/")
    counts = {key: count for key, _title, count in everything.context["filters"]}
    assert counts["mine"] == f"{WORKLIST_PREVIEW}+"
    assert "?lijst=mine&amp;volgorde=urgent" in everything.content.decode()

    seen, url, pages = [], "/werk/werklijsten/?lijst=mine&volgorde=due", 0
    while url:
        lines = ProcessingLogEntry.objects.count()
        response = worker_client.get(url)
        page = [c.pk for c in response.context["lists"][0][2]]
        assert ProcessingLogEntry.objects.count() - lines == len(page)  # one line per row shown
        seen += page
        pages += 1
        after = response.context["page_after"]
        url = f"/werk/werklijsten/?lijst=mine&volgorde=due&na={quote(after)}" if after else ""
    assert pages == 2 and len(seen) == len(set(seen)) == len(mine)
    assert set(seen) == {c.pk for c in mine}
    assert "Volgende pagina" not in response.content.decode()

    odd = worker_client.get("/werk/werklijsten/", {"lijst": "mine", "na": "not_a_cursor"})
    assert odd.status_code == 200
    assert [c.pk for c in odd.context["lists"][0][2]] == seen[:WORKLIST_PAGE]


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
