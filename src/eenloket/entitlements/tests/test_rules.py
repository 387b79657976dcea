"""Every entitlement rule: a case that just qualifies and one that just misses, on each
criterion, with the shipped criteria of the year (docs/entitlements.md)."""

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from eenloket.entitlements import criteria as criteria_module
from eenloket.entitlements import rules
from eenloket.entitlements.situation import Known, Situation

ON = dt.date(2026, 6, 1)
CENT = Decimal("0.01")


def limits(scheme: str) -> dict[str, Decimal]:
    return criteria_module.criteria_for(scheme, ON).limits


def situation(birth_date=dt.date(1990, 1, 1), **facts) -> Situation:
    known = {
        key.replace("__", "."): Known(Decimal(str(value)), ON, "test")
        for key, value in facts.items()
    }
    return Situation(on=ON, facts=known, birth_date=birth_date)


def outcome(scheme: str, s: Situation, applied=False) -> str:
    rule = next(r for r in rules.RULES if r.scheme == scheme)
    return rule.evaluate(s, applied).outcome


# A household that meets every criterion of every rule, to vary one criterion at a time.
def qualifying(**changes):
    facts = {
        "household__partner": 0,
        "household__children_under_18": 1,
        "income__yearly": 20000,
        "income__assets": 1000,
        "housing__rent": 700,
        "housing__self_contained": 1,
        "income__gets_kinderbijslag": 1,
    }
    birth_date = changes.pop("birth_date", dt.date(1990, 1, 1))
    facts.update(changes)
    return situation(birth_date=birth_date, **facts)


EIGHTEENTH = dt.date(ON.year - 18, ON.month, ON.day)


@pytest.mark.parametrize("scheme", ["huurtoeslag", "zorgtoeslag"])
def test_age_just_qualifies_on_the_eighteenth_birthday_and_just_misses_the_day_before(scheme):
    assert outcome(scheme, qualifying(birth_date=EIGHTEENTH)) == rules.MAY_QUALIFY
    day_later = EIGHTEENTH + dt.timedelta(days=1)
    assert outcome(scheme, qualifying(birth_date=day_later)) == rules.DOES_NOT_QUALIFY


@pytest.mark.parametrize(
    ("scheme", "fact", "single", "partner"),
    [
        ("zorgtoeslag", "income__yearly", "income_single", "income_partner"),
        ("zorgtoeslag", "income__assets", "assets_single", "assets_partner"),
        ("huurtoeslag", "income__assets", "assets_single", "assets_partner"),
        ("kindgebonden-budget", "income__assets", "assets_single", "assets_partner"),
    ],
)
def test_a_household_limit_just_qualifies_at_the_limit_and_just_misses_a_cent_above(
    scheme, fact, single, partner
):
    figures = limits(scheme)
    for has_partner, limit in ((0, figures[single]), (1, figures[partner])):
        at = qualifying(household__partner=has_partner, **{fact: limit})
        above = qualifying(household__partner=has_partner, **{fact: limit + CENT})
        assert outcome(scheme, at) == rules.MAY_QUALIFY
        assert outcome(scheme, above) == rules.DOES_NOT_QUALIFY


def test_the_zorgtoeslag_limits_are_the_published_2026_figures():
    # The figures a reviewer finds on the cited pages; a typo in criteria.py fails here.
    assert limits("zorgtoeslag") == {
        "income_single": Decimal("40857"),
        "income_partner": Decimal("51142"),
        "assets_single": Decimal("146011"),
        "assets_partner": Decimal("184633"),
    }
    assert limits("huurtoeslag")["assets_single"] == Decimal("38479")


@pytest.mark.parametrize("scheme", ["kinderbijslag", "kindgebonden-budget"])
def test_children_one_child_just_qualifies_and_none_just_misses(scheme):
    changes = {"income__gets_kinderbijslag": 0} if scheme == "kinderbijslag" else {}
    assert outcome(scheme, qualifying(**changes)) == rules.MAY_QUALIFY
    assert (
        outcome(scheme, qualifying(household__children_under_18=0, **changes))
        == rules.DOES_NOT_QUALIFY
    )


