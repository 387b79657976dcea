"""When the holiday data runs out: a clear refusal for statutory terms, a warning ahead."""

import datetime as dt

import pytest

from eenloket.calendars import statutory


def test_a_year_after_the_known_decrees_is_refused_naming_what_to_add():
    with pytest.raises(statutory.CalendarDataMissing) as missing:
        statutory.holidays(statutory.DECREES_KNOWN_UNTIL + 1)
    assert "EQUATED_DAYS" in missing.value.what_to_add
    assert str(statutory.DECREES_KNOWN_UNTIL + 1) in str(missing.value.message)
    with pytest.raises(statutory.CalendarDataMissing):
        statutory.statutory_end(dt.date(statutory.DECREES_KNOWN_UNTIL, 12, 1), weeks=8)


def test_the_known_decrees_reach_the_year_their_constant_says():
    assert max(day.year for day in statutory.EQUATED_DAYS) == statutory.DECREES_KNOWN_UNTIL


def test_desk_days_keep_working_after_the_known_decrees_without_decree_days():
    from eenloket.calendars import desk_days

    later = statutory.DECREES_KNOWN_UNTIL + 1
    new_year = dt.date(later, 1, 1)
    assert desk_days.is_holiday(new_year)
    assert desk_days.next_working_day(new_year) > new_year


def test_the_system_check_warns_a_year_before_the_holiday_data_ends():
    from eenloket.calendars.checks import decree_days_known_a_year_ahead
    from eenloket.core import clock

    last_safe = dt.datetime(statutory.DECREES_KNOWN_UNTIL - 1, 12, 30, 12, tzinfo=dt.UTC)
    with clock.frozen(last_safe):
        assert decree_days_known_a_year_ahead() == []
    with clock.frozen(last_safe + dt.timedelta(days=3)):
        [warning] = decree_days_known_a_year_ahead()
    assert warning.id == "eenloket.calendars.W001" and "EQUATED_DAYS" in warning.hint
