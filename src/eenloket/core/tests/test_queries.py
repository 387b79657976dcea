"""core/queries.py: the IN that PostgreSQL can answer from an index inside an OR."""

import datetime as dt

import pytest
from django.db import connection
from django.db.models import F, Q

from eenloket.cases.models import Case, CaseStatus, CaseTeam
from eenloket.core.queries import InSubquery, keyset_after
from eenloket.testing import factories

pytestmark = pytest.mark.django_db


def test_in_subquery_selects_what_a_plain_in_selects_also_inside_an_or():
    team = factories.TeamFactory()
    owned = factories.CaseFactory(owning_team=team)
    linked = factories.CaseFactory()
    factories.CaseTeamFactory(case=linked, team=team)
    ended = factories.CaseFactory()
    factories.CaseTeamFactory(case=ended, team=team, ended_at=ended.opened_at)
    factories.CaseFactory()  # someone else's
    works_on = CaseTeam._base_manager.filter(team=team, ended_at__isnull=True).values("case_id")
    plain = Case._base_manager.filter(Q(owning_team=team) | Q(pk__in=works_on))
    shaped = Case._base_manager.filter(Q(owning_team=team) | Q(InSubquery(F("pk"), works_on)))
    assert set(shaped) == set(plain) == {owned, linked}
    assert set(Case._base_manager.filter(InSubquery(F("pk"), works_on))) == {linked}
    assert not Case._base_manager.filter(
        InSubquery(F("pk"), works_on.filter(team=factories.TeamFactory()))
    ).exists()


def test_on_postgresql_the_subquery_runs_once_as_an_array():
    works_on = CaseTeam._base_manager.filter(ended_at__isnull=True).values("case_id")
    sql = str(Case._base_manager.filter(InSubquery(F("pk"), works_on)).query)
    if connection.vendor == "postgresql":
        assert "= ANY(ARRAY(SELECT" in sql
    else:
        assert " IN (SELECT" in sql


def test_keyset_pages_follow_the_order_without_gaps_or_doubles_also_over_nulls_and_ties():
    team = factories.TeamFactory()
    day = dt.date(2026, 5, 1)
    at = dt.datetime(2026, 4, 1, 9, tzinfo=dt.UTC)
    undated = {"status": CaseStatus.ON_HOLD, "hold_reason": "waiting_on_citizen", "next_step": ""}
    for due in (None, None, day, day, day, day + dt.timedelta(days=1), None):
        more = undated if due is None else {}
        # the same opened_at everywhere: only the primary key breaks the ties
        factories.CaseFactory(owning_team=team, next_step_due=due, opened_at=at, **more)
    order = (F("next_step_due").asc(nulls_first=True), "opened_at", "pk")
    cases = Case._base_manager.filter(owning_team=team).order_by(*order)
    expected = list(cases)
    fields = ("next_step_due", "opened_at", "pk")
    seen, page = [], list(cases[:2])
    while page:
        seen += page
        last = page[-1]
        values = (last.next_step_due, last.opened_at, last.pk)
        page = list(cases.filter(keyset_after(fields, values))[:2])
    assert seen == expected
    assert not cases.filter(
        keyset_after(
            fields,
            (day + dt.timedelta(days=9), dt.datetime.min.replace(tzinfo=dt.UTC), expected[0].pk),
        )
    ).exists()
