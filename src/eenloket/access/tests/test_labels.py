"""Labels per contact, document and handover: free text follows what it is about, like notes
(issue #20, decisions 0039 and 0046). A contact needs "notes on the question" and its label's
category; a document "documents" and its label's (or to be shared on its own); a handover's
messages reach a team that neither sent nor received it only when it may see their label."""

import datetime as dt

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from eenloket.access import documents as document_access
from eenloket.access import handovers as handover_access
from eenloket.access.casework import case_for
from eenloket.accounts.models import Role
from eenloket.cases import selectors
from eenloket.cases import services as cases
from eenloket.cases.models import ContactDocument
from eenloket.core import clock
from eenloket.core.actor import Actor
from eenloket.core.errors import DomainError, NotFoundOrForbidden
from eenloket.directory import services as directory
from eenloket.documents.models import Document
from eenloket.handovers import services as handovers
from eenloket.testing import factories

pytestmark = pytest.mark.django_db
SYSTEM = Actor.system("test")
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _actor(membership):
    return Actor.worker(membership.user, membership)


@pytest.fixture
def world():
    """A case at the loket; the debt-help team on it with the citizen's consent to its notes,
    documents and debts (not health)."""
    loket = factories.MembershipFactory(role=Role.COORDINATOR, team__purpose="intake")
    debt = factories.MembershipFactory(role=Role.PARTNER_WORKER, team__purpose="debt_help")
    case = cases.case_open(
        person=factories.PersonFactory(channels_preferred=["letter"]),
        question_verbatim="Schulden en mijn gezondheid.",
        owning_team=loket.team,
        coordinator=loket.user,
        next_step="Bellen",
        next_step_due=clock.today() + dt.timedelta(days=2),
        actor=SYSTEM,
    )
    factories.consent_to_team(case, debt.team, categories=("case_notes", "documents", "debts"))
    cases.case_add_team(case=case, team=debt.team, actor=SYSTEM)
    contacts = {}
    for about in ("health", "debts", ""):
        contacts[about or "unsaid"] = cases.contact_record(
            case=case,
            channel="desk",
            direction="incoming",
            verification="id_document",
            summary=f"Gesprek-{about or 'unsaid'}",
            documents=[(SimpleUploadedFile("brief.pdf", PDF), f"Brief-{about}")],
            about=about,
            actor=_actor(loket),
        )
    return {"case": case, "loket": _actor(loket), "debt": _actor(debt), "contacts": contacts}


def _timeline_texts(actor, case):
    page = selectors.case_page(actor=actor, case_id=case.pk, kinds=("contact",))
    return {item.obj.summary for item in page.timeline}


def test_a_contact_follows_its_label_besides_the_notes(world):
    assert _timeline_texts(world["debt"], world["case"]) == {"Gesprek-debts", "Gesprek-unsaid"}
    assert _timeline_texts(world["loket"], world["case"]) == {
        "Gesprek-health",
        "Gesprek-debts",
        "Gesprek-unsaid",
    }


def test_a_document_brought_to_a_contact_follows_the_contacts_label(world):
    for label, allowed in (("health", False), ("debts", True), ("unsaid", True)):
        document = ContactDocument.objects.get(contact=world["contacts"][label])
        if allowed:
            document_access.document_for(world["debt"], world["case"].pk, document.pk)
        else:
            with pytest.raises(NotFoundOrForbidden):
                document_access.document_for(world["debt"], world["case"].pk, document.pk)
        document_access.document_for(world["loket"], world["case"].pk, document.pk)


def test_an_added_document_follows_its_label(world):
    made = {}
    for about in ("health", ""):
        document = Document(
            case=world["case"],
            uploaded_by_kind="worker",
            uploaded_by_ref="1",
            original_name="scan.pdf",
            content_type="application/pdf",
            size=len(PDF),
            sha256="0" * 64,
            scan_status="clean",
            scanned_by="test",
            about=about,
        )
        document.file.save("document", ContentFile(PDF), save=False)
        document.save()
        made[about] = document
    with pytest.raises(NotFoundOrForbidden):
        document_access.uploaded_document_for(world["debt"], world["case"].pk, made["health"].pk)
    document_access.uploaded_document_for(world["debt"], world["case"].pk, made[""].pk)
    document_access.uploaded_document_for(world["loket"], world["case"].pk, made["health"].pk)


