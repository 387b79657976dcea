"""The life-event guide: scenario 01's WW deadline, scenario 02's "does this by itself", the
deadline rule, and the page through the policy point."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st

from eenloket.accounts.models import Role
from eenloket.calendars import statutory
from eenloket.cases import services as cases
from eenloket.core import clock
from eenloket.core.actor import Actor
from eenloket.core.errors import DomainError
from eenloket.guide import rules, selectors, services
from eenloket.guide.models import GuideItem, ItemState
from eenloket.guide.states import ITEM
from eenloket.testing import factories
from eenloket.testing.fixtures import log_in

SYSTEM = Actor.system("test")


@pytest.fixture
def directory(db, reference_once):
    """Every database test here reads the shipped reference, loaded once for the module."""
    return reference_once


def _case(life_events, team=None):
    return cases.case_open(
        person=factories.PersonFactory(),
        question_verbatim="Ik heb geen werk meer en de brieven stapelen zich op.",
        life_events=life_events,
        owning_team=team or factories.TeamFactory(),
        next_step="Terugbellen",
        next_step_due=clock.today() + dt.timedelta(days=2),
        actor=SYSTEM,
    )


def _ww(case):
    return next(
        e
        for s in selectors.guide_for(case)
        for e in s.entries
        if e.task.scheme and e.task.scheme.service.name.startswith("WW")
    )


def test_scenario_01_three_weeks_after_job_loss_the_ww_deadline_has_passed(directory):
    case = _case(["job_loss", "debts"])
    services.life_event_date_set(
        case=case, key="job_loss", occurred_on=clock.today() - dt.timedelta(days=21), actor=SYSTEM
    )
    ww = _ww(case)
    assert ww.task.deadline_days == 7
    assert ww.deadline.status == "passed"
    assert ww.acts_by_itself is False
    # Made the next step: apply today.
    services.guide_item_set(
        case=case,
        task_id=ww.task.pk,
        state=ItemState.NEXT_STEP,
        expected_version=case.version,
        actor=SYSTEM,
    )
    case.refresh_from_db()
    assert case.next_step == ww.task.title and case.next_step_due == clock.today()


def test_a_day_after_job_loss_the_ww_deadline_is_still_ahead(directory):
    case = _case(["job_loss"])
    services.life_event_date_set(
        case=case, key="job_loss", occurred_on=clock.today() - dt.timedelta(days=1), actor=SYSTEM
    )
    ww = _ww(case)
    assert ww.deadline.status in ("open", "soon") and ww.deadline.days_left >= 0


def test_without_the_date_the_guide_lists_the_items_without_a_computed_deadline(directory):
    case = _case(["job_loss"])
    ww = _ww(case)
    assert ww.deadline is None and "week" in ww.task.deadline


def test_scenario_02_marks_what_the_svb_and_toeslagen_do_by_themselves(directory):
    case = _case(["death_of_partner"])
    sections = selectors.guide_for(case)
    by_itself = {e.task.organisation.key for s in sections for e in s.entries if e.acts_by_itself}
    to_do = {e.task.organisation.key for s in sections for e in s.entries if not e.acts_by_itself}
    # The AOW moves to the single rate, and the allowances to the survivor's name, without a call.
    assert {"svb", "toeslagen"} <= by_itself
    assert "gemeente-utrecht" in to_do  # the funeral costs: special assistance is applied for


def test_dates_and_items_belong_to_the_case(directory):
    case = _case(["job_loss"])
    with pytest.raises(DomainError) as wrong_event:
        services.life_event_date_set(
            case=case, key="divorce", occurred_on=clock.today(), actor=SYSTEM
        )
    assert wrong_event.value.field == "key"
    other = _ww(_case(["job_loss"]))
    other_task = next(
        e.task for s in selectors.guide_for(_case(["death_of_partner"])) for e in s.entries
    )
    with pytest.raises(DomainError):
        services.guide_item_set(
            case=case, task_id=other_task.pk, state="done", expected_version=1, actor=SYSTEM
        )
    with pytest.raises(DomainError):
        services.guide_item_set(
            case=case, task_id=other.task.pk, state="maybe", expected_version=1, actor=SYSTEM
        )
    assert not GuideItem.objects.exists()


@given(
    # Up to 90 days before the end of the known holiday data (calendars/test_calendar_data.py
    # shows the clear refusal after it).
    occurred=st.dates(
        min_value=dt.date(2017, 1, 1),
        max_value=dt.date(statutory.DECREES_KNOWN_UNTIL, 12, 31) - dt.timedelta(days=100),
    ),
    days=st.integers(min_value=1, max_value=90),
    offset=st.integers(min_value=-120, max_value=120),
)
def test_a_deadline_is_never_a_rest_day_never_early_and_passed_only_after_it(
    occurred, days, offset
):
    today = occurred + dt.timedelta(days=offset)
    deadline = rules.deadline(occurred, days, today)
    assert not statutory.is_atw_rest_day(deadline.due)
    assert deadline.due >= occurred + dt.timedelta(days=days)
    assert (deadline.status == "passed") == (today > deadline.due)


# Two for the entitlement signals: the structured facts and the applications.
GUIDE_PAGE_QUERIES = {"sqlite": 18, "postgresql": 18}


def test_the_guide_page_shows_the_passed_deadline_in_a_fixed_number_of_queries(
    directory, django_assert_num_queries
):
    membership = factories.MembershipFactory(role=Role.FRONTLINE_WORKER)
    case = _case(["job_loss", "debts"], team=membership.team)
    client = log_in(Client(), membership.user)
    url = f"/werk/zaken/{case.pk}/wegwijzer/"
    response = client.post(
        f"{url}datum/job_loss/",
        {"job_loss-occurred_on": (clock.today() - dt.timedelta(days=21)).isoformat()},
    )
    assert response.status_code == 302
    client.get(url)
    with django_assert_num_queries(GUIDE_PAGE_QUERIES[connection.vendor]):
        page = client.get(url).content.decode()
    assert "is voorbij" in page and "Vraag het nu aan" in page
    partner = factories.MembershipFactory(role=Role.PARTNER_WORKER)
    cases.case_add_team(case=case, team=partner.team, actor=SYSTEM)
    assert log_in(Client(), partner.user).get(url).status_code == 404


def test_in_every_state_the_page_offers_exactly_the_moves_of_the_items_table(directory):
    """The item's buttons come from guide/states.py: walk every state through the page and
    compare the buttons with the table; asking for the present state changes nothing."""
    membership = factories.MembershipFactory(role=Role.FRONTLINE_WORKER)
    case = _case(["job_loss"], team=membership.team)
    client = log_in(Client(), membership.user)
    url = f"/werk/zaken/{case.pk}/wegwijzer/"
    ww = _ww(case)
    form = f"/werk/zaken/{case.pk}/wegwijzer/{ww.task.pk}/"
    for state in (ItemState.DONE, ItemState.NOT_APPLICABLE, ItemState.NEXT_STEP, ItemState.OPEN):
        case.refresh_from_db()
        response = client.post(form, {"state": state, "version": case.version})
        assert response.status_code == 302
        assert GuideItem.objects.get(task=ww.task).state == state
        page = client.get(url).content.decode()
        start = page.index(f'action="{form}"')
        buttons = set(
            re.findall(r'name="state" value="(\w+)"', page[start : page.index("</form>", start)])
        )
        assert buttons == set(ITEM.actions(state)) and state not in buttons
    item = GuideItem.objects.get(task=ww.task)
    services.guide_item_set(
        case=case, task_id=ww.task.pk, state=item.state, expected_version=0, actor=SYSTEM
    )
    assert GuideItem.objects.get(task=ww.task).decided_at == item.decided_at
