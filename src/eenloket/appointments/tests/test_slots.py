"""Slots cut from opening hours: never outside them, never on a holiday, never in the past or
today, never beyond the horizon (properties), and the plain cases by example."""

import datetime as dt
from dataclasses import dataclass

from hypothesis import given
from hypothesis import strategies as st

from eenloket.appointments.slots import DAY_CODES, TZ, slots_between, slots_on, window
from eenloket.calendars import desk_days


@dataclass
class Row:
    byday: str
    opens_at: dt.time
    closes_at: dt.time
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    freq: str = "WEEKLY"


def test_a_morning_is_cut_into_half_hours_and_a_short_rest_is_not_offered():
    monday = dt.date(2026, 11, 30)
    rows = [Row("MO", dt.time(9), dt.time(10, 45))]
    found = slots_on(monday, schedules=rows, slot_minutes=30, capacity=2)
    assert [s.starts_at.strftime("%H:%M") for s in found] == ["09:00", "09:30", "10:00"]
    assert all(s.capacity == 2 and s.free == 2 for s in found)
    assert found[0].starts_at.tzinfo is TZ


def test_no_slots_on_a_holiday_a_day_not_listed_or_outside_the_valid_period():
    rows = [Row("MO,TU,WE,TH,FR", dt.time(9), dt.time(12))]
    assert slots_on(dt.date(2026, 12, 25), schedules=rows, slot_minutes=30, capacity=1) == []
    assert slots_on(dt.date(2026, 11, 28), schedules=rows, slot_minutes=30, capacity=1) == []
    limited = [Row("MO", dt.time(9), dt.time(12), valid_to=dt.date(2026, 11, 29))]
    assert slots_on(dt.date(2026, 11, 30), schedules=limited, slot_minutes=30, capacity=1) == []
    monthly = [Row("MO", dt.time(9), dt.time(12), freq="MONTHLY")]
    assert slots_on(dt.date(2026, 11, 30), schedules=monthly, slot_minutes=30, capacity=1) == []


def test_booked_seats_reduce_what_is_free_and_overlapping_rows_give_each_start_once():
    monday = dt.date(2026, 11, 30)
    rows = [Row("MO", dt.time(9), dt.time(10)), Row("MO", dt.time(9), dt.time(11))]
    nine = dt.datetime(2026, 11, 30, 9, 0, tzinfo=TZ)
    found = slots_on(monday, schedules=rows, slot_minutes=30, capacity=2, booked={nine: 2})
    assert [s.starts_at.hour * 60 + s.starts_at.minute for s in found] == [540, 570, 600, 630]
    assert found[0].free == 0 and found[1].free == 2


def test_the_window_starts_tomorrow_local_time():
    late_evening = dt.datetime(2026, 11, 30, 23, 30, tzinfo=dt.UTC)  # 00:30 on 1 December
    assert window(late_evening, 28) == (dt.date(2026, 12, 2), dt.date(2026, 12, 29))


times = st.integers(min_value=6 * 4, max_value=21 * 4).map(lambda q: dt.time(q // 4, q % 4 * 15))
rows = st.builds(
    lambda days, a, b: Row(",".join(days), min(a, b), max(a, b)),
    st.lists(st.sampled_from(DAY_CODES), min_size=1, max_size=7, unique=True),
    times,
    times,
).filter(lambda r: r.opens_at < r.closes_at)


@given(
    schedules=st.lists(rows, min_size=1, max_size=4),
    slot_minutes=st.sampled_from([10, 15, 20, 30, 45, 60]),
    capacity=st.integers(min_value=1, max_value=5),
    now=st.datetimes(
        min_value=dt.datetime(2026, 1, 1),
        max_value=dt.datetime(2028, 12, 1),
        timezones=st.just(dt.UTC),
    ),
    horizon=st.integers(min_value=1, max_value=40),
    booked_share=st.integers(min_value=0, max_value=7),
)
def test_slots_lie_inside_opening_hours_never_on_holidays_never_today_or_past(
    schedules, slot_minutes, capacity, now, horizon, booked_share
):
    first, last = window(now, horizon)
    # Book some seats, even more than the capacity, to show ``free`` never goes below zero.
    probe = slots_between(
        first, last, schedules=schedules, slot_minutes=slot_minutes, capacity=capacity, now=now
    )
    booked = {s.starts_at: booked_share for s in probe[::3]}
    found = slots_between(
        first,
        last,
        schedules=schedules,
        slot_minutes=slot_minutes,
        capacity=capacity,
        booked=booked,
        now=now,
    )
    today = now.astimezone(TZ).date()
    for slot in found:
        local_start, local_end = slot.starts_at.astimezone(TZ), slot.ends_at.astimezone(TZ)
        day = local_start.date()
        assert slot.starts_at > now and day > today
        assert first <= day <= last
        assert not desk_days.is_holiday(day)
        assert local_end - local_start == dt.timedelta(minutes=slot_minutes)
        assert any(
            DAY_CODES[day.weekday()] in row.byday.split(",")
            and row.opens_at <= local_start.time()
            and local_end.time() <= row.closes_at
            and local_end.date() == day
            for row in schedules
        ), slot
        assert 0 <= slot.free <= capacity
        assert slot.free == max(capacity - booked.get(slot.starts_at, 0), 0)
    assert len({s.starts_at for s in found}) == len(found)
