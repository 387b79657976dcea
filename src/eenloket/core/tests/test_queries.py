"""core/queries.py: the IN that PostgreSQL can answer from an index inside an OR."""

import pytest
from django.db import connection
from django.db.models import F, Q

from eenloket.cases.models import Case, CaseTeam
from eenloket.core.queries import InSubquery
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
