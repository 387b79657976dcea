"""The support assessment: the rule (property-based), the service's checks, the page."""

import datetime as dt

import pytest
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st

from eenloket.accounts.models import Role
from eenloket.assessment import rules, services
from eenloket.assessment.models import Assessment
from eenloket.cases import services as cases
from eenloket.core import clock
from eenloket.core.actor import Actor
from eenloket.core.errors import DomainError
from eenloket.testing import factories
from eenloket.testing.fixtures import log_in

SYSTEM = Actor.system("test")
CAPACITIES = list(rules.CAPACITY)
scores_strategy = st.fixed_dictionaries({key: st.integers(1, 5) for key in rules.DOMAINS})


@given(
    scores=scores_strategy,
    capacity=st.sampled_from(CAPACITIES),
    domain=st.sampled_from(list(rules.DOMAINS)),
)
def test_a_better_score_never_asks_for_more_support(scores, capacity, domain):
    better = scores | {domain: min(5, scores[domain] + 1)}
    assert not rules.more_support(
        rules.support_level(better, capacity), rules.support_level(scores, capacity)
    )


@given(scores=scores_strategy)
def test_a_weaker_capacity_never_asks_for_less_support(scores):
    levels = [
        rules.support_level(scores, c)
        for c in (rules.SUFFICIENT, rules.LIMITED, rules.VERY_LIMITED)
    ]
    assert not rules.more_support(levels[0], levels[1])
    assert not rules.more_support(levels[1], levels[2])
    assert levels[2] == rules.INTENSIVE


def test_the_rule_at_its_edges():
    all_5 = dict.fromkeys(rules.DOMAINS, 5)
    assert rules.support_level(all_5, rules.SUFFICIENT) == rules.SELF_RELIANT
    assert rules.support_level(all_5 | {"finances": 4}, rules.SUFFICIENT) == rules.SELF_RELIANT
    assert rules.support_level(all_5 | {"finances": 3}, rules.SUFFICIENT) == rules.LIGHT
    assert rules.support_level(all_5, rules.LIMITED) == rules.LIGHT
    two_low = all_5 | {"finances": 2, "housing": 1}
    assert rules.support_level(two_low, rules.SUFFICIENT) == rules.LIGHT
    assert rules.support_level(two_low | {"justice": 2}, rules.SUFFICIENT) == rules.INTENSIVE
    assert rules.support_level(all_5 | {"finances": 2}, rules.LIMITED) == rules.INTENSIVE
    with pytest.raises(ValueError):
        rules.support_level({"finances": 3}, rules.SUFFICIENT)


def _case(team=None):
    return cases.case_open(
        person=factories.PersonFactory(),
        question_verbatim="Ik heb schulden en geen werk.",
        owning_team=team or factories.TeamFactory(),
        next_step="Terugbellen",
        next_step_due=clock.today() + dt.timedelta(days=2),
        actor=SYSTEM,
    )


@pytest.mark.django_db
def test_every_domain_needs_a_score_and_a_rationale_and_history_is_kept():
    case = _case()
    scores = dict.fromkeys(rules.DOMAINS, 4)
    why = dict.fromkeys(rules.DOMAINS, "Gaat redelijk.")
    with pytest.raises(DomainError) as missing:
        services.assessment_record(
            case=case,
            scores=scores | {"justice": None},
            rationales=why,
            capacity="sufficient",
            capacity_rationale="Plant zelf.",
            actor=SYSTEM,
        )
    assert missing.value.field == "scores"
    with pytest.raises(DomainError) as unexplained:
        services.assessment_record(
            case=case,
            scores=scores,
            rationales=why | {"housing": " "},
            capacity="sufficient",
            capacity_rationale="Plant zelf.",
            actor=SYSTEM,
        )
    assert unexplained.value.field == "rationales"
    first = services.assessment_record(
        case=case,
        scores=scores | {"finances": 1, "housing": 2, "justice": 2},
        rationales=why,
        capacity="limited",
        capacity_rationale="Opent de post niet.",
        actor=SYSTEM,
    )
    second = services.assessment_record(
        case=case,
        scores=scores,
        rationales=why,
        capacity="sufficient",
        capacity_rationale="Regelt het nu zelf.",
        actor=SYSTEM,
    )
    assert (first.support_level, second.support_level) == (rules.INTENSIVE, rules.SELF_RELIANT)
    assert Assessment.objects.filter(case=case).count() == 2


@pytest.mark.django_db
def test_the_page_records_an_assessment_and_shows_the_change_as_chart_and_table():
    membership = factories.MembershipFactory(role=Role.FRONTLINE_WORKER)
    case = _case(team=membership.team)
    client = log_in(Client(), membership.user)
    url = f"/werk/zaken/{case.pk}/ondersteuning/"
    form = {f"score_{k}": "3" for k in rules.DOMAINS} | {
        f"why_{k}": "Eigen woorden" for k in rules.DOMAINS
    }
    incomplete = client.post(url, form | {"score_justice": "", "capacity": "limited"})
    assert incomplete.status_code == 400
    assert "Eigen woorden" in incomplete.content.decode()  # nothing typed is lost
    form |= {"capacity": "limited", "capacity_rationale": "Heeft hulp nodig bij plannen."}
    assert client.post(url, form).status_code == 302
    page = client.get(url).content.decode()
    assert "<svg" in page and "<polyline" in page and "Lichte ondersteuning" in page
    partner = factories.MembershipFactory(role=Role.PARTNER_WORKER)
    cases.case_add_team(case=case, team=partner.team, actor=SYSTEM)
    assert log_in(Client(), partner.user).get(url).status_code == 404