def test_a_label_must_be_a_category(world):
    with pytest.raises(DomainError) as refused:
        cases.contact_record(
            case=world["case"],
            channel="desk",
            direction="incoming",
            verification="id_document",
            summary="Gesprek",
            about="gezondheid",
            actor=world["loket"],
        )
    assert refused.value.field == "about"


def test_a_handovers_messages_follow_their_label_for_a_team_that_did_not_send_or_receive(world):
    """The debt-help team owns a case; the loket on it hands over to a health insurer about
    health: the owner lists the handover but not its messages; about debts it reads them."""
    debt_owner = factories.MembershipFactory(role=Role.COORDINATOR, team__purpose="debt_help")
    loket = factories.MembershipFactory(role=Role.COORDINATOR, team__purpose="intake")
    insurer = factories.MembershipFactory(role=Role.PARTNER_WORKER, team__purpose="health_insurer")
    line = directory.contact_point_create(
        team=insurer.team,
        name="Zorgverzekeraar",
        service_level_hours=8,
        phone="030 - 000 00 88",
        actor=SYSTEM,
    )
    case = cases.case_open(
        person=factories.PersonFactory(channels_preferred=["letter"]),
        question_verbatim="Schulden door zorgkosten.",
        owning_team=debt_owner.team,
        coordinator=debt_owner.user,
        next_step="Bellen",
        next_step_due=clock.today() + dt.timedelta(days=2),
        actor=SYSTEM,
    )
    cases.case_add_team(case=case, team=loket.team, actor=SYSTEM)
    for about in ("health", "debts"):
        handovers.handover_draft(
            case=case,
            contact_point=line,
            question=f"Vraag-{about}",
            why_this_organisation="Zorgkosten",
            asked="Bel de inwoner",
            about=about,
            actor=_actor(loket),
        )
    owner = _actor(debt_owner)
    released = case_for(owner, case.pk)
    hidden = {h.question: h.messages_hidden for h in handover_access.of_case(released, owner)}
    assert hidden == {"Vraag-health": True, "Vraag-debts": False}
    # The sender's own team reads both.
    sender = _actor(loket)
    released = case_for(sender, case.pk)
    assert not any(h.messages_hidden for h in handover_access.of_case(released, sender))


def test_the_owning_team_labels_an_added_document_and_a_partner_cannot(world):
    from django.test import Client

    from eenloket.testing.fixtures import log_in

    document = Document(
        case=world["case"],
        uploaded_by_kind="citizen",
        uploaded_by_ref=str(world["case"].person_id),
        original_name="brief.pdf",
        content_type="application/pdf",
        size=len(PDF),
        sha256="0" * 64,
        scan_status="clean",
        scanned_by="test",
    )
    document.file.save("document", ContentFile(PDF), save=False)
    document.save()
    url = f"/werk/zaken/{world['case'].pk}/stukken/{document.pk}/label/"
    partner = log_in(Client(), world["debt"].user)
    assert partner.post(url, {"about": "debts"}).status_code == 404
    owner = log_in(Client(), world["loket"].user)
    dossier = owner.get(f"/werk/zaken/{world['case'].pk}/").content.decode()
    assert f'action="{url}"' in dossier  # the owning team's form next to the document
    assert 'action="' + url not in partner.get(f"/werk/zaken/{world['case'].pk}/").content.decode()
    assert owner.post(url, {"about": "gezondheid"}).status_code == 302  # told, nothing saved
    document.refresh_from_db()
    assert document.about == ""
    assert owner.post(url, {"about": "health"}).status_code == 302
    document.refresh_from_db()
    assert document.about == "health"
    # From now on the debt team, which may see documents but not health, does not get it.
    with pytest.raises(NotFoundOrForbidden):
        document_access.uploaded_document_for(world["debt"], world["case"].pk, document.pk)
