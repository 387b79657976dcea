"""``eenloket retention [--dry-run] [--batch N] [--json]``: apply the retention periods once
(what the daily job does), or say what would go."""

import json

from django.core.management.base import BaseCommand, CommandError

from eenloket.retention import services


class Command(BaseCommand):
    help = "Delete what has passed its retention term (retention/periods.py); --dry-run to see."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="only say what would go")
        parser.add_argument(
            "--batch", type=int, default=services.DEFAULT_BATCH, help="at most this many per kind"
        )
        parser.add_argument("--json", action="store_true", help="print the report as JSON")

    def handle(self, *args, dry_run=False, batch=services.DEFAULT_BATCH, json=False, **options):
        if batch < 1:
            raise CommandError("--batch must be 1 or more")
        report = services.retention_apply(dry_run=dry_run, batch=batch)
        if json:
            self.stdout.write(_dumps(report.as_dict()))
            return
        verb = "would delete" if dry_run else "deleted"
        for rule in report.rules:
            done = rule.due if dry_run else rule.deleted
            line = f"{rule.rule}: {verb} {done}, held {rule.held}"
            if rule.kept:
                line += f", kept {len(rule.kept)} ({'; '.join(rule.kept[:5])})"
            self.stdout.write(line)


def _dumps(data) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False)
