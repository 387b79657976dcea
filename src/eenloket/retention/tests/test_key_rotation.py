"""Rotation of the field key (#23, decision 0049): after ``eenloket keys rotate`` every
encrypted field and file reads with the new key alone; an interrupted rotation resumes; one
audit line at the start and one at the end."""

import io
import json

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import override_settings

from eenloket.audit.models import AuditEntry
from eenloket.cases import selectors as case_selectors
from eenloket.cases import services as cases
from eenloket.cases.models import ContactDocument
from eenloket.core import clock, crypto
from eenloket.core.actor import Actor
from eenloket.documents import selectors as document_selectors
from eenloket.documents import services as documents
from eenloket.documents.models import Document
from eenloket.notifications.models import Message
from eenloket.people import bsn as bsn_numbers
from eenloket.people import services as people
from eenloket.people.models import Person
from eenloket.retention import key_rotation
from eenloket.testing import factories

pytestmark = pytest.mark.django_db

SYSTEM = Actor.system("test")
OLD, NEW = crypto.generate_key(), crypto.generate_key()
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
LETTER = b"%PDF-1.4 brief van het CJIB"
TOTP = "JBSWY3DPEHPK3PXP"


@pytest.fixture
def world(settings, tmp_path):
    """Three persons with a BSN, the messages their questions sent, a worker's second factor,
    a document brought to the desk and one from the portal: all under the OLD key."""
    settings.MEDIA_ROOT = str(tmp_path)
    settings.EENLOKET_FIELD_KEYS = [OLD]
    worker = factories.MembershipFactory()
    persons = [
        people.person_create(
            given_names=name,
            surname="Rotatie",
            bsn=bsn,
            phone="0612345678",
            actor=SYSTEM,
        )
        for name, bsn in (("Anna", "111222333"), ("Bram", "123456782"), ("Cor", "999176110"))
    ]
    case = cases.case_open(
        person=persons[0],
        question_verbatim="Ik snap de brief niet",
        owning_team=worker.team,
        next_step="Bellen",
        next_step_due=clock.today(),
        actor=SYSTEM,
    )
    cases.contact_record(
        case=case,
        channel="desk",
        direction="incoming",
        verification="id_document",
        summary="Brief meegenomen",
        documents=[(SimpleUploadedFile("brief.pdf", LETTER), "Aanmaning")],
        actor=SYSTEM,
    )
    with override_settings(EENLOKET_MODE="demo", EENLOKET_CLAMD=""):
        documents.document_upload(
            case=case,
            upload=SimpleUploadedFile("loonstrook.pdf", PDF, "application/pdf"),
            actor=Actor.citizen(persons[0].pk, assurance="substantieel"),
        )
    worker.user.totp_secret_encrypted = crypto.encrypt(TOTP)
    worker.user.save(update_fields=["totp_secret_encrypted"])
    assert Message._base_manager.exists()
    return {"persons": persons, "worker": worker}


def _contents():
    """Everything encrypted, read back with the configured keys."""
    return {
        "bsn": sorted(bsn_numbers.bsn_of(p) for p in Person._base_manager.all()),
        "messages": sorted(
            crypto.decrypt(m.contact_encrypted) + crypto.decrypt(m.context_encrypted)
            for m in Message._base_manager.all()
        ),
        "totp": [
            crypto.decrypt(u.totp_secret_encrypted)
            for u in apps.get_model("accounts", "User")._base_manager.exclude(
                totp_secret_encrypted=""
            )
        ],
        "desk": [case_selectors.document_content(d) for d in ContactDocument._base_manager.all()],
        "portal": [document_selectors.content(d) for d in Document._base_manager.all()],
    }


def test_after_rotation_everything_reads_with_the_new_key_alone(world, settings):
    before = _contents()
    assert before["desk"] == [LETTER] and before["portal"] == [PDF] and before["totp"] == [TOTP]
    old_files = {d.file.name for d in ContactDocument._base_manager.all()}
    settings.EENLOKET_FIELD_KEYS = [NEW, OLD]
    out = io.StringIO()
    call_command("keys", "rotate", "--batch", "2", "--json", stdout=out)
    report = json.loads(out.getvalue())
    assert report["finished"] and report["rotated"]["person.bsn"] == 3
    assert report["rotated"]["contact_document"] == 1 and report["rotated"]["document"] == 1
    settings.EENLOKET_FIELD_KEYS = [NEW]  # the old key is gone
    assert _contents() == before
    # The old file was removed; the row names the new one.
    assert not {d.file.name for d in ContactDocument._base_manager.all()} & old_files
    started = AuditEntry.objects.filter(action="keys.rotation_started").count()
    assert started == 1
    finished = AuditEntry.objects.get(action="keys.rotation_finished")
    assert finished.changes["rotated"]["message"] >= 1
    # A second run finds nothing left.
    settings.EENLOKET_FIELD_KEYS = [NEW, OLD]
    again = key_rotation.keys_rotate(batch=2)
    assert sum(again.rotated.values()) == 0


def test_an_interrupted_rotation_resumes_where_it_stopped(world, settings):
    before_with_old = _contents()
    settings.EENLOKET_FIELD_KEYS = [NEW, OLD]
    first = key_rotation.keys_rotate(batch=1, max_batches=2)
    assert not first.finished and first.rotated == {"person.bsn": 2}
    settings.EENLOKET_FIELD_KEYS = [NEW]
    with pytest.raises(ValueError):  # the third person is still under the old key
        _contents()
    settings.EENLOKET_FIELD_KEYS = [NEW, OLD]
    # The second run skips the two done, and a failure in the middle rolls back only its batch.
    calls = {"n": 0}
    real = crypto.reencrypt

    def fails_once(token):
        calls["n"] += 1
        if calls["n"] == 2:
            raise OSError("the disk is full")
        return real(token)

    crypto.reencrypt, restore = fails_once, real
    try:
        with pytest.raises(OSError):
            key_rotation.keys_rotate(batch=1)
    finally:
        crypto.reencrypt = restore
    last = key_rotation.keys_rotate(batch=1)
    assert last.finished and last.rotated["person.bsn"] == 0  # done before
    assert last.checked["person.bsn"] == 3
    settings.EENLOKET_FIELD_KEYS = [NEW]
    assert _contents() == before_with_old


def test_every_encrypted_field_of_the_project_is_rotated():
    listed = {(model, name) for _l, model, fields in key_rotation.TEXT_FIELDS for name in fields}
    found = {
        (model, f.name)
        for model in apps.get_models()
        for f in model._meta.get_fields()
        if f.name.endswith("_encrypted") and model.__module__.startswith("eenloket.")
    }
    assert found == listed
    files = {
        model
        for model in apps.get_models()
        for f in model._meta.get_fields()
        if f.get_internal_type() == "FileField" and model.__module__.startswith("eenloket.")
    }
    assert files == {model for _l, model in key_rotation.FILES}


def test_the_dry_run_counts_and_changes_nothing(world, settings):
    settings.EENLOKET_FIELD_KEYS = [NEW, OLD]
    counted = key_rotation.keys_rotate(dry_run=True)
    assert counted.rotated["person.bsn"] == 3
    settings.EENLOKET_FIELD_KEYS = [OLD]
    assert _contents()["desk"] == [LETTER]
    assert not AuditEntry.objects.filter(action__startswith="keys.").exists()
