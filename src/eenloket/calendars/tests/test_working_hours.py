import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from eenloket.calendars.working_hours import WorkingCalendar

AMS = ZoneInfo("Europe/Amsterdam")
T = dt.time
OFFICE = {day: [(T(9), T(12, 30)), (T(13, 15), T(17))] for day in range(5)}  # lunch break
CLOSED = {dt.date(2026, 3, 27), dt.date(2026, 4, 6), dt.date(2026, 10, 26)}


def at(*args):
    return dt.datetime(*args, tzinfo=AMS)


@pytest.fixture
def desk():
    return WorkingCalendar(OFFICE, closing_days=CLOSED)


calendar_desk = WorkingCalendar(OFFICE, closing_days=CLOSED)
moments = st.datetimes(
    min_value=dt.datetime(2025, 1, 1),
    max_value=dt.datetime(2028, 12, 31),
    timezones=st.just(AMS),
)
hours = st.floats(min_value=0, max_value=200, allow_nan=False, allow_infinity=False)


def test_hours_inside_one_interval(desk):
    assert desk.add_working_hours(at(2026, 3, 2, 9), 2) == at(2026, 3, 2, 11)


def test_lunch_break_does_not_count(desk):
    assert desk.add_working_hours(at(2026, 3, 2, 12), 1) == at(2026, 3, 2, 13, 45)


def test_start_outside_opening_hours_begins_at_next_opening(desk):
    assert desk.add_working_hours(at(2026, 3, 2, 7), 1) == at(2026, 3, 2, 10)
    assert desk.add_working_hours(at(2026, 3, 2, 20), 1) == at(2026, 3, 3, 10)
    # Saturday evening -> Monday morning.
    assert desk.add_working_hours(at(2026, 3, 7, 20), 0.5) == at(2026, 3, 9, 9, 30)


def test_zero_hours_outside_opening_gives_the_next_opening(desk):
    assert desk.add_working_hours(at(2026, 3, 2, 12, 45), 0) == at(2026, 3, 2, 13, 15)


def test_closing_day_is_skipped(desk):
    # Thursday 26 March 16:00 + 2 hours: 1 hour Thursday, Friday 27 is closed, Monday 10:00.
    assert desk.add_working_hours(at(2026, 3, 26, 16), 2) == at(2026, 3, 30, 10)


def test_a_full_working_day_is_seven_and_a_quarter_hours(desk):
    assert desk.working_hours_between(at(2026, 3, 2, 0), at(2026, 3, 3, 0)) == pytest.approx(7.25)
    assert desk.working_hours_between(at(2026, 3, 3, 0), at(2026, 3, 2, 0)) == pytest.approx(-7.25)


def test_dst_weekend_in_march_keeps_office_hours_whole(desk):
    # Clocks go forward on Sunday 29 March 2026; Friday 27 is a closing day.
    assert desk.add_working_hours(at(2026, 3, 26, 16), 8.25) == at(2026, 3, 30, 17)
    result = desk.add_working_hours(at(2026, 3, 26, 16), 8.5)
    assert result == at(2026, 3, 31, 9, 15)
    assert result.utcoffset() == dt.timedelta(hours=2)


def test_dst_weekend_in_october_keeps_office_hours_whole(desk):
    # Clocks go back on Sunday 25 October 2026; Monday 26 is a closing day.
    result = desk.add_working_hours(at(2026, 10, 23, 16), 1.5)
    assert result == at(2026, 10, 27, 9, 30)
    assert result.utcoffset() == dt.timedelta(hours=1)


@pytest.mark.parametrize(
    ("day", "expected"),
    [(dt.date(2026, 3, 29), 2.0), (dt.date(2026, 10, 25), 4.0), (dt.date(2026, 6, 7), 3.0)],
)
def test_night_interval_over_a_dst_change_counts_real_time(day, expected):
    night = WorkingCalendar({6: [(T(1), T(4))]})
    start = dt.datetime.combine(day, T(0), tzinfo=AMS)
    end = dt.datetime.combine(day, T(5), tzinfo=AMS)
    assert night.working_hours_between(start, end) == pytest.approx(expected)


def test_wall_clock_times_in_the_spring_gap_use_the_winter_offset():
    # 02:15-02:45 does not exist on Sunday 29 March 2026; read with the offset before the
    # change (PEP 495 fold=0) it is 03:15-03:45 summer time.
    gap = WorkingCalendar({6: [(T(2, 15), T(2, 45))], 0: [(T(9), T(10))]})
    result = gap.add_working_hours(at(2026, 3, 29, 0), 0.5)
    assert result == dt.datetime(2026, 3, 29, 1, 45, tzinfo=dt.UTC)


def test_interval_ending_at_the_end_of_the_spring_gap_has_no_time():
    # 02:30-03:00 on 29 March 2026 maps to 03:30 summer time until 03:00 summer time.
    gap = WorkingCalendar({6: [(T(2, 30), T(3))], 0: [(T(9), T(10))]})
    assert gap.add_working_hours(at(2026, 3, 29, 0), 0.5) == at(2026, 3, 30, 9, 30)


@pytest.mark.parametrize(
    "opening_hours",
    [
        {},
        {0: []},
        {7: [(T(9), T(17))]},
        {0: [(T(17), T(9))]},
        {0: [(T(9), T(13)), (T(12), T(17))]},
    ],
)
def test_invalid_opening_hours_are_refused(opening_hours):
    with pytest.raises(ValueError):
        WorkingCalendar(opening_hours)


def test_naive_datetimes_and_negative_hours_are_refused(desk):
    with pytest.raises(ValueError, match="aware"):
        desk.add_working_hours(dt.datetime(2026, 3, 2, 9), 1)
    with pytest.raises(ValueError, match="negative"):
        desk.add_working_hours(at(2026, 3, 2, 9), -1)


@given(moments, hours)
def test_result_is_within_opening_hours_and_never_on_a_closing_day(start, h):
    result = calendar_desk.add_working_hours(start, h)
    assert calendar_desk.is_open(result)
    assert result.date() not in CLOSED
    assert result >= start


@given(moments, hours)
def test_add_then_between_round_trips(start, h):
    result = calendar_desk.add_working_hours(start, h)
    assert calendar_desk.working_hours_between(start, result) == pytest.approx(h, abs=1e-5)


@given(moments, moments)
def test_between_then_add_reaches_b_or_the_last_working_moment_before_it(a, b):
    a, b = min(a, b), max(a, b)
    worked = calendar_desk.working_hours_between(a, b)
    reached = calendar_desk.add_working_hours(a, worked)
    if worked == 0:
        # Nothing to do: the answer is the next opening at or after a, which may be after b.
        assert reached >= a
        assert calendar_desk.is_open(reached)
        return
    assert reached <= b + dt.timedelta(microseconds=10)
    assert calendar_desk.working_hours_between(reached, b) == pytest.approx(0, abs=1e-5)


@given(moments, hours, hours)
def test_more_hours_never_end_earlier(start, h1, h2):
    low, high = sorted((h1, h2))
    assert calendar_desk.add_working_hours(start, high) >= calendar_desk.add_working_hours(
        start, low
    )


@given(moments, moments, moments)
def test_working_hours_add_up_over_consecutive_spans(a, b, c):
    a, b, c = sorted((a, b, c))
    total = calendar_desk.working_hours_between(a, c)
    parts = calendar_desk.working_hours_between(a, b) + calendar_desk.working_hours_between(b, c)
    assert total == pytest.approx(parts, abs=1e-6)
