import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from eenloket import seeding
from eenloket.audit import seed_lines


class Command(BaseCommand):
    help = "Fill the database with a reproducible invented population (persons, cases, contacts)."

    def add_arguments(self, parser):
        parser.add_argument("--persons", type=int, default=0, help="how many main persons")
        parser.add_argument(
            "--history",
            type=int,
            default=0,
            metavar="HANDOVERS",
            help="also add invented anonymous history for the figures, with this many handovers",
        )
        parser.add_argument("--seed", type=int, default=1, help="the same seed, the same data")
        parser.add_argument("--teams", type=int, default=20, help="teams the cases spread over")
        parser.add_argument(
            "--log-lines",
            type=int,
            default=0,
            help="also add this many invented processing-log lines (for `audit verify`)",
        )
        parser.add_argument(
            "--log-lanes", type=int, default=16, help="lanes the log lines spread over"
        )

    def handle(self, *args, persons, seed, teams, history, log_lines, log_lanes, **options):
        if settings.EENLOKET_MODE != "demo":
            raise CommandError("seed runs only with EENLOKET_MODE=demo; refusing in production.")
        if min(persons, history, log_lines) < 0 or max(persons, history, log_lines) < 1:
            raise CommandError(
                "give --persons N, --history HANDOVERS or --log-lines N (at least 1)"
            )
        if log_lanes < 1:
            raise CommandError("--log-lanes must be at least 1")
        started = time.monotonic()

        def progress(done, total):
            width = 30
            filled = width * done // total
            self.stdout.write(
                f"\r[{'#' * filled}{'.' * (width - filled)}] {done:,}/{total:,} persons "
                f"({time.monotonic() - started:.0f} s)",
                ending="",
            )
            self.stdout.flush()

        if history:
            made = seeding.seed_history(handovers=history, seed=seed, teams=teams)
            self.stdout.write(
                f"Made invented history: {made.cases:,} cases, {made.handovers:,} handovers, "
                f"{made.contacts:,} contacts, {made.appointments:,} appointments "
                f"in {time.monotonic() - started:.1f} s."
            )
        if log_lines:
            made = seed_lines.seed_lines(
                count=log_lines,
                lanes=log_lanes,
                seed=seed,
                progress=lambda done, total: self._bar(started, done, total, "log lines"),
            )
            self.stdout.write(
                f"\nMade {made:,} processing-log lines over {log_lanes} lanes "
                f"in {time.monotonic() - started:.1f} s."
            )
        if persons < 1:
            self._analyze()
            return
        result = seeding.seed(persons=persons, seed=seed, teams=teams, progress=progress)
        self.stdout.write("")
        self._analyze()
        self.stdout.write(
            f"Made {result.persons:,} persons ({result.household_links:,} household links), "
            f"{result.cases:,} cases and {result.contacts:,} contacts over {teams} teams "
            f"in {time.monotonic() - started:.1f} s."
        )

    def _bar(self, started, done, total, what):
        width = 30
        filled = width * done // total
        self.stdout.write(
            f"\r[{'#' * filled}{'.' * (width - filled)}] {done:,}/{total:,} {what} "
            f"({time.monotonic() - started:.0f} s)",
            ending="",
        )
        self.stdout.flush()

    def _analyze(self):
        if connection.vendor == "postgresql":
            # Fresh statistics after a bulk load, or the planner guesses from an empty table.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
