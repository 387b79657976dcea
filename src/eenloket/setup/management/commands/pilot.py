"""`eenloket pilot load FILE`: set up a pilot from a JSON file, all or nothing (docs/workers.md)."""

from django.core.management.base import BaseCommand, CommandError

from eenloket.setup.loader import load_text


class Command(BaseCommand):
    help = (
        "Set up a pilot (organisations, teams, direct lines, desks, statutory bases, workers, "
        "breakthrough tables) from a JSON file; nothing changes when a line is refused."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("load", help="load a set-up file")
        load.add_argument("file")

    def handle(self, *args, **options):
        try:
            with open(options["file"], encoding="utf-8") as handle:
                text = handle.read()
        except OSError as error:
            raise CommandError(f"cannot read {options['file']}: {error.strerror}") from None
        result = load_text(text)
        if result.errors:
            for error in result.errors:
                self.stderr.write(error)
            raise CommandError(f"{len(result.errors)} error(s); nothing was changed")
        for what, count in sorted(result.created.items()):
            self.stdout.write(f"{count}\t{what}")
        for username, password in sorted(result.passwords.items()):
            self.stdout.write(
                f"first password for {username}: {password} (give it in person; the worker "
                "sets up the code app at the first login; or set one on the screen)"
            )
