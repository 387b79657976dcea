"""`eenloket roster import FILE --base-url URL` and `eenloket roster export`: the workers'
roster as CSV (UTF-8, Dutch headers; setup/roster.py), all or nothing."""

import sys

from django.core.management.base import BaseCommand, CommandError

from eenloket.core.actor import Actor
from eenloket.setup import roster

ACTOR = "roster-import"


class Command(BaseCommand):
    help = "Import workers and memberships from a CSV roster (all or nothing), or export it."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("import", help="import a roster file; new workers are invited")
        load.add_argument("file")
        load.add_argument(
            "--base-url", required=True, help="the loket's address for the invitation links"
        )
        sub.add_parser("export", help="print the roster as CSV")

    def handle(self, *args, **options):
        actor = Actor(kind="system", system_name=ACTOR, via="command")
        if options["action"] == "export":
            sys.stdout.write(roster.roster_export(actor=actor))
            return
        try:
            with open(options["file"], "rb") as handle:
                data = handle.read()
        except OSError as error:
            raise CommandError(f"cannot read {options['file']}: {error.strerror}") from None
        result = roster.roster_import(data, base_url=options["base_url"], actor=actor)
        if result.errors:
            for error in result.errors:
                self.stderr.write(error)
            raise CommandError(f"{len(result.errors)} error(s); nothing was changed")
        self.stdout.write(f"{result.invited}\tworkers invited\n{result.memberships}\tmemberships")
