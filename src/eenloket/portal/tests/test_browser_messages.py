"""Messages and documents in Chromium (docs/messages-and-documents.md): Amira reads and answers
a message and sends a document, in Dutch, with axe-core on every page (WCAG 2.1 AA)."""

import pytest

from eenloket.testing.browser import axe_violations
from eenloket.testing.database import load_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_amira_reads_and_answers_a_message_and_sends_a_document_in_dutch(page, clamd):
    """Fatima's message reaches Amira's overview; she reads it, answers it, and sends a photo
    of a letter with her question (checked by a real clamd). axe on every new page."""
    from eenloket.cases.models import Case
    from eenloket.documents.models import Document
    from eenloket.notifications import outbox

    load_demo()
    outbox.send_due("test")  # the demo's outbox worker would do this
    violations = []
    page.goto("/mijn/inloggen/")
    page.select_option("#id_person", label="Amira El Amrani")
    page.get_by_role("button", name="Inloggen").click()
    page.get_by_role("link", name="U hebt").click()  # her consent receipt, and the message
    page.get_by_role("heading", name="Uw berichten", level=1).wait_for()
    violations += axe_violations(page)
    page.get_by_role("link", name="Woning zoeken met Mitros").click()
    page.get_by_role("heading", name="Woning zoeken met Mitros", level=1).wait_for()
    violations += axe_violations(page)
    page.get_by_role("button", name="Mijn antwoord sturen").click()  # empty: a plain error
    page.get_by_text("Schrijf uw antwoord.").wait_for()
    violations += axe_violations(page)
    page.get_by_label("Uw antwoord").fill("Nee, ik heb nog geen brief van Mitros.")
    page.get_by_role("button", name="Mijn antwoord sturen").click()
    page.get_by_text("Wij hebben uw antwoord.").wait_for()
    case = Case._base_manager.get(person__given_names="Amira")
    assert case.next_step == "Lees het antwoord van de inwoner in Mijn overzicht en reageer"

    page.goto(f"/mijn/vragen/{case.pk}/")
    page.get_by_role("link", name="Een document sturen").click()
    page.get_by_role("heading", name="Een document sturen", level=1).wait_for()
    violations += axe_violations(page)
    page.get_by_role("button", name="Sturen").click()  # no file: a plain error
    page.get_by_text("Kies een bestand om te sturen.").wait_for()
    violations += axe_violations(page)
    page.get_by_label("Uw bestand").set_input_files(
        files=[{"name": "brief-mitros.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    page.get_by_role("button", name="Sturen").click()
    page.get_by_text("Wij hebben uw document.").wait_for()
    assert "brief-mitros.pdf" in page.content()
    violations += axe_violations(page)
    assert Document.objects.get(case=case).scan_status == "clean"
    assert violations == [], "\n".join(violations)


PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
