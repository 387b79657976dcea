"""Documents the citizen brought: encrypted at rest, given back only through the policy point."""

import datetime as dt

import pytest
from cryptography.fernet import Fernet
from django.core.files.uploadedfile import SimpleUploadedFile

from eenloket.access import documents as document_access
from eenloket.audit.models import ProcessingLogEntry
from eenloket.cases import selectors
from eenloket.cases import services as case_services
from eenloket.cases.models import ContactDocument
from eenloket.core import clock, crypto
from eenloket.core.actor import Actor
from eenloket.core.errors import NotFoundOrForbidden
from eenloket.people import services as people
from eenloket.testing import factories
from eenloket.testing.fixtures import log_in

pytestmark = pytest.mark.django_db
SYSTEM = Actor.system("test")
SECRET = b"%PDF-1.4 Aanmaning CJIB, kenmerk 123456789, bedrag 412 euro"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _case_with_document(team):
    person = people.person_create(surname="Jansen", given_names="Sandra", actor=SYSTEM)
    case = case_services.case_open(
        person=person,
        question_verbatim="Ik snap de brief niet",
        owning_team=team,
        next_step="Bellen",
        next_step_due=clock.today() + dt.timedelta(days=1),
        actor=SYSTEM,
    )
    case_services.contact_record(
        case=case,
        channel="desk",
        direction="incoming",
        verification="id_document",
        summary="Brief meegenomen",
        documents=[(SimpleUploadedFile("brief sandra.pdf", SECRET), "Aanmaning CJIB")],
        actor=SYSTEM,
    )
    return case, ContactDocument.objects.get(contact__case=case)


def test_the_file_on_disk_holds_no_plaintext(membership):
    _case, document = _case_with_document(membership.team)
    with open(document.file.path, "rb") as stored:
        on_disk = stored.read()
    assert SECRET not in on_disk
    assert b"CJIB" not in on_disk and b"%PDF" not in on_disk
    assert crypto.decrypt_bytes(on_disk) == SECRET
    assert document.size == len(SECRET)


def test_a_document_stays_readable_after_a_new_field_key_is_put_in_front(membership, settings):
    _case, document = _case_with_document(membership.team)
    settings.EENLOKET_FIELD_KEYS = [Fernet.generate_key().decode(), *settings.EENLOKET_FIELD_KEYS]
    assert selectors.document_content(document) == SECRET
    with open(document.file.path, "rb") as stored:
        rotated = crypto.reencrypt(stored.read())
    settings.EENLOKET_FIELD_KEYS = settings.EENLOKET_FIELD_KEYS[:1]
    assert crypto.decrypt_bytes(rotated) == SECRET


def test_a_document_without_the_key_cannot_be_read(membership, settings):
    _case, document = _case_with_document(membership.team)
    settings.EENLOKET_FIELD_KEYS = [Fernet.generate_key().decode()]
    with pytest.raises(ValueError):
        selectors.document_content(document)


def test_document_for_needs_the_case_and_the_document_of_that_case(actor, membership):
    case, document = _case_with_document(membership.team)
    assert document_access.document_for(actor, case.pk, document.pk) == (case, document)
    _other_case, other_document = _case_with_document(membership.team)
    with pytest.raises(NotFoundOrForbidden):
        document_access.document_for(actor, case.pk, other_document.pk)
    stranger = Actor.worker(*_worker_elsewhere())
    with pytest.raises(NotFoundOrForbidden):
        document_access.document_for(stranger, case.pk, document.pk)


def _worker_elsewhere():
    other = factories.MembershipFactory()
    return other.user, other


def test_download_gives_the_original_as_an_attachment_and_logs_a_documents_read(
    worker_client, membership
):
    case, document = _case_with_document(membership.team)
    page = worker_client.get(f"/werk/zaken/{case.pk}/?deel=tijdlijn").content.decode()
    url = f"/werk/zaken/{case.pk}/documenten/{document.pk}/"
    assert url in page
    response = worker_client.get(url)
    assert response.status_code == 200
    assert response.content == SECRET
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "sandra" not in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    line = ProcessingLogEntry.objects.filter(activity_key="case-document-view").get()
    assert line.categories == ["documents"]
    assert line.status_code == "ok"


def test_download_by_a_worker_without_relation_is_not_found_and_logged(client, membership):
    case, document = _case_with_document(membership.team)
    user, _membership = _worker_elsewhere()
    log_in(client, user)
    response = client.get(f"/werk/zaken/{case.pk}/documenten/{document.pk}/")
    assert response.status_code == 404
    assert SECRET not in response.content
    refused = ProcessingLogEntry.objects.filter(activity_key="case-document-view").get()
    assert refused.status_code == "error"


def test_documents_stored_in_the_clear_before_are_encrypted_by_the_migration(membership):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("eenloket.cases.migrations.0007_encrypt_existing_documents")
    _case, document = _case_with_document(membership.team)
    with open(document.file.path, "wb") as stored:
        stored.write(SECRET)  # as written before documents were encrypted
    migration.encrypt_existing(apps, None)
    migration.encrypt_existing(apps, None)  # running twice leaves encrypted files alone
    document.refresh_from_db()
    with open(document.file.path, "rb") as stored:
        assert SECRET not in stored.read()
    assert selectors.document_content(document) == SECRET
