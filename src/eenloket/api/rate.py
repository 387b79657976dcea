"""The partner API's rate limit, counted in the database (decision 0057).

Each caller (a partner client, or for the public directory an IP address, kept only as a keyed
hash) has a counter per window of the limit's length: a minute for "600/m". One statement adds
one and returns the count, atomically on SQLite and PostgreSQL alike, so two processes or two
machines never both see the last free request; Django's cache (the default: in the process's
memory) counted per process, so a partner got the limit once per gunicorn worker.

A fixed window: a caller may send up to twice the limit across a window's boundary (the end of
one minute and the start of the next), never more. Ended windows are removed every ten minutes
(the job ``api-rate-windows``)."""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.db import connections, router
from django.utils.crypto import salted_hmac

from eenloket.api.models import RateWindow
from eenloket.core import clock


@dataclass(frozen=True)
class Count:
    """The caller's requests in the current window, this one included."""

    hits: int
    seconds_left: int  # until the window ends


def count_request(caller: str, seconds: int) -> Count:
    """Add this request to ``caller``'s current window of ``seconds``; return the count."""
    now = clock.now().timestamp()
    start = math.floor(now / seconds) * seconds
    end = start + seconds
    database = router.db_for_write(RateWindow)
    connection = connections[database]
    table = connection.ops.quote_name(RateWindow._meta.db_table)
    # INSERT … ON CONFLICT … RETURNING: SQLite 3.35+ and PostgreSQL. The row lock of the
    # conflicting row serialises two processes on the same caller; neither loses a request.
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (caller, window_start, window_end, hits) "  # noqa: S608 (our table name)
            "VALUES (%s, %s, %s, 1) "
            f"ON CONFLICT (caller, window_start) DO UPDATE SET hits = {table}.hits + 1 "
            "RETURNING hits",
            [caller, start, end],
        )
        (hits,) = cursor.fetchone()
    return Count(hits=hits, seconds_left=max(1, math.ceil(end - now)))


def address_caller(address: str) -> str:
    """An IP address as a caller: a keyed hash, so the table holds no address."""
    keyed = salted_hmac("eenloket.api.rate", address, algorithm="sha256")
    return "address:" + keyed.hexdigest()[:40]


def forget_old() -> int:
    """The periodic job: remove the windows that have ended; return how many."""
    ended = RateWindow.objects.filter(window_end__lte=math.floor(clock.now().timestamp()))
    deleted, _rows = ended.delete()
    return deleted
