import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from eenloket import benchmarking_api as bench


class Command(BaseCommand):
    help = (
        "Seed a population (when there is none), hand cases over to a partner with an API "
        "client, then time listing and accepting handovers through /api/v1/ in process and "
        "through gunicorn with 1 and N clients (docs/performance.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--persons", type=int, default=20_000, help="persons to seed")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--teams", type=int, default=20)
        parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
        parser.add_argument("--clients", default="1,16", help="concurrent clients, e.g. 1,16")
        parser.add_argument("--requests", type=int, default=32, help="requests per run")
        parser.add_argument("--repeat", type=int, default=10, help="in-process requests")
        parser.add_argument("--json", metavar="PATH", help="also write the figures as JSON")

    def handle(self, *args, persons, seed, teams, workers, clients, requests, repeat, **options):
        if settings.EENLOKET_MODE != "demo":
            raise CommandError("api_bench runs only with EENLOKET_MODE=demo.")
        try:
            concurrency = [int(c) for c in clients.split(",") if c.strip()]
        except ValueError:
            raise CommandError("--clients takes numbers separated by commas, e.g. 1,16") from None
        if min(persons, teams, workers, requests, repeat, *concurrency, 1) < 1:
            raise CommandError("every number must be at least 1")
        started = time.monotonic()

        def say(message: str) -> None:
            self.stderr.write(f"[{time.monotonic() - started:6.0f} s] {message}")

        result = bench.run(
            persons=persons,
            seed=seed,
            teams=teams,
            workers=workers,
            concurrency=concurrency,
            requests=requests,
            repeat=repeat,
            say=say,
        )
        self.stdout.write(bench.table(result))
        if options["json"]:
            with open(options["json"], "w") as handle:
                handle.write(bench.as_json(result))
