from django.core.management import call_command
from django.core.management.base import BaseCommand

API_PAGES = "API list handovers,API accept a handover"


class Command(BaseCommand):
    help = (
        "Kept for scripts of #21: the same as `eenloket bench --pages "
        f"'{API_PAGES}'` (docs/performance.md), which measures the partner API with the rest."
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

    def handle(self, *args, **options):
        keep = ("persons", "seed", "teams", "workers", "clients", "requests", "repeat", "json")
        call_command(
            "bench",
            pages=API_PAGES,
            stdout=self.stdout,
            stderr=self.stderr,
            **{name: options[name] for name in keep},
        )
