"""Benchmark the processing log: appends per second, and the time to verify N lines.

    .venv/bin/python benchmarks/audit_log.py                       # SQLite file, 1,000,000 lines
    DATABASE_URL=postgres://eenloket:eenloket@127.0.0.1:5432/eenloket_bench \
        .venv/bin/python benchmarks/audit_log.py --lines 200000   # PostgreSQL (database is reset)

Not part of `make test`: it prints figures, it asserts nothing about speed.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=1_000_000, help="lines to append and verify")
    parser.add_argument("--batch", type=int, default=1000, help="lines per bulk append")
    parser.add_argument("--requests", type=int, default=2000, help="single-operation appends")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="eenloket-bench-"))
    os.environ.setdefault("EENLOKET_VAR_DIR", str(workdir))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "eenloket.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor == "postgresql":
        call_command("flush", interactive=False, verbosity=0)
    call_command("migrate", verbosity=0)

    from eenloket.audit import chain, processing, trace
    from eenloket.audit.models import LogName, ProcessingLogEntry
    from eenloket.audit.services import activity_version_id
    from eenloket.audit.verify import verify
    from eenloket.core import clock
    from eenloket.core.actor import Actor

    actor = Actor.system("benchmark")
    print(f"database: {connection.vendor}; lines: {args.lines:,}")

    # 1. What a request costs: one operation with one read of one person, written at its end.
    durations = []
    for i in range(args.requests):
        started = time.perf_counter()
        with trace.operation():
            processing.record(
                activity=processing.CASE_VIEW,
                actor=actor,
                subject_ids=[f"person-{i % 5000}"],
                categories=["contact", "case_notes"],
                status="ok",
            )
        durations.append(time.perf_counter() - started)
    print(
        "per request (1 line + 1 audit entry): "
        f"median {statistics.median(durations) * 1000:.2f} ms, "
        f"{args.requests / sum(durations):,.0f} operations/s"
    )

    # 2. Bulk appends, as a busy worklist or an import would make them.
    version = activity_version_id(processing.CASE_VIEW)
    remaining = args.lines - ProcessingLogEntry.objects.count()
    started = time.perf_counter()
    now = clock.now()
    appended = 0
    while appended < remaining:
        size = min(args.batch, remaining - appended)
        chain.append(
            LogName.PROCESSING,
            [
                ProcessingLogEntry(
                    trace_id="ab" * 16,
                    operation_id="cd" * 8,
                    name=processing.CASE_VIEW,
                    start_time=now,
                    end_time=now,
                    status_code="ok",
                    activity_key=processing.CASE_VIEW,
                    activity_version_id=version,
                    data_subject_id=f"{appended + n:064x}",
                    data_subject_type="eenloket:person-pseudonym",
                    categories=["contact"],
                    attributes={"dpl.core.processing_activity_id": f"urn:uuid:{version}"},
                )
                for n in range(size)
            ],
        )
        appended += size
    elapsed = time.perf_counter() - started
    print(f"bulk append: {appended:,} lines in {elapsed:.1f} s = {appended / elapsed:,.0f} lines/s")

    chain.checkpoint_all()
    started = time.perf_counter()
    report = verify()
    elapsed = time.perf_counter() - started
    print(
        f"verify: {report.entries:,} entries, {report.checkpoints} checkpoints in {elapsed:.1f} s "
        f"({report.entries / elapsed:,.0f} entries/s); intact={report.intact}"
    )
    if not report.intact:
        sys.exit(1)


if __name__ == "__main__":
    main()
