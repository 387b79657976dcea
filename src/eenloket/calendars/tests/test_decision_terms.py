import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from eenloket.calendars import statutory
from eenloket.calendars.decision_terms import (
    REASONABLE_TERM,
    DecisionTerm,
    TermUnit,
    decision_date_before_atw,
    expected_decision_date,
    suspended_days,
)
from eenloket.calendars.statutory import is_atw_rest_day

D = dt.date


@pytest.fixture(autouse=True, scope="module")
def decree_days_known_in_every_year():
    """The rules are the same in every year; see test_statutory.py."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(statutory, "DECREES_KNOWN_UNTIL", 9999)
        yield


filing_dates = st.dates(min_value=D(2014, 1, 1), max_value=D(2090, 12, 31))
terms = st.builds(
    DecisionTerm,
    value=st.integers(min_value=1, max_value=52),
    unit=st.sampled_from(TermUnit),
    start_event=st.just("receipt of the application"),
    legal_source=st.just("test"),
)


@st.composite
def suspensions_after(draw, filed_on):
    periods = []
    for _ in range(draw(st.integers(min_value=0, max_value=3))):
        begin = filed_on + dt.timedelta(days=draw(st.integers(min_value=0, max_value=120)))
        periods.append((begin, begin + dt.timedelta(days=draw(st.integers(0, 60)))))
    return periods


def test_reasonable_term_is_eight_weeks_from_receipt():
    assert REASONABLE_TERM.value == 8
    assert REASONABLE_TERM.unit is TermUnit.WEEKS
    assert REASONABLE_TERM.days == 56
    assert "4:13" in REASONABLE_TERM.legal_source


def test_without_a_term_the_reasonable_term_applies():
    # Filed Monday 2 March 2026: eight weeks later is Monday 27 April 2026, Koningsdag.
    assert expected_decision_date(D(2026, 3, 2)) == D(2026, 4, 28)


def test_term_keeps_unit_start_event_and_source():
    term = DecisionTerm(6, "weeks", "receipt of the application", "art. 16 Participatiewet")
    assert term.unit is TermUnit.WEEKS
    assert term.days == 42
    assert term.legal_source == "art. 16 Participatiewet"


@pytest.mark.parametrize("value", [0, -1, 1.5, True])
def test_term_needs_a_whole_positive_value(value):
    with pytest.raises(ValueError):
        DecisionTerm(value, TermUnit.DAYS, "receipt", "test")


def test_suspension_adds_the_suspended_days():
    term = DecisionTerm(8, TermUnit.WEEKS, "receipt", "test")
    # Filed Monday 2 Feb 2026, ends Monday 30 March; asked to complete on 10 Feb, completed on
    # 20 Feb: 10 days -> Thursday 9 April 2026.
    assert expected_decision_date(D(2026, 2, 2), term) == D(2026, 3, 30)
    got = expected_decision_date(
        D(2026, 2, 2), term, suspensions=[(D(2026, 2, 10), D(2026, 2, 20))]
    )
    assert got == D(2026, 4, 9)


def test_suspension_landing_on_good_friday_is_moved_by_the_atw():
    term = DecisionTerm(8, TermUnit.WEEKS, "receipt", "test")
    got = expected_decision_date(
        D(2026, 2, 2), term, suspensions=[(D(2026, 2, 10), D(2026, 2, 14))]
    )
    assert got == D(2026, 4, 7)  # 3 April Good Friday, weekend, 6 April Easter Monday


def test_overlapping_suspensions_count_once():
    overlapping = [(D(2026, 2, 10), D(2026, 2, 20)), (D(2026, 2, 15), D(2026, 2, 25))]
    assert suspended_days(D(2026, 2, 2), overlapping) == 15


def test_extensions_add_their_length():
    term = DecisionTerm(8, TermUnit.WEEKS, "receipt", "test")
    extension = DecisionTerm(4, TermUnit.WEEKS, "notice under art. 4:14", "art. 4:14 Awb")
    got = expected_decision_date(D(2026, 2, 2), term, extensions=[extension, 3])
    assert got == D(2026, 4, 30)  # 30 March + 28 + 3 days


@pytest.mark.parametrize(
    "suspension", [(D(2026, 2, 20), D(2026, 2, 10)), (D(2026, 1, 20), D(2026, 2, 10))]
)
def test_suspension_must_be_ordered_and_after_filing(suspension):
    with pytest.raises(ValueError):
        expected_decision_date(D(2026, 2, 2), suspensions=[suspension])


@pytest.mark.parametrize("extension", [-1, "2 weeks", 1.5])
def test_extension_must_be_a_term_or_days(extension):
    with pytest.raises(ValueError):
        expected_decision_date(D(2026, 2, 2), extensions=[extension])


@given(st.data(), filing_dates, terms)
def test_suspension_extends_by_exactly_the_suspended_days_before_atw(data, filed_on, term):
    suspensions = data.draw(suspensions_after(filed_on))
    plain = decision_date_before_atw(filed_on, term)
    suspended = decision_date_before_atw(filed_on, term, suspensions=suspensions)
    assert (suspended - plain).days == suspended_days(filed_on, suspensions)
    assert suspended_days(filed_on, suspensions) <= sum((b - a).days for a, b in suspensions)


@given(st.data(), filing_dates, terms)
def test_suspension_never_makes_the_date_earlier(data, filed_on, term):
    suspensions = data.draw(suspensions_after(filed_on))
    assert expected_decision_date(filed_on, term, suspensions=suspensions) >= (
        expected_decision_date(filed_on, term)
    )


@given(filing_dates, terms, st.lists(st.integers(min_value=0, max_value=60), max_size=3))
def test_extension_never_makes_the_date_earlier(filed_on, term, extensions):
    assert expected_decision_date(filed_on, term, extensions=extensions) >= (
        expected_decision_date(filed_on, term)
    )


@given(filing_dates, st.integers(min_value=1, max_value=200), st.sampled_from(TermUnit))
def test_longer_decision_term_never_ends_earlier(filed_on, n, unit):
    shorter = DecisionTerm(n, unit, "receipt", "test")
    longer = DecisionTerm(n + 1, unit, "receipt", "test")
    assert expected_decision_date(filed_on, longer) >= expected_decision_date(filed_on, shorter)


@given(st.data(), filing_dates, terms)
def test_decision_date_is_never_a_rest_day(data, filed_on, term):
    suspensions = data.draw(suspensions_after(filed_on))
    result = expected_decision_date(filed_on, term, suspensions=suspensions)
    assert not is_atw_rest_day(result)
    assert result >= decision_date_before_atw(filed_on, term, suspensions=suspensions)


@given(st.data(), filing_dates)
def test_suspended_days_equal_the_union_of_the_suspended_periods(data, filed_on):
    suspensions = data.draw(suspensions_after(filed_on))
    days = {
        start + dt.timedelta(days=k)
        for start, end in suspensions
        for k in range(1, (end - start).days + 1)
    }
    assert suspended_days(filed_on, suspensions) == len(days)
