# In the api app (the interfaces layer): it drives every interface over HTTP, the partner API
# included, and prepares its writes through the API client services (benchmarking_writes.py).
import json
import os
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from eenloket import benchmarking


class Command(BaseCommand):
    help = (
        "Seed a population (when there is none), then time the worker and citizen pages, the "
        "writes (handover send and accept, consent grant) and the partner API in process and "
        "through gunicorn with 1 and N clients, and the log and invariant operations "
        "(docs/performance.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--persons", type=int, default=20_000, help="persons to seed")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--teams",
            type=int,
            default=20,
            help="teams the cases spread over: more teams, the same team size in a bigger country",
        )
        parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
        parser.add_argument(
            "--clients", default="1,16", help="concurrent clients per run, comma-separated"
        )
        parser.add_argument("--requests", type=int, default=40, help="requests per page and run")
        parser.add_argument("--repeat", type=int, default=10, help="in-process requests per page")
        parser.add_argument("--json", metavar="PATH", help="also write the figures as JSON")
        parser.add_argument(
            "--profile",
            metavar="DIR",
            default="",
            help="the server logs each request's time, connection, SQL and queries to DIR "
            "(benchmarking_profile.py)",
        )
        parser.add_argument(
            "--pages",
            default="",
            help="only these pages and operations, comma-separated: "
            + ", ".join(benchmarking.PAGES + benchmarking.WRITES + benchmarking.OPERATIONS),
        )

    def handle(self, *args, persons, seed, teams, workers, clients, requests, repeat, **options):
        if settings.EENLOKET_MODE != "demo":
            raise CommandError("bench runs only with EENLOKET_MODE=demo; refusing in production.")
        try:
            concurrency = [int(c) for c in clients.split(",") if c.strip()]
        except ValueError:
            raise CommandError("--clients takes numbers separated by commas, e.g. 1,16") from None
        if persons < 1 or teams < 1 or workers < 1 or requests < 1 or repeat < 1 or not concurrency:
            raise CommandError(
                "--persons, --teams, --workers, --requests and --repeat must be at least 1"
            )
        only = [name.strip() for name in options["pages"].split(",") if name.strip()]
        known = benchmarking.PAGES + benchmarking.WRITES + benchmarking.OPERATIONS
        unknown = [name for name in only if name not in known]
        if unknown:
            raise CommandError(f"unknown page {unknown[0]!r}; choose from: " + ", ".join(known))
        profile = os.path.abspath(options["profile"]) if options["profile"] else ""
        if profile:
            os.makedirs(profile, exist_ok=True)
        started = time.monotonic()

        def say(message: str) -> None:
            self.stderr.write(f"[{time.monotonic() - started:6.0f} s] {message}")

        try:
            result = benchmarking.run(
                persons=persons,
                seed=seed,
                teams=teams,
                only=only,
                workers=workers,
                concurrency=concurrency,
                requests=requests,
                repeat=repeat,
                say=say,
                profile=profile,
            )
        except benchmarking.BenchError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(benchmarking.table(result))
        if options["json"]:
            with open(options["json"], "w") as handle:
                json.dump(result, handle, indent=2)
