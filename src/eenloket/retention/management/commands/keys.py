"""``eenloket keys rotate [--batch N] [--max-batches N] [--dry-run] [--json]``: re-encrypt the
encrypted fields and files with the current (first) field key, in batches; run it again to
resume (retention/key_rotation.py, docs/privacy.md)."""

import json

from django.core.management.base import BaseCommand, CommandError

from eenloket.retention import key_rotation


class Command(BaseCommand):
    help = "Re-encrypt personal data with the first of EENLOKET_FIELD_KEYS, in batches."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        rotate = actions.add_parser("rotate", help="re-encrypt what the old keys encrypted")
        rotate.add_argument("--batch", type=int, default=key_rotation.DEFAULT_BATCH)
        rotate.add_argument("--max-batches", type=int, default=None, help="stop after N")
        rotate.add_argument("--dry-run", action="store_true", help="only count what is left")
        rotate.add_argument("--json", action="store_true", help="print the report as JSON")

    def handle(self, *args, action, batch, max_batches, dry_run, json, **options):
        if batch < 1 or (max_batches is not None and max_batches < 1):
            raise CommandError("--batch and --max-batches must be 1 or more")
        report = key_rotation.keys_rotate(batch=batch, max_batches=max_batches, dry_run=dry_run)
        if json:
            self.stdout.write(_dumps(report.as_dict()))
            return
        verb = "to rotate" if dry_run else "rotated"
        for label, checked in report.checked.items():
            self.stdout.write(f"{label}: checked {checked}, {verb} {report.rotated[label]}")
        if not report.finished:
            self.stdout.write("stopped early: run it again to go on")


def _dumps(data) -> str:
    return json.dumps(data, indent=2)
