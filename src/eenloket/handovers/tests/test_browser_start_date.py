"""A handover with a start date and a label, drafted through the screens in Chromium at 320 px,
and the coordinator's home with an overdue plan action; axe on each page (issue #20,
decision 0046)."""

import datetime as dt

import pytest
from django.core.files.base import ContentFile
from django.test import Client

from eenloket.core import clock
from eenloket.documents.models import Document
from eenloket.handovers.models import Handover
from eenloket.handovers.tests.walk import make_world
from eenloket.teamwork import services as teamwork
from eenloket.teamwork.models import OwnerKind
from eenloket.testing.browser import axe_violations
from eenloket.testing.fixtures import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_coordinator_sees_the_overdue_action_and_drafts_a_handover_with_a_start_date(
    page, live_server, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    world = make_world()
    sender = world["sender"]
    teamwork.action_add(
        case=world["case"],
        what="Jaaropgaven opvragen bij de werkgever",
        owner_kind=OwnerKind.WORKER,
        owner_user=sender.user,
        due_on=clock.today() - dt.timedelta(days=10),
        actor=sender,
        about="income",
    )
    # As after a full login (password and second factor): the session of a test client.
    cookie = settings.SESSION_COOKIE_NAME
    session = log_in(Client(), sender.user).cookies[cookie].value
    page.context.add_cookies([{"name": cookie, "value": session, "url": live_server.url}])
    page.goto("/werk/")
    page.get_by_role("heading", name="Afspraken uit het plan die te laat zijn").wait_for()
    assert "Jaaropgaven opvragen bij de werkgever" in page.content()
    page.screenshot(path="var/home-overdue-320.png", full_page=True)
    violations = axe_violations(page)

    # A document sent in: the owning team says what it is about, next to it on the dossier.
    document = Document(
        case=world["case"],
        uploaded_by_kind="citizen",
        uploaded_by_ref=str(world["case"].person_id),
        original_name="jaaropgave.pdf",
        content_type="application/pdf",
        size=4,
        sha256="0" * 64,
        scan_status="clean",
        scanned_by="test",
    )
    document.file.save("document", ContentFile(b"%PDF"), save=False)
    document.save()
    page.goto(f"/werk/zaken/{world['case'].pk}/")
    page.select_option(f"#about-{document.pk}", value="income")
    page.screenshot(path="var/dossier-label-320.png", full_page=True)
    violations += axe_violations(page)
    page.locator(f"form[action$='/stukken/{document.pk}/label/'] button").click()
    page.get_by_text("Opgeslagen waar het document over gaat.").wait_for()
    document.refresh_from_db()
    assert document.about == "income"

    start = clock.today() + dt.timedelta(days=14)
    page.goto(f"/werk/zaken/{world['case'].pk}/overdragen/")
    page.select_option("#id_contact_point", value=str(world["point"].pk))
    page.fill("#id_question", "Kunt u helpen vanaf de dag van vrijlating?")
    page.fill("#id_why_this_organisation", "Nazorg na detentie is uw taak.")
    page.fill("#id_asked", "Neem contact op op de dag van vrijlating.")
    page.select_option("#id_about", value="justice")
    page.fill("#id_starts_on", start.isoformat())
    page.screenshot(path="var/handover-new-320.png", full_page=True)
    violations += axe_violations(page)
    page.get_by_role("button", name="Opslaan als concept").click()
    page.get_by_text("Startdatum").first.wait_for()
    handover = Handover.objects.get(case=world["case"])
    assert handover.starts_on == start and handover.about == "justice"
    violations += axe_violations(page)
    assert violations == [], "\n".join(violations)
