"""Sending a document from Mijn overzicht: every check, the real virus scanner (clamd started
for the tests), the scanner policy without a scanner, and what the worker and another citizen
see. Bad input never gives a 500."""

import datetime as dt
import hashlib
import logging

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from eenloket.accounts.models import Role
from eenloket.audit.models import AuditEntry, ProcessingLogEntry
from eenloket.cases import services as cases
from eenloket.core import clock
from eenloket.core.actor import Actor
from eenloket.documents import services
from eenloket.documents.models import Document, ScanStatus
from eenloket.testing import factories
from eenloket.testing.clamd import EICAR
from eenloket.testing.fixtures import log_in, log_in_citizen
from eenloket.testing.smtp import free_port

pytestmark = pytest.mark.django_db
SYSTEM = Actor.system("test")
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200  # a Windows program's first bytes


@pytest.fixture
def world():
    coordinator = factories.MembershipFactory(role=Role.COORDINATOR)
    sandra, other = factories.PersonFactory(), factories.PersonFactory()

    def _case(person, question):
        return cases.case_open(
            person=person,
            question_verbatim=question,
            owning_team=coordinator.team,
            coordinator=coordinator.user,
            next_step="Wij bellen u terug",
            next_step_due=clock.today() + dt.timedelta(days=2),
            actor=SYSTEM,
        )

    return {
        "coordinator": coordinator,
        "sandra": sandra,
        "other": other,
        "mine": _case(sandra, "Ik heb een brief van het CJIB."),
        "theirs": _case(other, "Iets heel anders."),
    }


def _logged(document, status) -> bool:
    """The read (or refused attempt) is in the processing log and names the document."""
    action = ("read:" if status == "ok" else "refused:") + "case-document-view"
    lines = ProcessingLogEntry.objects.filter(activity_key="case-document-view", status_code=status)
    return (
        lines.exists()
        and AuditEntry.objects.filter(
            action=action, object_type="document", object_id=str(document.pk)
        ).exists()
    )


def _send(client, case, name, content, content_type="application/pdf"):
    return client.post(
        f"/mijn/vragen/{case.pk}/document/",
        {"file": SimpleUploadedFile(name, content, content_type=content_type)},
    )


def test_a_citizen_sends_a_pdf_it_is_scanned_stored_encrypted_and_the_worker_downloads_it(
    world, clamd
):
    client = log_in_citizen(world["sandra"])
    assert client.get(f"/mijn/vragen/{world['mine'].pk}/document/").status_code == 200
    response = _send(client, world["mine"], "brief CJIB.pdf", PDF)
    assert response.status_code == 302
    document = Document.objects.get(case=world["mine"])
    assert document.scan_status == ScanStatus.CLEAN and "ClamAV" in document.scanned_by
    assert document.content_type == "application/pdf" and document.size == len(PDF)
    assert document.sha256 == hashlib.sha256(PDF).hexdigest()
    assert document.uploaded_by_kind == "citizen"
    assert document.uploaded_by_ref == str(world["sandra"].pk)
    with document.file.open("rb") as stored:
        assert b"%PDF" not in stored.read()  # encrypted at rest
    page = client.get(f"/mijn/vragen/{world['mine'].pk}/").content.decode()
    assert "brief CJIB.pdf" in page

    worker = log_in(Client(), world["coordinator"].user)
    case_page = worker.get(f"/werk/zaken/{world['mine'].pk}/").content.decode()
    assert "brief CJIB.pdf" in case_page
    download = worker.get(f"/werk/zaken/{world['mine'].pk}/stukken/{document.pk}/")
    assert download.status_code == 200 and download.content == PDF
    assert download["Content-Type"] == "application/pdf"
    assert "brief" not in download["Content-Disposition"]  # a plain name, not the citizen's
    assert _logged(document, "ok")


