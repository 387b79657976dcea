import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from eenloket import seeding


class Command(BaseCommand):
    help = "Fill the database with a reproducible invented population (persons, cases, contacts)."

    def add_arguments(self, parser):
        parser.add_argument("--persons", type=int, required=True, help="how many main persons")
        parser.add_argument("--seed", type=int, default=1, help="the same seed, the same data")
        parser.add_argument("--teams", type=int, default=20, help="teams the cases spread over")

    def handle(self, *args, persons, seed, teams, **options):
        if settings.EENLOKET_MODE != "demo":
            raise CommandError("seed runs only with EENLOKET_MODE=demo; refusing in production.")
        if persons < 1:
            raise CommandError("--persons must be at least 1")
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

        result = seeding.seed(persons=persons, seed=seed, teams=teams, progress=progress)
        self.stdout.write("")
        if connection.vendor == "postgresql":
            # Fresh statistics after a bulk load, or the planner guesses from an empty table.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        self.stdout.write(
            f"Made {result.persons:,} persons ({result.household_links:,} household links), "
            f"{result.cases:,} cases and {result.contacts:,} contacts over {teams} teams "
            f"in {time.monotonic() - started:.1f} s."
        )
