import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from eenloket import seeding, seeding_work
from eenloket.audit import seed_lines

# The reference size of issue #27: 1,000,000 persons (800,000 main persons and a child with a
# quarter of them), 1,000,000 cases (1.25 per main person), and per case 2 handovers,
# 10 timeline entries and 20 processing-log lines.
REFERENCE_PERSONS = 800_000
REFERENCE_CASE_MIX = (1, 1, 1, 2)
REFERENCE_PER_CASE = {"handovers": 2, "timeline": 10, "log_lines": 20}


class Command(BaseCommand):
    help = (
        "Fill the database with a reproducible invented population (persons, cases, contacts, "
        "handovers, timelines, processing-log lines). Run it again to resume."
    )

    def add_arguments(self, parser):
        parser.add_argument("--persons", type=int, default=0, help="how many main persons")
        parser.add_argument(
            "--reference",
            action="store_true",
            help="the reference size of issue #27 (or its proportions for --persons N): "
            "1.25 cases per main person, per case 2 handovers, 10 timeline entries, 20 log lines",
        )
        parser.add_argument(
            "--handovers-per-case", type=float, default=0, help="handovers per seeded case"
        )
        parser.add_argument(
            "--timeline-per-case",
            type=float,
            default=0,
            help="timeline entries per seeded case, the first contact and confirmation included",
        )
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
            help="processing-log lines the log should hold (for `audit verify`); "
            "lines already there count",
        )
        parser.add_argument(
            "--log-lanes", type=int, default=16, help="lanes the log lines spread over"
        )

    def handle(self, *args, **options):
        if settings.EENLOKET_MODE != "demo":
            raise CommandError("seed runs only with EENLOKET_MODE=demo; refusing in production.")
        persons, history, log_lines = options["persons"], options["history"], options["log_lines"]
        per_h, per_t = options["handovers_per_case"], options["timeline_per_case"]
        case_mix = (1, 2, 2, 3)
        if options["reference"]:
            persons = persons or REFERENCE_PERSONS
            case_mix = REFERENCE_CASE_MIX
            per_h = per_h or REFERENCE_PER_CASE["handovers"]
            per_t = per_t or REFERENCE_PER_CASE["timeline"]
            # 1.25 cases per main person on average.
            log_lines = log_lines or REFERENCE_PER_CASE["log_lines"] * persons * 5 // 4
        if (
            min(persons, history, log_lines, per_h, per_t) < 0
            or max(persons, history, log_lines) < 1
        ):
            raise CommandError(
                "give --reference, --persons N, --history HANDOVERS or --log-lines N (at least 1)"
            )
        if options["log_lanes"] < 1:
            raise CommandError("--log-lanes must be at least 1")
        self.started = time.monotonic()
        seed, teams = options["seed"], options["teams"]
        if history:
            made = seeding.seed_history(handovers=history, seed=seed, teams=teams)
            self.stdout.write(
                f"Made invented history: {made.cases:,} cases, {made.handovers:,} handovers, "
                f"{made.contacts:,} contacts, {made.appointments:,} appointments "
                f"in {self._took()}."
            )
        if persons:
            result = seeding.seed(
                persons=persons,
                seed=seed,
                teams=teams,
                case_mix=case_mix,
                progress=self._progress("persons"),
            )
            self.stdout.write(
                f"\nMade {result.persons:,} persons ({result.household_links:,} household "
                f"links), {result.cases:,} cases and {result.contacts:,} contacts over {teams} "
                f"teams in {self._took()} ({result.resumed:,} main persons were there)."
            )
            if per_h or per_t:
                work = seeding_work.seed_work(
                    teams=result.teams,
                    handovers_per_case=per_h,
                    timeline_per_case=per_t,
                    seed=seed,
                    progress=self._progress("cases with handovers and timeline"),
                )
                self.stdout.write(
                    f"\nMade {work.handovers:,} handovers ({work.handover_events:,} events) "
                    f"and {work.timeline:,} more timeline entries on {work.cases:,} cases "
                    f"in {self._took()}" + f" ({work.resumed:,} cases had theirs already)."
                )
        if log_lines:
            there = seed_lines.lines_present()
            made = 0
            if log_lines > there:
                made = seed_lines.seed_lines(
                    count=log_lines - there,
                    lanes=options["log_lanes"],
                    seed=seed + there,  # a resumed run draws other subjects
                    progress=self._progress("log lines", offset=there, total=log_lines),
                )
            self.stdout.write(
                f"\nMade {made:,} processing-log lines over {options['log_lanes']} lanes "
                f"({there:,} were there) in {self._took()}."
            )
        self._analyze()

    def _took(self) -> str:
        return f"{time.monotonic() - self.started:.1f} s"

    def _progress(self, what, *, offset=0, total=None):
        """A progress line for one step: bar, count, rate and estimated time left."""
        step_started = time.monotonic()

        def show(done, step_total):
            whole = total or step_total
            elapsed = max(time.monotonic() - step_started, 1e-6)
            rate = done / elapsed
            left = (step_total - done) / rate if rate else 0
            width = 30
            filled = width * (offset + done) // max(whole, 1)
            self.stdout.write(
                f"\r[{'#' * filled}{'.' * (width - filled)}] {offset + done:,}/{whole:,} {what} "
                f"{rate:,.0f}/s, {elapsed:.0f} s, ETA {_clock(left)}   ",
                ending="",
            )
            self.stdout.flush()

        return show

    def _analyze(self):
        if connection.vendor == "postgresql":
            # Fresh statistics after a bulk load, or the planner guesses from an empty table.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")


def _clock(seconds: float) -> str:
    seconds = int(seconds)
    return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"
