import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from eenloket.calendars import statutory
from eenloket.calendars.statutory import (
    EQUATED_DAYS,
    apply_atw,
    easter_sunday,
    holidays,
    is_atw_rest_day,
    is_recognised_holiday,
    kings_day,
    nominal_end,
    statutory_end,
)

D = dt.date
dates = st.dates(min_value=D(2014, 1, 1), max_value=D(2099, 12, 1))
lengths = st.integers(min_value=1, max_value=400)


@pytest.fixture(autouse=True, scope="module")
def decree_days_known_in_every_year():
    """The Atw's rules are the same in every year: these tests are about the rules, so they may
    count terms into years whose decree days are not known (test_calendar_data.py covers that)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(statutory, "DECREES_KNOWN_UNTIL", 9999)
        yield


@pytest.mark.parametrize(
    ("year", "easter"),
    [
        (2024, D(2024, 3, 31)),
        (2025, D(2025, 4, 20)),
        (2026, D(2026, 4, 5)),
        (2027, D(2027, 3, 28)),
        (2028, D(2028, 4, 16)),
        (2029, D(2029, 4, 1)),
        (2030, D(2030, 4, 21)),
        # Extremes of the Gregorian range: earliest (22 March) and latest (25 April) Easter.
        (2285, D(2285, 3, 22)),
        (2038, D(2038, 4, 25)),
    ],
)
def test_easter_sunday_matches_known_dates(year, easter):
    assert easter_sunday(year) == easter


@given(st.integers(min_value=1583, max_value=9999))
def test_easter_is_a_sunday_between_22_march_and_25_april(year):
    easter = easter_sunday(year)
    assert easter.weekday() == 6
    assert D(year, 3, 22) <= easter <= D(year, 4, 25)


def test_holidays_2025_are_the_laws_list_plus_the_decree_day():
    assert set(holidays(2025)) == {
        D(2025, 1, 1),  # Nieuwjaarsdag
        D(2025, 4, 18),  # Goede Vrijdag
        D(2025, 4, 21),  # Tweede Paasdag
        D(2025, 4, 26),  # Koningsdag: 27 April 2025 is a Sunday
        D(2025, 5, 5),  # Bevrijdingsdag
        D(2025, 5, 29),  # Hemelvaartsdag
        D(2025, 5, 30),  # equated by decree
        D(2025, 6, 9),  # Tweede Pinksterdag
        D(2025, 12, 25),
        D(2025, 12, 26),
    }


@pytest.mark.parametrize(
    ("year", "good_friday", "easter_monday", "ascension", "whit_monday"),
    [
        (2024, D(2024, 3, 29), D(2024, 4, 1), D(2024, 5, 9), D(2024, 5, 20)),
        (2025, D(2025, 4, 18), D(2025, 4, 21), D(2025, 5, 29), D(2025, 6, 9)),
        (2026, D(2026, 4, 3), D(2026, 4, 6), D(2026, 5, 14), D(2026, 5, 25)),
        (2027, D(2027, 3, 26), D(2027, 3, 29), D(2027, 5, 6), D(2027, 5, 17)),
        (2028, D(2028, 4, 14), D(2028, 4, 17), D(2028, 5, 25), D(2028, 6, 5)),
        (2029, D(2029, 3, 30), D(2029, 4, 2), D(2029, 5, 10), D(2029, 5, 21)),
        (2030, D(2030, 4, 19), D(2030, 4, 22), D(2030, 5, 30), D(2030, 6, 10)),
    ],
)
def test_moveable_holidays_2024_to_2030(year, good_friday, easter_monday, ascension, whit_monday):
    days = holidays(year)
    names = {days[good_friday], days[easter_monday], days[ascension], days[whit_monday]}
    assert names == {"Goede Vrijdag", "Tweede Paasdag", "Hemelvaartsdag", "Tweede Pinksterdag"}
    for fixed in (D(year, 1, 1), D(year, 5, 5), D(year, 12, 25), D(year, 12, 26)):
        assert fixed in days


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        (2024, D(2024, 4, 27)),  # Saturday: stays
        (2025, D(2025, 4, 26)),  # 27 April is a Sunday
        (2026, D(2026, 4, 27)),
        (2031, D(2031, 4, 26)),  # 27 April is a Sunday
    ],
)
def test_kings_day_moves_to_saturday_when_27_april_is_a_sunday(year, expected):
    assert kings_day(year) == expected
    assert holidays(year)[expected] == "Koningsdag"


@pytest.mark.parametrize("year", range(2024, 2031))
def test_5_may_is_a_recognised_holiday_every_year(year):
    assert is_recognised_holiday(D(year, 5, 5))


def test_5_may_on_a_weekday_moves_a_term_off_it():
    # 5 May 2026 is a Tuesday: a generic calendar would call it a working day.
    assert D(2026, 5, 5).weekday() == 1
    assert apply_atw(D(2026, 5, 5)) == D(2026, 5, 6)


def test_decree_days_are_recognised_and_ordinary_days_are_not():
    for day in EQUATED_DAYS:
        assert is_recognised_holiday(day)
    assert not is_recognised_holiday(D(2029, 5, 11))  # Friday after Ascension, no decree yet
    assert not is_recognised_holiday(D(2026, 3, 10))


def test_years_before_koningsdag_are_refused():
    with pytest.raises(ValueError, match="2014"):
        holidays(2013)


@pytest.mark.parametrize(
    ("start", "kwargs", "expected"),
    [
        # Ends on Saturday 7 March 2026 -> Monday 9 March.
        (D(2026, 2, 28), {"days": 7}, D(2026, 3, 9)),
        # Ends on Sunday 8 March 2026 -> Monday 9 March.
        (D(2026, 2, 22), {"weeks": 2}, D(2026, 3, 9)),
        # Ends on Tweede Kerstdag 2025 (Friday) -> Monday 29 December.
        (D(2025, 12, 12), {"weeks": 2}, D(2025, 12, 29)),
        # Ends on Hemelvaartsdag 2026, Friday 15 May is a decree day -> Monday 18 May.
        (D(2026, 4, 14), {"days": 30}, D(2026, 5, 18)),
        # Ordinary Wednesday: unchanged.
        (D(2026, 3, 4), {"weeks": 1}, D(2026, 3, 11)),
        # Months: 31 January + 1 month is the last day of February (Saturday 28 Feb 2026).
        (D(2026, 1, 31), {"months": 1}, D(2026, 3, 2)),
    ],
)
def test_term_ending_on_a_rest_day_moves_to_the_next_working_day(start, kwargs, expected):
    assert statutory_end(start, **kwargs) == expected


def test_three_day_term_over_easter_gets_two_working_days():
    # Event on Thursday 28 March 2024; days 1-3 are Good Friday, Saturday, Easter Sunday.
    # Art. 1 alone would stop at Tuesday 2 April (after Easter Monday), the term's only
    # working day; art. 2 needs a second one: Wednesday 3 April.
    assert apply_atw(D(2024, 3, 31)) == D(2024, 4, 2)
    assert statutory_end(D(2024, 3, 28), days=3) == D(2024, 4, 3)


def test_two_day_term_is_not_extended_by_article_2():
    # Event Thursday 28 March 2024, 2 days: ends Saturday, art. 1 only -> Tuesday 2 April.
    assert statutory_end(D(2024, 3, 28), days=2) == D(2024, 4, 2)


@pytest.mark.parametrize("kwargs", [{}, {"days": 1, "weeks": 1}, {"days": 0}, {"weeks": -1}])
def test_term_needs_exactly_one_positive_length(kwargs):
    with pytest.raises(ValueError):
        statutory_end(D(2026, 1, 5), **kwargs)


@given(dates, st.sampled_from(["days", "weeks", "months"]), lengths)
def test_result_is_never_a_weekend_or_holiday_and_never_before_nominal(start, unit, n):
    nominal = nominal_end(start, **{unit: n})
    end = statutory_end(start, **{unit: n})
    assert end >= nominal
    assert end.weekday() < 5
    assert not is_recognised_holiday(end)


@given(dates, lengths)
def test_longer_term_never_ends_earlier(start, n):
    assert statutory_end(start, days=n + 1) >= statutory_end(start, days=n)
    assert statutory_end(start, weeks=n + 1) >= statutory_end(start, weeks=n)
    assert statutory_end(start, months=n + 1) >= statutory_end(start, months=n)


@given(dates, lengths)
def test_later_start_never_ends_earlier(start, n):
    assert statutory_end(start + dt.timedelta(days=1), days=n) >= statutory_end(start, days=n)


@given(dates, st.integers(min_value=3, max_value=60))
def test_term_of_three_days_or_more_holds_two_working_days(start, n):
    end = statutory_end(start, days=n)
    span = (end - start).days
    working = [
        start + dt.timedelta(days=k)
        for k in range(1, span + 1)
        if not is_atw_rest_day(start + dt.timedelta(days=k))
    ]
    assert len(working) >= 2


@given(dates, lengths)
def test_extension_stops_at_the_first_day_that_satisfies_both_articles(start, n):
    # Minimality: the day before the result either is a rest day or, for n >= 3, would leave
    # the term with fewer than two working days - otherwise the Atw extended too far.
    nominal = nominal_end(start, days=n)
    end = statutory_end(start, days=n)
    if end == nominal:
        return
    before = end - dt.timedelta(days=1)
    working_until_before = sum(
        not is_atw_rest_day(start + dt.timedelta(days=k))
        for k in range(1, (before - start).days + 1)
    )
    assert is_atw_rest_day(before) or (n >= 3 and working_until_before < 2)
