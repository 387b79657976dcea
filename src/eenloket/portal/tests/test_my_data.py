"""The citizen downloads everything held about them (#23, AVG art. 15 and 20): the file holds
every record about them (checked against the database), nothing of anyone else, and the
download is logged."""

import datetime as dt
import json

import pytest
from django.test import Client

from eenloket.access import casework, subject_access
from eenloket.accounts.models import Role
from eenloket.audit.models import ProcessingLogEntry
from eenloket.audit.pseudonyms import person_pseudonym
from eenloket.cases import services as cases
from eenloket.cases.models import Case, CaseNote, Confirmation, Contact, Fact
from eenloket.consent import services as consent
from eenloket.consent.models import Consent
from eenloket.core import clock
from eenloket.core.actor import Actor
from eenloket.core.errors import NotFoundOrForbidden
from eenloket.notifications import outbox
from eenloket.notifications.models import Message
from eenloket.people import services as people
from eenloket.retention.periods import CITIZEN_RULES
from eenloket.testing import factories
from eenloket.testing.fixtures import log_in_citizen

pytestmark = pytest.mark.django_db
SYSTEM = Actor.system("test")
BSN = "111222333"


@pytest.fixture
def world():
    worker = factories.MembershipFactory(role=Role.FRONTLINE_WORKER)
    partner = factories.TeamFactory()
    sandra = people.person_create(
        given_names="Sandra", surname="Jansen", bsn=BSN, phone="0612345678", actor=SYSTEM
    )
    other = people.person_create(given_names="Piet", surname="Anders", actor=SYSTEM)
    actor = Actor.worker(worker.user, worker)
    made = []
    for person, question in (
        (sandra, "Mijn huur is te hoog."),
        (sandra, "Een boete van het CJIB."),
    ):
        case = cases.case_open(
            person=person,
            question_verbatim=question,
            owning_team=worker.team,
            next_step="Bellen",
            next_step_due=clock.today() + dt.timedelta(days=3),
            actor=SYSTEM,
        )
        cases.fact_record(
            case=case,
            category="income",
            label="Loon",
            value="€ 1.400",
            as_of=clock.today(),
            source="loonstrook",
            actor=SYSTEM,
        )
        made.append(case)
    cases.case_open(
        person=other,
        question_verbatim="Iets heel anders van Piet.",
        owning_team=worker.team,
        next_step="Bellen",
        next_step_due=clock.today() + dt.timedelta(days=3),
        actor=SYSTEM,
    )
    consent.consent_record(
        case=made[0],
        recipient=partner.organisation,
        categories=["contact"],
        purpose="Huur regelen",
        valid_until=clock.today() + dt.timedelta(days=30),
        given=True,
        recorded_via="desk",
        actor=actor,
    )
    cases.case_close(case=made[1], outcome="resolved", actor=actor)
    outbox.send_due("test")
    return {"sandra": sandra, "other": other, "cases": made, "worker": worker}