def test_a_pdf_carrying_the_eicar_test_virus_is_refused_not_stored_and_logged(world, clamd, caplog):
    client = log_in_citizen(world["sandra"])
    with caplog.at_level(logging.WARNING, logger="eenloket.documents"):
        response = _send(client, world["mine"], "brief.pdf", PDF + EICAR + b"\n%%EOF\n")
    assert response.status_code == 400
    assert "contains a virus" in response.content.decode() or "virus" in response.content.decode()
    assert not Document.objects.exists()
    assert any("Eicar-Test-Signature" in r.getMessage() for r in caplog.records)


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("factuur.pdf", EXE, "Stuur een PDF, een JPG of een PNG"),  # a program renamed .pdf
        ("foto.png", PDF, "Stuur een PDF, een JPG of een PNG"),  # content and name disagree
        ("programma.exe", PDF, "Stuur een PDF, een JPG of een PNG"),
        ("leeg.pdf", b"", "is leeg"),
    ],
)
def test_a_wrong_type_or_an_empty_file_is_refused_with_a_plain_reason(
    world, clamd, name, content, words
):
    client = log_in_citizen(world["sandra"])
    response = _send(client, world["mine"], name, content)
    assert response.status_code == 400
    assert words in response.content.decode()
    assert not Document.objects.exists()


def test_no_file_is_refused_with_a_plain_reason(world, clamd):
    client = log_in_citizen(world["sandra"])
    response = client.post(f"/mijn/vragen/{world['mine'].pk}/document/", {})
    assert response.status_code == 400
    assert "Kies een bestand" in response.content.decode()


def test_a_file_over_the_limit_is_refused_while_it_is_read(world, clamd, settings):
    settings.EENLOKET_DOCUMENT_MAX_BYTES = 1_048_576
    client = log_in_citizen(world["sandra"])
    response = _send(client, world["mine"], "groot.pdf", PDF + b"0" * 3_000_000)
    assert response.status_code == 400
    # Said by the upload handler, which stopped reading: the service never saw the file.
    assert "Dit bestand is te groot. Een bestand mag hoogstens 1 MB zijn." in (
        response.content.decode()
    )
    assert not Document.objects.exists()
    # Just under the limit is fine.
    assert _send(client, world["mine"], "klein.pdf", PDF + b"0" * 1000).status_code == 302


def test_a_real_desk_without_a_virus_scanner_refuses_every_upload(world, settings):
    client = log_in_citizen(world["sandra"])  # the demo login; then the desk runs as production
    settings.EENLOKET_MODE, settings.DEBUG, settings.EENLOKET_CLAMD = "production", False, ""
    response = _send(client, world["mine"], "brief.pdf", PDF)
    assert response.status_code == 400
    assert "op virussen controleren" in response.content.decode()
    assert not Document.objects.exists()


def test_demo_mode_without_a_scanner_accepts_the_file_marked_not_scanned(world, settings):
    settings.EENLOKET_MODE, settings.DEBUG, settings.EENLOKET_CLAMD = "demo", False, ""
    client = log_in_citizen(world["sandra"])
    assert _send(client, world["mine"], "foto.png", PNG, "image/png").status_code == 302
    document = Document.objects.get()
    assert document.scan_status == ScanStatus.NOT_SCANNED and document.scanned_by == ""


@pytest.mark.parametrize("address", ["tcp://127.0.0.1:{port}", "unix:///nonexistent/clamd.ctl"])
def test_a_scanner_that_is_down_refuses_the_file_try_again_later(world, settings, address):
    settings.EENLOKET_CLAMD = address.format(port=free_port())
    client = log_in_citizen(world["sandra"])
    response = _send(client, world["mine"], "brief.pdf", PDF)
    assert response.status_code == 400
    assert "probeer het later opnieuw" in response.content.decode().lower()
    assert not Document.objects.exists()