def test_kindgebonden_budget_needs_child_benefit_and_points_to_it_otherwise():
    assert (
        outcome("kindgebonden-budget", qualifying(income__gets_kinderbijslag=0))
        == rules.DOES_NOT_QUALIFY
    )
    # …while the child-benefit rule then says: may be entitled to child benefit.
    assert outcome("kinderbijslag", qualifying(income__gets_kinderbijslag=0)) == rules.MAY_QUALIFY


def test_huurtoeslag_needs_a_self_contained_home_and_rent():
    assert outcome("huurtoeslag", qualifying(housing__self_contained=0)) == rules.DOES_NOT_QUALIFY
    assert outcome("huurtoeslag", qualifying(housing__rent=0)) == rules.DOES_NOT_QUALIFY
    # From 2026 a high rent no longer excludes anyone.
    assert outcome("huurtoeslag", qualifying(housing__rent=2500)) == rules.MAY_QUALIFY


def test_receiving_or_having_applied_is_never_flagged_again():
    assert outcome("zorgtoeslag", qualifying(income__gets_zorgtoeslag=1)) == rules.ALREADY_RECEIVES
    assert outcome("zorgtoeslag", qualifying(), applied=True) == rules.APPLIED


def test_missing_facts_say_what_to_record_and_never_give_a_signal():
    finding = next(
        f for f in rules.evaluate_all(situation(birth_date=None)) if f.rule.scheme == "zorgtoeslag"
    )
    assert finding.outcome == rules.UNKNOWN
    assert any("birth" in m.lower() or "geboorte" in m.lower() for m in finding.missing)
    assert any("income" in m.lower() or "inkomen" in m.lower() for m in finding.missing)


def test_without_the_partner_fact_an_income_under_both_or_over_both_limits_is_still_decided():
    figures = limits("zorgtoeslag")
    low = qualifying(income__yearly=figures["income_single"])
    del low.facts["household.partner"]
    assert outcome("zorgtoeslag", low) == rules.MAY_QUALIFY
    high = qualifying(income__yearly=figures["income_partner"] + CENT)
    del high.facts["household.partner"]
    assert outcome("zorgtoeslag", high) == rules.DOES_NOT_QUALIFY
    between = qualifying(income__yearly=figures["income_single"] + CENT)
    del between.facts["household.partner"]
    finding = rules.RULES[1].evaluate(between)
    assert finding.outcome == rules.UNKNOWN and finding.missing


def test_a_year_without_criteria_gives_no_signal_rather_than_last_years():
    later = qualifying(income__gets_kinderbijslag=0)
    later.on = dt.date(2031, 1, 1)
    assert {f.outcome for f in rules.evaluate_all(later)} == {rules.NO_CRITERIA}


def test_every_limit_has_a_source_and_the_unofficial_ones_are_listed_in_the_docs():
    from pathlib import Path

    docs = (Path(__file__).resolve().parents[4] / "docs/entitlements.md").read_text()
    for criteria in criteria_module.CRITERIA:
        backed = {limit for s in criteria.sources for limit in s.backs}
        assert set(criteria.limits) <= backed, criteria.scheme
        assert "conditions" in backed, criteria.scheme
        assert all(s.url.startswith("https://") and s.says for s in criteria.sources)
    for criteria, limit in criteria_module.to_confirm():
        assert f"`{criteria.scheme}` `{limit}`" in docs


@given(
    income=st.decimals(min_value=0, max_value=200000, places=2),
    assets=st.decimals(min_value=0, max_value=400000, places=2),
    partner=st.sampled_from([0, 1, None]),
)
def test_more_income_or_assets_never_turns_a_miss_into_a_signal(income, assets, partner):
    def zorg(i, a):
        s = qualifying(income__yearly=i, income__assets=a)
        if partner is None:
            del s.facts["household.partner"]
        else:
            s.facts["household.partner"] = Known(Decimal(partner), ON, "test")
        return outcome("zorgtoeslag", s)

    if zorg(income, assets) == rules.DOES_NOT_QUALIFY:
        assert zorg(income + 1, assets) == rules.DOES_NOT_QUALIFY
        assert zorg(income, assets + 1) == rules.DOES_NOT_QUALIFY
