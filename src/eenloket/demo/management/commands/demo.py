from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from eenloket.demo import data as demodata


class Command(BaseCommand):
    help = "Prepare the demo: migrate, load demo data (idempotent) and serve on 127.0.0.1:8000."

    def add_arguments(self, parser):
        parser.add_argument("--no-serve", action="store_true", help="prepare the database only")
        parser.add_argument("--addrport", default="127.0.0.1:8000", help="where to serve")

    def handle(self, *args, no_serve=False, addrport="127.0.0.1:8000", **options):
        if settings.EENLOKET_MODE != "demo":
            raise CommandError(
                "The demo runs only with EENLOKET_MODE=demo; refusing in production."
            )
        call_command("migrate", interactive=False, verbosity=0)
        call_command("directory", "load-reference", stdout=self.stdout)
        created = demodata.load()
        self.stdout.write("Demo data loaded." if created else "Demo data was already there.")
        self.stdout.write(demodata.describe_accounts())
        if no_serve:
            return
        self.stdout.write(f"Open http://{addrport}/ in your browser. Stop with Ctrl+C.")
        call_command("runserver", addrport, use_reloader=False)