def test_a_misconfigured_scanner_in_production_refuses_too(world, settings):
    client = log_in_citizen(world["sandra"])
    settings.EENLOKET_MODE, settings.DEBUG = "production", False
    settings.EENLOKET_CLAMD = "clamd.example:3310"
    response = _send(client, world["mine"], "brief.pdf", PDF)
    assert response.status_code == 400 and not Document.objects.exists()


def test_another_citizen_gets_not_found_and_cannot_add_to_someone_elses_question(world, clamd):
    client = log_in_citizen(world["other"])
    assert client.get(f"/mijn/vragen/{world['mine'].pk}/document/").status_code == 404
    assert _send(client, world["mine"], "brief.pdf", PDF).status_code == 404
    assert not Document.objects.exists()
    with pytest.raises(services.DocumentRefused):
        services.document_upload(
            case=world["mine"],
            upload=SimpleUploadedFile("brief.pdf", PDF),
            actor=Actor.citizen(world["other"].pk, assurance="substantieel"),
        )


def test_a_closed_question_takes_no_documents(world, clamd):
    coordinator = world["coordinator"]
    cases.case_close(
        case=world["mine"],
        outcome="resolved",
        note="Klaar",
        expected_version=world["mine"].version,
        actor=Actor.worker(coordinator.user, coordinator),
    )
    client = log_in_citizen(world["sandra"])
    response = _send(client, world["mine"], "brief.pdf", PDF)
    assert response.status_code == 400 and "afgesloten" in response.content.decode()


def test_a_partner_without_a_basis_for_documents_gets_not_found_for_the_download(world, clamd):
    client = log_in_citizen(world["sandra"])
    assert _send(client, world["mine"], "brief.pdf", PDF).status_code == 302
    document = Document.objects.get()
    partner = factories.MembershipFactory(role=Role.FRONTLINE_WORKER)
    cases.case_add_team(case=world["mine"], team=partner.team, actor=SYSTEM)
    worker = log_in(Client(), partner.user)
    page = worker.get(f"/werk/zaken/{world['mine'].pk}/")
    assert page.status_code == 200 and "brief.pdf" not in page.content.decode()
    url = f"/werk/zaken/{world['mine'].pk}/stukken/{document.pk}/"
    assert worker.get(url).status_code == 404
    assert _logged(document, "error")
    # A document id under another case is "not found" for the owner too.
    owner = log_in(Client(), world["coordinator"].user)
    assert owner.get(f"/werk/zaken/{world['theirs'].pk}/stukken/{document.pk}/").status_code == 404


@pytest.mark.parametrize(
    "data",
    [
        {"file": "not a file"},
        {"file": ""},
        {"other": SimpleUploadedFile("a.pdf", PDF)},
        {"file": [SimpleUploadedFile("a.pdf", PDF), SimpleUploadedFile("b.pdf", PDF)]},
        {"file": SimpleUploadedFile("." * 300 + ".pdf", PDF)},
        {"file": SimpleUploadedFile("\x00\u202e.pdf", PDF)},
    ],
)
def test_bad_input_never_gives_a_500(world, clamd, data):
    client = log_in_citizen(world["sandra"])
    response = client.post(f"/mijn/vragen/{world['mine'].pk}/document/", data)
    assert response.status_code in (302, 400)


@pytest.mark.parametrize(
    "body",
    [
        b'--xx\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n\r\n%PDF',
        b'--xx\r\nContent-Disposition: form-data; name="file"; filename=""\r\n\r\n%PDF-1\r\n--xx--',
        b'--xx\r\nContent-Disposition: form-data; name="file"; filename="../../x.pdf"\r\n\r\n'
        b"%PDF-1\r\n--xx--",
        b"garbage",
    ],
)
def test_a_broken_multipart_body_never_gives_a_500(world, clamd, body):
    client = log_in_citizen(world["sandra"])
    response = client.generic(
        "POST",
        f"/mijn/vragen/{world['mine'].pk}/document/",
        body,
        content_type="multipart/form-data; boundary=xx",
    )
    assert response.status_code < 500
