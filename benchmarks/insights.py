"""Benchmark the figures page's queries over 1,000,000 handovers.

    .venv/bin/python benchmarks/insights.py                      # SQLite file, 1,000,000
    .venv/bin/python benchmarks/insights.py --handovers 100000   # quicker
    DATABASE_URL=postgres://eenloket:eenloket@127.0.0.1:5432/eenloket_bench \\
        .venv/bin/python benchmarks/insights.py                  # PostgreSQL (database is reset)

Seeds invented anonymous history with `eenloket seed --history N` (bulk inserts in batches of
5,000 cases, so memory stays bounded: about 480,000 cases, 1,000,000 handovers, contacts,
needs, life events, appointments), then times `figures.dashboard()` — every figure of the
page, as aggregate queries — for the whole chain over the default year, for one organisation,
and for one month of one municipality. Prints figures; asserts nothing about speed.

Seeding a million handovers takes long (tens of minutes on a loaded SQLite machine), so
``--reuse`` times an already seeded database instead: point EENLOKET_VAR_DIR (SQLite) or
DATABASE_URL at it; it is migrated (new indexes are built) but neither flushed nor seeded.
``--per-figure`` also prints each figure's own time, to see which one is slow. On SQLite the
database works inside this process, so "CPU" is the work done, whatever else loads the
machine; on PostgreSQL it is only Python's share (the server's work is in the wall time).
"""

import argparse
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--handovers", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--reuse", action="store_true", help="time the database as it is: no flush, no seeding"
    )
    parser.add_argument("--per-figure", action="store_true", help="also time each figure")
    parser.add_argument(
        "--report",
        action="store_true",
        help="time the nightly report of the last closed month, then the page's default (that "
        "month, from the store) against the old default (a year, live) (decision 0050)",
    )
    args = parser.parse_args()

    if not args.reuse:
        workdir = Path(tempfile.mkdtemp(prefix="eenloket-bench-"))
        os.environ.setdefault("EENLOKET_VAR_DIR", str(workdir))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "eenloket.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor == "postgresql" and not args.reuse:
        call_command("flush", interactive=False, verbosity=0)
    call_command("migrate", verbosity=0)

    from eenloket.access.insights import FigureScope
    from eenloket.core import clock
    from eenloket.insights import figures
    from eenloket.insights.checks import min_persons
    from eenloket.insights.models import CaseFact, HandoverFact

    if not args.reuse:
        started = time.monotonic()
        call_command("seed", history=args.handovers, seed=args.seed, stdout=sys.stdout)
        print(f"seeded in {time.monotonic() - started:.0f} s")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(
        f"database: {connection.vendor}; handovers: {HandoverFact.objects.count():,}; "
        f"cases: {CaseFact.objects.count():,}; peak memory of this process: "
        f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB"
    )

    busiest = (
        HandoverFact.objects.values("to_organisation_id")
        .order_by()
        .annotate(n=django.db.models.Count("pk"))
        .order_by("-n")
        .first()["to_organisation_id"]
    )
    a_municipality = (
        CaseFact.objects.exclude(municipality=None)
        .order_by("municipality_id")
        .values_list("municipality_id", flat=True)[0]
    )
    today = clock.today()
    cases = {
        "whole chain, last 365 days": figures.Filters(),
        "one organisation, last 365 days": figures.Filters(organisation_id=busiest),
        "one municipality, last 30 days": figures.Filters(
            municipality_id=a_municipality, start=today - django.utils.timezone.timedelta(days=29)
        ),
    }
    k = min_persons()
    live = {}
    if args.report:
        from eenloket.insights import reports
        from eenloket.insights.figures import stored

        last = stored.closed_months(1)[0]
        begin = time.perf_counter()
        written = reports.report_month(last)
        print(
            f"nightly report of {last:%Y-%m} ({written} reports: whole chain, municipalities, "
            f"organisations, in each language): {time.perf_counter() - begin:.1f} s",
            flush=True,
        )
        month = stored.month_filters(last)
        cases = {
            "old default: whole chain, last 365 days, live": figures.Filters(),
            "new default: whole chain, last closed month, from the store": month,
            "whole chain, last closed month, live": month,
            "one organisation, last closed month, from the store": stored.month_filters(
                last, "organisation", str(busiest)
            ),
            "whole chain, this month so far, live": figures.Filters(start=today.replace(day=1)),
        }
        live = {"whole chain, last closed month, live"}
    for name, filters in cases.items():
        durations, cpu = [], []
        for _ in range(args.runs):
            begin, begin_cpu = time.perf_counter(), time.process_time()
            board = figures.dashboard(FigureScope(), filters, live=name in live)
            durations.append(time.perf_counter() - begin)
            cpu.append(time.process_time() - begin_cpu)
        shown = sum(c.shown for f in board.figures for r in f.rows for c in r.cells)
        hidden = sum(c.suppressed for f in board.figures for r in f.rows for c in r.cells)
        print(
            f"dashboard ({len(board.figures)} figures), {name}: median "
            f"{statistics.median(durations):.2f} s over {args.runs} runs "
            f"(min {min(durations):.2f} s; CPU of this process {statistics.median(cpu):.2f} s); "
            f"{shown:,} cells shown, {hidden:,} suppressed",
            flush=True,
        )
        if args.per_figure:
            for figure in figures.FIGURES:
                begin, begin_cpu = time.perf_counter(), time.process_time()
                figure(filters, k)
                print(
                    f"    {figure.__name__:<28} {time.perf_counter() - begin:7.2f} s"
                    f"  (CPU {time.process_time() - begin_cpu:.2f} s)",
                    flush=True,
                )


if __name__ == "__main__":
    main()
