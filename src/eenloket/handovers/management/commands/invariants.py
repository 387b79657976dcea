"""`eenloket invariants`: exit 0 when every no-drop invariant holds, 1 with a list when not."""

from django.core.management.base import BaseCommand

from eenloket.handovers.invariants import violations


class Command(BaseCommand):
    help = "Check the no-drop invariants (docs/handovers.md); exit 1 and list any violation."

    def handle(self, *args, **options):
        found = violations()
        for violation in found:
            self.stdout.write(f"{violation.check}\t{violation.case_id}\t{violation.detail}")
        if found:
            self.stderr.write(f"{len(found)} invariant violation(s)")
            raise SystemExit(1)
        self.stdout.write("all invariants hold")
