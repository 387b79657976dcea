"""The operations of ``eenloket bench`` that are not a request (docs/performance.md): audit append
with N concurrent writers, audit verify over every chain, and the no-drop invariant check, each
timed in process on the benchmark's database.

For the demo and for benchmarks only (``EENLOKET_MODE=demo``); it asserts nothing about speed.
"""

from __future__ import annotations

import multiprocessing
import os
import random
import threading
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor

from django.db import connection, connections

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
    """``writers`` concurrent writers, each with its own connection, record list reads of
    AUDIT_SUBJECTS persons each (one processing-log line per person, as a worklist does) for
    about ``seconds``.

    On PostgreSQL each writer is a process of its own (fork), as each gunicorn worker is:
    threads of one process hash under one GIL, which held the figure to what one core can do
    (5,197 lines/s with 16 threads, docs/performance.md). On SQLite, which takes one writer at a
    time anyway, and inside a transaction (tests), threads of this process."""
    subjects = [
        str(pk) for pk in Person._base_manager.values_list("pk", flat=True)[: AUDIT_SUBJECTS * 20]
    ]
    stop_at = time.monotonic() + seconds
    begin = time.perf_counter()
    if connection.vendor == "postgresql" and not connection.in_atomic_block and writers > 1:
        connections.close_all()  # a forked writer must never share this process's connection
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=writers, mp_context=context) as pool:
            futures = [
                pool.submit(_writer_process, number, subjects, stop_at) for number in range(writers)
            ]
            results = [future.result() for future in futures]
        kind = "processes"
    else:
        actor = _bench_actor()
        results = [(0, 0)] * writers

        def run(number: int) -> None:
            try:
                results[number] = _write_until(number, actor, subjects, stop_at)
            finally:
                connection.close()

        threads = [threading.Thread(target=run, args=(n,)) for n in range(writers)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        kind = "threads"
    wall = time.perf_counter() - begin
    lines = sum(written for written, _failed in results)
    failures = sum(failed for _written, failed in results)
    errors = f", {failures} failed" if failures else ""
    return {
        "operation": f"audit append, {writers} writers",
        "result": f"{lines / wall:,.0f} lines/s",
        "detail": f"{lines:,} lines in {wall:.1f} s, {AUDIT_SUBJECTS} per record, "
        f"writers as {kind}{errors}",
        "lines_per_second": lines / wall,
    }


def _write_until(number: int, actor: Actor, subjects: list[str], stop_at: float):
    """Record list reads until ``stop_at``; return (lines written, records that failed)."""
    rng = random.Random(number)  # noqa: S311 - which persons, no secret
    written = failed = 0
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
            written += min(AUDIT_SUBJECTS, len(subjects))
        except Exception:
            failed += 1
    return written, failed


def _writer_process(number: int, subjects: list[str], stop_at: float):
    try:
        return _write_until(number, _bench_actor(), subjects, stop_at)
    finally:
        connections.close_all()


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
