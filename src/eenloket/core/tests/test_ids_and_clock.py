import datetime as dt
import uuid

import pytest
from hypothesis import given
from hypothesis import strategies as st

from eenloket.core import clock
from eenloket.core.ids import uuid7


def test_uuid7_has_version_7_and_rfc_variant():
    value = uuid7()
    assert value.version == 7
    assert value.variant == uuid.RFC_4122


def test_uuid7_sorts_by_creation_time():
    import time

    first = uuid7()
    time.sleep(0.002)
    second = uuid7()
    assert first < second
    assert len({uuid7() for _ in range(1000)}) == 1000


@given(
    st.datetimes(
        timezones=st.just(dt.UTC),
        min_value=dt.datetime(2000, 1, 1),
        max_value=dt.datetime(2100, 1, 1),
    )
)
def test_frozen_clock_returns_the_frozen_moment(moment):
    with clock.frozen(moment):
        assert clock.now() == moment
        clock.advance(dt.timedelta(hours=1))
        assert clock.now() == moment + dt.timedelta(hours=1)
    assert clock.now() != moment + dt.timedelta(hours=1)


def test_frozen_clock_refuses_naive_datetimes():
    with pytest.raises(ValueError), clock.frozen(dt.datetime(2026, 1, 1)):
        pass


NOW = dt.datetime(2026, 12, 6, 20, 15, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", dt.timedelta(0)),
        ("+400d", dt.timedelta(days=400)),
        ("-6h", dt.timedelta(hours=-6)),
        ("+90m", dt.timedelta(minutes=90)),
        ("3600s", dt.timedelta(seconds=3600)),
        # A moment without an offset is Amsterdam time: 09:00 CET is 08:00 UTC.
        ("@2028-02-29T09:00", dt.datetime(2028, 2, 29, 8, tzinfo=dt.UTC) - NOW),
        ("@2028-02-29T09:00+00:00", dt.datetime(2028, 2, 29, 9, tzinfo=dt.UTC) - NOW),
    ],
)
def test_clock_shift_is_read_from_its_text(text, expected):
    assert clock.parse_shift(text, real_now=NOW) == expected


@pytest.mark.parametrize("text", ["400", "+400y", "tomorrow", "@29-02-2028", "@"])
def test_clock_shift_refuses_text_it_cannot_read_and_says_what_it_accepts(text):
    with pytest.raises(ValueError, match="EENLOKET_CLOCK_SHIFT"):
        clock.parse_shift(text, real_now=NOW)


def test_the_shifted_clock_is_the_real_clock_plus_the_shift():
    from django.utils import timezone

    before = timezone.now() + clock.shift()
    reading = clock.now()
    after = timezone.now() + clock.shift()
    assert before <= reading <= after
    assert clock.today() == timezone.localdate(reading)


def test_the_clock_is_frozen_from_the_main_thread_only():
    import threading

    errors = []

    def freeze():
        try:
            with clock.frozen(NOW):
                pass
        except RuntimeError as error:
            errors.append(error)

    thread = threading.Thread(target=freeze)
    thread.start()
    thread.join()
    assert len(errors) == 1 and "main thread" in str(errors[0])
    assert clock.now() != NOW
