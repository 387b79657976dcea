import json
import os

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from eenloket.audit import chain, retention, services
from eenloket.audit.chain import MODELS
from eenloket.audit.verify import verify
from eenloket.core import clock
from eenloket.core.actor import Actor


class Command(BaseCommand):
    help = "The processing log and worker audit log: verify, checkpoint, retention, register."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        check = sub.add_parser("verify", help="check every chain and checkpoint; exit 1 if broken")
        check.add_argument("--json", action="store_true", help="print the result as JSON")
        check.add_argument(
            "--workers",
            type=int,
            default=min(4, os.cpu_count() or 1),
            help="processes that walk chains at once (PostgreSQL; default: the cores, up to 4)",
        )
        sub.add_parser("checkpoint", help="sign a checkpoint at the head of every chain")
        keep = sub.add_parser("retention", help="drop the months whose retention has passed")
        keep.add_argument("--dry-run", action="store_true", help="only say what would go")
        sub.add_parser("register", help="store the register of processing activities")
        sub.add_parser(
            "public-key",
            help="print the public key that checks checkpoints and consent receipts (PEM)",
        )
        ahead = sub.add_parser(
            "partitions", help="create the coming months' partitions (PostgreSQL; run as owner)"
        )
        ahead.add_argument("--months", type=int, default=3, help="how many months ahead")
        grants = sub.add_parser(
            "grants", help="print SQL that gives a role insert-only rights on the logs (PostgreSQL)"
        )
        grants.add_argument("--role", required=True, help="the application's database role")

    def handle(self, *args, action, **options):
        getattr(self, f"_{action.replace('-', '_')}")(**options)

    def _verify(self, json=False, workers=1, **options):
        if workers < 1:
            raise CommandError("--workers must be at least 1")
        report = verify(workers=workers)
        if json:
            self.stdout.write(_dumps(report.as_dict()))
        elif report.intact:
            self.stdout.write(
                f"intact: {report.entries} entries in {report.chains} chains, "
                f"{report.checkpoints} checkpoints"
            )
        else:
            self.stderr.write(f"BROKEN: {report.broken}")
        if not report.intact:
            raise SystemExit(1)

    def _checkpoint(self, **options):
        made = chain.checkpoint_all()
        self.stdout.write(f"{len(made)} checkpoint(s) signed")

    def _retention(self, dry_run=False, **options):
        if dry_run:
            for log, month, months in retention.expired_months():
                self.stdout.write(f"would drop {log} {month:%Y-%m} (retention {months} months)")
            return
        for log, month, count in retention.apply_retention(actor=Actor.system("retention")):
            self.stdout.write(f"dropped {log} {month:%Y-%m}: {count} entries")

    def _register(self, **options):
        made = services.register_sync(actor=Actor.system("register"))
        self.stdout.write(f"{len(made)} new register version(s)")

    def _public_key(self, **options):
        from cryptography.hazmat.primitives import serialization

        pem = chain.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
        self.stdout.write(f"key id {chain.key_id()}\n{pem.decode().strip()}")

    def _partitions(self, months=3, **options):
        if connection.vendor != "postgresql":
            self.stdout.write("SQLite has no partitions: nothing to do")
            return
        if months < 0 or months > 120:
            raise CommandError("--months must be between 0 and 120")
        for log in MODELS:
            chain.make_lanes(log)  # so the first writer of a new lane makes no one wait
        month = chain.month_of(clock.now())
        for _ in range(months + 1):
            for log in MODELS:
                chain.ensure_partition(log, month)
            month = chain.next_month(month)
        self.stdout.write(f"partitions exist up to {month:%Y-%m} (exclusive)")

    def _grants(self, role, **options):
        if connection.vendor != "postgresql":
            raise CommandError("insert-only grants exist on PostgreSQL only")
        for statement in insert_only_grants(role):
            self.stdout.write(statement + ";")


def _dumps(data) -> str:
    return json.dumps(data, indent=2, sort_keys=True)


def insert_only_grants(role: str) -> list[str]:
    """SQL that lets ``role`` add to the logs and read them, but never change or delete."""
    if not role.replace("_", "").isalnum():
        raise CommandError("a role name has letters, digits and underscores only")
    tables = [model._meta.db_table for model in MODELS.values()] + ["audit_checkpoint"]
    statements = []
    for table in tables:
        statements.append(f'REVOKE UPDATE, DELETE, TRUNCATE ON "{table}" FROM "{role}"')
        statements.append(f'GRANT SELECT, INSERT ON "{table}" TO "{role}"')
    statements.append(f'GRANT USAGE ON SEQUENCE "audit_checkpoint_id_seq" TO "{role}"')
    statements.append(
        f'GRANT SELECT, INSERT, UPDATE ON "audit_chainhead", "audit_loglock" TO "{role}"'
    )
    return statements
