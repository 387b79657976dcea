"""The one clock eenloket reads, so tests can move time instead of sleeping.

Services call ``clock.now()`` and ``clock.today()``; tests use ``clock.frozen(moment)`` and
``clock.advance(delta)``. Never call ``timezone.now()`` or ``date.today()`` in domain code.

``EENLOKET_CLOCK_SHIFT`` moves the whole clock of a process (tests and demos only; production
refuses it, see core/config.py), so the suite can run as if it were another day and a date
bomb is caught the day it is written: ``+400d``, ``-6h``, ``+90m``, ``+3600s``, or ``@`` and a
moment (``@2028-02-29T09:00``, Amsterdam time unless an offset is given) that becomes "now"
when the process starts. The ``@`` form is turned into seconds in the environment, so the
processes a test starts (the worker, a web server) share the very same clock.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import threading
from collections.abc import Iterator
from zoneinfo import ZoneInfo

from django.utils import timezone

SHIFT_VARIABLE = "EENLOKET_CLOCK_SHIFT"
_UNITS = {"d": "days", "h": "hours", "m": "minutes", "s": "seconds"}
_AMSTERDAM = ZoneInfo("Europe/Amsterdam")

_frozen_at: dt.datetime | None = None


def parse_shift(text: str, *, real_now: dt.datetime) -> dt.timedelta:
    """Return the shift that ``text`` asks for; raise ValueError saying what is accepted."""
    text = text.strip()
    if not text:
        return dt.timedelta(0)
    if text.startswith("@"):
        try:
            moment = dt.datetime.fromisoformat(text[1:])
        except ValueError:
            raise ValueError(
                f"{SHIFT_VARIABLE}={text!r}: after '@' comes a moment like 2028-02-29T09:00"
            ) from None
        if timezone.is_naive(moment):
            moment = moment.replace(tzinfo=_AMSTERDAM)
        return moment - real_now
    match = re.fullmatch(r"([+-]?\d+)([dhms])", text)
    if match is None:
        raise ValueError(
            f"{SHIFT_VARIABLE}={text!r} is not a shift: use +400d, -6h, +90m, +3600s "
            "or @2028-02-29T09:00"
        )
    return dt.timedelta(**{_UNITS[match.group(2)]: int(match.group(1))})


def _shift_from_environment() -> dt.timedelta:
    text = os.environ.get(SHIFT_VARIABLE, "")
    shift = parse_shift(text, real_now=dt.datetime.now(dt.UTC))
    if text.strip().startswith("@"):
        # Child processes inherit the same offset, not a new "now" of their own.
        os.environ[SHIFT_VARIABLE] = f"{int(shift.total_seconds()):+d}s"
    return shift


_shift = _shift_from_environment()


def shift() -> dt.timedelta:
    """Return how far this process's clock is moved from the real one (zero in production)."""
    return _shift


def now() -> dt.datetime:
    """Return the current time (aware, UTC), or the frozen time in a test."""
    return _frozen_at if _frozen_at is not None else timezone.now() + _shift


def today() -> dt.date:
    """Return today's date in the desk's time zone (Europe/Amsterdam)."""
    return timezone.localdate(now())


@contextlib.contextmanager
def frozen(moment: dt.datetime) -> Iterator[None]:
    """Freeze the clock at ``moment`` (must be aware) for the duration of the block.

    The frozen moment is one value for every thread; freeze it in the test's own thread only
    (blocks entered in several threads end out of order and would leave the clock frozen)."""
    global _frozen_at
    if timezone.is_naive(moment):
        raise ValueError("frozen() needs an aware datetime")
    if threading.current_thread() is not threading.main_thread():
        raise RuntimeError("freeze the clock in the main thread; other threads see it too")
    previous, _frozen_at = _frozen_at, moment
    try:
        yield
    finally:
        _frozen_at = previous


def advance(delta: dt.timedelta) -> None:
    """Move a frozen clock forward; only valid inside ``frozen()``."""
    global _frozen_at
    if _frozen_at is None:
        raise RuntimeError("advance() only works inside clock.frozen()")
    _frozen_at = _frozen_at + delta
