"""The one clock eenloket reads, so tests can move time instead of sleeping.

Services call ``clock.now()`` and ``clock.today()``; tests use ``clock.frozen(moment)`` or
``clock.travel(delta)``. Never call ``timezone.now()`` or ``date.today()`` in domain code.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator

from django.utils import timezone

_frozen_at: dt.datetime | None = None


def now() -> dt.datetime:
    """Return the current time (aware, UTC), or the frozen time in a test."""
    return _frozen_at if _frozen_at is not None else timezone.now()


def today() -> dt.date:
    """Return today's date in the desk's time zone (Europe/Amsterdam)."""
    return timezone.localdate(now())


@contextlib.contextmanager
def frozen(moment: dt.datetime) -> Iterator[None]:
    """Freeze the clock at ``moment`` (must be aware) for the duration of the block."""
    global _frozen_at
    if timezone.is_naive(moment):
        raise ValueError("frozen() needs an aware datetime")
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
