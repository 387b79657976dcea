"""Rotation of the field encryption key (#23, decision 0049): re-encrypt every encrypted
field and file with the current (first) key of ``EENLOKET_FIELD_KEYS``, in batches, while
the desk keeps working.

How a deployment rotates (docs/privacy.md): put the new key first and keep the old one
after it (every key decrypts, the first encrypts), restart; run ``eenloket keys rotate``
until it reports nothing left; then remove the old key. No state is kept: a value already
under the current key is skipped, so a rotation that was interrupted (a crash, a deploy, a
``--max-batches``) resumes where it stopped when it is run again.

Each batch is one transaction with its rows locked; a file gets a new name (the row points to
it in the same transaction) and the old file is removed after the commit, so a crash leaves
at most a file no row names, which the retention job sweeps (``services.orphan_files``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.files.base import ContentFile
from django.db import models, transaction

from eenloket.accounts.models import User
from eenloket.api.models import IdempotentRequest, WebhookEndpoint
from eenloket.audit import processing
from eenloket.cases.models import ContactDocument
from eenloket.core import crypto
from eenloket.core.actor import Actor
from eenloket.documents.models import Document
from eenloket.notifications.models import Message
from eenloket.people.models import Person

DEFAULT_BATCH = 500

# Every encrypted text field: (label, model, fields). A new encrypted field is added here;
# ``test_key_rotation`` checks the list against every ``*_encrypted`` field of the project.
TEXT_FIELDS: tuple[tuple[str, type[models.Model], tuple[str, ...]], ...] = (
    ("person.bsn", Person, ("bsn_encrypted",)),
    ("message", Message, ("contact_encrypted", "context_encrypted")),
    ("worker.totp", User, ("totp_secret_encrypted",)),
    ("api.webhook_secret", WebhookEndpoint, ("secret_encrypted",)),
    ("api.idempotent_answer", IdempotentRequest, ("response_encrypted",)),
)
# Every encrypted file: (label, model); the field is ``file``.
FILES: tuple[tuple[str, type[models.Model]], ...] = (
    ("contact_document", ContactDocument),
    ("document", Document),
)


@dataclass
class Report:
    checked: dict[str, int] = field(default_factory=dict)
    rotated: dict[str, int] = field(default_factory=dict)
    batches: int = 0
    finished: bool = True

    def add(self, label: str, checked: int, rotated: int) -> None:
        self.checked[label] = self.checked.get(label, 0) + checked
        self.rotated[label] = self.rotated.get(label, 0) + rotated

    def as_dict(self) -> dict:
        return {
            "checked": self.checked,
            "rotated": self.rotated,
            "batches": self.batches,
            "finished": self.finished,
        }


def keys_rotate(
    *, batch: int = DEFAULT_BATCH, max_batches: int | None = None, dry_run: bool = False
) -> Report:
    """Re-encrypt what is not under the current field key, ``batch`` rows per transaction.
    ``max_batches`` stops early (the next run resumes); ``dry_run`` only counts. One audit
    line when the run starts and one when it ends, with the counts."""
    actor = Actor.system("keys")
    report = Report()
    if not dry_run:
        _audit(actor, "keys.rotation_started", {"batch": batch})
    for label, model, fields in TEXT_FIELDS:
        if not _run(report, label, model, batch, max_batches, dry_run, _texts(fields)):
            break
    else:
        for label, model in FILES:
            if not _run(report, label, model, batch, max_batches, dry_run, _file):
                break
    if not dry_run:
        _audit(actor, "keys.rotation_finished", report.as_dict())
    return report


def _run(report, label, model, batch, max_batches, dry_run, rotate) -> bool:
    """Go through ``model`` by primary key, a batch per transaction; return False when the
    run stopped at ``max_batches``."""
    last = None
    while True:
        if max_batches is not None and report.batches >= max_batches:
            report.finished = False
            return False
        with transaction.atomic():
            rows = model._base_manager.order_by("pk")
            if last is not None:
                rows = rows.filter(pk__gt=last)
            if not dry_run:
                rows = rows.select_for_update()
            chunk = list(rows[:batch])
            if not chunk:
                return True
            rotated = sum(rotate(row, dry_run) for row in chunk)
        report.batches += 1
        report.add(label, len(chunk), rotated)
        last = chunk[-1].pk


def _texts(fields: tuple[str, ...]) -> Callable[[models.Model, bool], int]:
    def rotate(row, dry_run: bool) -> int:
        changed = [
            name
            for name in fields
            if getattr(row, name) and not crypto.under_current_key(getattr(row, name).encode())
        ]
        if changed and not dry_run:
            for name in changed:
                setattr(row, name, crypto.reencrypt(getattr(row, name).encode()).decode())
            row.save(update_fields=changed)
        return 1 if changed else 0

    return rotate


def _file(row, dry_run: bool) -> int:
    if not row.file:
        return 0
    with row.file.open("rb") as stored:
        token = stored.read()
    if crypto.under_current_key(token):
        return 0
    if dry_run:
        return 1
    old_name, storage = row.file.name, row.file.storage
    row.file.save("document", ContentFile(crypto.reencrypt(token)), save=False)
    row.save(update_fields=["file"])
    transaction.on_commit(lambda: storage.delete(old_name))
    return 1


def _audit(actor: Actor, action: str, changes: dict) -> None:
    processing.record_change(
        actor=actor, action=action, object_type="field_keys", object_id="", changes=changes
    )
