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