def test_the_download_holds_every_record_about_the_citizen_and_is_logged(world):
    sandra = world["sandra"]
    worker = world["worker"]
    casework.case_for(Actor.worker(worker.user, worker), world["cases"][0].pk)
    client = log_in_citizen(sandra)
    page = client.get("/mijn/gegevens/")
    assert page.status_code == 200
    assert str(CITIZEN_RULES[0].record) in page.content.decode()

    response = client.get("/mijn/gegevens/mijn-gegevens.json")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)

    mine = Case._base_manager.filter(person=sandra)
    assert {q["id"] for q in data["questions"]} == {str(c.pk) for c in mine}
    for question in data["questions"]:
        case_id = question["id"]
        assert len(question["contacts"]) == Contact._base_manager.filter(case_id=case_id).count()
        assert len(question["facts"]) == Fact._base_manager.filter(case_id=case_id).count()
        assert len(question["notes"]) == CaseNote._base_manager.filter(case_id=case_id).count()
        assert (
            len(question["confirmations"])
            == Confirmation._base_manager.filter(case_id=case_id).count()
        )
    assert len(data["consents"]) == Consent._base_manager.filter(person=sandra).count()
    assert len(data["messages"]) == (
        Message._base_manager.filter(recipient_ref=str(sandra.pk)).count()
    )
    assert data["messages"]  # the consent receipt and the closing confirmation
    assert data["person"]["bsn"] == BSN  # her own number, in her own copy
    assert len(data["retention"]) == len(CITIZEN_RULES)
    assert "Piet" not in response.content.decode()  # nothing of anyone else
    organisation = str(worker.organisation)
    assert any(a["organisation"] == organisation for a in data["who_used_my_data"])

    lines = ProcessingLogEntry.objects.filter(
        data_subject_id=person_pseudonym(sandra.pk), activity_key="portal-data-export"
    )
    assert lines.count() == 1

    readable = client.get("/mijn/gegevens/mijn-gegevens.html")
    assert readable.status_code == 200
    text = readable.content.decode()
    assert "Mijn huur is te hoog." in text and "Loon" in text and "Piet" not in text
    assert lines.count() == 2

    pdf = client.get("/mijn/gegevens/mijn-gegevens.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    from io import BytesIO

    from pypdf import PdfReader

    printed = "".join(page.extract_text() for page in PdfReader(BytesIO(pdf.content)).pages)
    assert "Mijn huur is te hoog." in printed and "Piet" not in printed
    assert lines.count() == 3


def test_only_the_citizen_themselves_gets_their_data(world):
    worker = world["worker"]
    with pytest.raises(NotFoundOrForbidden):
        subject_access.citizen_data(Actor.worker(worker.user, worker))
    assert Client().get("/mijn/gegevens/mijn-gegevens.json").status_code in (302, 404)
    other = json.loads(
        log_in_citizen(world["other"]).get("/mijn/gegevens/mijn-gegevens.json").content
    )
    assert [q["question"] for q in other["questions"]] == ["Iets heel anders van Piet."]
    assert other["consents"] == []


def test_a_request_to_delete_lands_with_the_team_due_within_the_statutory_month(world):
    from eenloket.retention import rights

    sandra = world["sandra"]
    client = log_in_citizen(sandra)
    assert client.get("/mijn/gegevens/verzoek/").status_code == 200
    empty = client.post("/mijn/gegevens/verzoek/", {"kind": "erasure", "text": " "})
    assert empty.status_code == 400
    unknown = client.post("/mijn/gegevens/verzoek/", {"kind": "everything", "text": "x"})
    assert unknown.status_code == 400
    before = Case._base_manager.filter(person=sandra).count()
    sent = client.post(
        "/mijn/gegevens/verzoek/",
        {"kind": "erasure", "text": "Verwijder mijn oude vraag over de huur."},
    )
    assert sent.status_code == 302
    new = Case._base_manager.filter(person=sandra).order_by("-opened_at").first()
    assert Case._base_manager.filter(person=sandra).count() == before + 1
    assert "AVG art. 17" in new.question_verbatim
    assert new.owning_team == world["cases"][0].owning_team
    assert new.next_step_due == rights.answer_due(clock.today())
    assert new.next_step_due >= clock.today() + dt.timedelta(days=28)
    assert Contact._base_manager.filter(case=new, channel="portal").count() == 1


def test_the_answer_term_moves_past_a_weekend():
    from eenloket.retention import rights

    # 28 February 2027 is a Sunday: a request of 28 January 2027 is due Monday 1 March.
    assert rights.answer_due(dt.date(2027, 1, 28)) == dt.date(2027, 3, 1)


def test_someone_we_do_not_know_yet_is_told_to_call_or_come_by():
    from eenloket.core.errors import DomainError
    from eenloket.retention import rights

    nobody = people.person_create(given_names="Nieuw", surname="Persoon", actor=SYSTEM)
    with pytest.raises(DomainError):
        rights.rights_request(
            actor=Actor.citizen(nobody.pk, assurance="substantieel"),
            own_cases=[],
            kind="erasure",
            text="Verwijder alles.",
        )


def test_every_record_about_her_of_every_kind_is_in_the_download(world):
    """Checked against the database: for every model that holds personal data
    (access/guarded.py), each row that reaches Sandra is in her download (by its id) — so a
    new kind of record left out of the download fails here."""
    from django.apps import apps

    from eenloket.access import subject_records
    from eenloket.access.guarded import GUARDED
    from eenloket.applications import services as applications
    from eenloket.cases.models import AccessRequest
    from eenloket.consent.models import BreakGlassAccess
    from eenloket.outcomes.models import NeedOutcome, Verdict
    from eenloket.retention.models import LegalHold
    from eenloket.teamwork import services as teamwork

    sandra, worker = world["sandra"], world["worker"]
    actor = Actor.worker(worker.user, worker)
    case = world["cases"][0]
    now = clock.now()
    stranger = factories.MembershipFactory(role=Role.PARTNER_WORKER)
    AccessRequest._base_manager.create(
        case=case, requesting_team=stranger.team, requested_by=stranger.user, reason="Balie"
    )
    BreakGlassAccess._base_manager.create(
        case=case,
        user=worker.user,
        membership=worker,
        reason="Spoed: zonder onderdak",
        reason_code="danger",
        opened_at=now,
        expires_at=now,
    )
    LegalHold._base_manager.create(
        case=case, kind="complaint", reason="Klacht", until=clock.today(), placed_by=worker.user
    )
    applications.application_record(
        case=case,
        organisation=worker.organisation,
        what="Bijzondere bijstand",
        filed_on=clock.today(),
        actor=actor,
    )
    teamwork.action_add(
        case=case, what="Huur betalen", owner_kind="organisation", owner_team=worker.team,
        due_on=clock.today(), actor=actor,
    )  # fmt: skip
    teamwork.team_note_add(case=case, text="Bel haar morgen", actor=actor)
    NeedOutcome._base_manager.create(
        case=world["cases"][1], need="income", outcome="resolved", recorded_by=worker.user
    )
    Verdict._base_manager.create(case=world["cases"][1], asked_at=now)

    data = log_in_citizen(sandra).get("/mijn/gegevens/mijn-gegevens.json").content.decode()

    assert set(subject_records.PERSON_PATHS) | set(subject_records.LOGS) == set(GUARDED)
    kinds_with_rows = 0
    for label, path in subject_records.PERSON_PATHS.items():
        model = apps.get_model(label)
        text_ref = path.endswith("recipient_ref")
        ids = model._base_manager.filter(**{path: str(sandra.pk) if text_ref else sandra.pk})
        ids = [str(pk) for pk in ids.values_list("pk", flat=True)]
        kinds_with_rows += bool(ids)
        missing = [pk for pk in ids if pk not in data]
        assert not missing, f"{label}: {len(missing)} of {len(ids)} not in the download"
    assert kinds_with_rows >= 17  # the check is not empty: 17 kinds have a row here
