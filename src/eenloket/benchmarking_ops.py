"""The operations of ``eenloket bench`` that are not a request (docs/performance.md): audit append
with N concurrent writers, audit verify over every chain, and the no-drop invariant check, each
timed in process on the benchmark's database.

For the demo and for benchmarks only (``EENLOKET_MODE=demo``); it asserts nothing about speed.
"""

from __future__ import annotations

import os
import random
import threading
import time
from collections.abc import Callable

from eenloket.accounts.models import Membership, User
from eenloket.audit import processing
from eenloket.audit.verify import verify
from eenloket.cases.models import Case, CaseStatus
from eenloket.core.actor import Actor
from eenloket.handovers.invariants import violations
from eenloket.people.models import Person

BENCH_USER = "bench-coordinator"
OPERATIONS = ("audit append", "audit verify", "invariant check")
AUDIT_SUBJECTS = 50  # persons per processing-log record, as a worklist page of 50 rows


def audit_append(*, writers: int, say: Callable[[str], None], seconds: float = 10.0) -> dict:
    """``writers`` threads, each its own connection, record list reads of AUDIT_SUBJECTS persons
    each (one processing-log line per person, as a worklist does) for about ``seconds``."""
    from django.db import connection

    subjects = [
        str(pk) for pk in Person._base_manager.values_list("pk", flat=True)[: AUDIT_SUBJECTS * 20]
    ]
    actor = _bench_actor()
    lines = [0] * writers
    failures = [0] * writers
    stop_at = time.monotonic() + seconds

    def writer(number: int) -> None:
        rng = random.Random(number)  # noqa: S311 - which persons, no secret
        try:
            while time.monotonic() < stop_at:
                try:
                    processing.record(
                        activity=processing.CASE_WORKLIST,
                        actor=actor,
                        subject_ids=rng.sample(subjects, min(AUDIT_SUBJECTS, len(subjects))),
                        categories=("name",),
                        status=processing.STATUS_OK,
                        object_type="case_list",
                    )
                    lines[number] += min(AUDIT_SUBJECTS, len(subjects))
                except Exception:
                    failures[number] += 1
        finally:
            connection.close()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(writers)]
    begin = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - begin
    errors = f", {sum(failures)} failed" if sum(failures) else ""
    return {
        "operation": f"audit append, {writers} writers",
        "result": f"{sum(lines) / wall:,.0f} lines/s",
        "detail": f"{sum(lines):,} lines in {wall:.1f} s, {AUDIT_SUBJECTS} per record{errors}",
        "lines_per_second": sum(lines) / wall,
    }


def audit_verify(*, writers: int, say: Callable[[str], None]) -> dict:
    """``audit verify`` over every chain as it stands, walking chains in as many processes as
    the machine has cores (up to 4), as the command does."""
    begin = time.perf_counter()
    report = verify(workers=min(4, os.cpu_count() or 1))
    wall = time.perf_counter() - begin
    return {
        "operation": "audit verify",
        "result": f"{wall:.1f} s",
        "detail": f"{report.entries:,} lines ({report.entries / wall:,.0f}/s), "
        f"{'intact' if report.intact else 'BROKEN'}",
        "seconds": wall,
        "lines": report.entries,
    }


def invariant_check(*, writers: int, say: Callable[[str], None]) -> dict:
    """The no-drop invariants (``eenloket invariants``) over every open case."""
    open_cases = Case._base_manager.exclude(status=CaseStatus.CLOSED).count()
    begin = time.perf_counter()
    found = violations()
    wall = time.perf_counter() - begin
    return {
        "operation": "invariant check",
        "result": f"{wall:.1f} s",
        "detail": f"{open_cases:,} open cases, {len(found)} violations",
        "seconds": wall,
        "open_cases": open_cases,
    }


def _bench_actor() -> Actor:
    user = User.objects.get(username=BENCH_USER)
    membership = Membership.objects.filter(user=user).select_related("team").first()
    return Actor.worker(user, membership)


OPERATION_RUNS: dict[str, Callable[..., dict]] = {
    "audit append": audit_append,
    "audit verify": audit_verify,
    "invariant check": invariant_check,
}
