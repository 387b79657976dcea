"""`eenloket readability`: score every citizen-facing template (demo mode: it loads the demo)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from eenloket.core.readability import JARGON, MINIMUM
from eenloket.portal.readability_report import report


class Command(BaseCommand):
    help = "Report Flesch-Douma and official jargon for every citizen-facing template (demo)."

    def handle(self, *args, **options):
        if settings.EENLOKET_MODE != "demo":
            raise CommandError("readability renders the demo; run it with EENLOKET_MODE=demo.")

        failing = 0
        self.stdout.write(f"{'template':<42} {'ease':>6} {'words':>6}  jargon")
        for name, result in report():
            failing += not result.plain
            jargon = ", ".join(f"{w} → {JARGON[w]}" for w in result.jargon) or "-"
            mark = "" if result.plain else "  <-- below " + str(MINIMUM) + " or jargon"
            self.stdout.write(
                f"{name:<42} {result.reading_ease:>6.1f} {result.words:>6}  {jargon}{mark}"
            )
        if failing:
            raise CommandError(f"{failing} template(s) are not plain enough")
