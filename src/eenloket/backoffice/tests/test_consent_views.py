"""Consent, facts, the export and break-glass through the worker screens."""

import datetime as dt

import pytest
from django.db import connection
from django.test import Client

from eenloket.accounts.models import Role
from eenloket.audit.models import ProcessingLogEntry
from eenloket.audit.pseudonyms import person_pseudonym
from eenloket.cases import services as cases
from eenloket.consent.models import BreakGlassAccess, Consent, ConsentState
from eenloket.core import clock
from eenloket.core.actor import Actor
from eenloket.notifications.models import Message
from eenloket.people import services as people
from eenloket.people.models import Matter, RepresentationBasis, RepresentationKind
from eenloket.testing import factories
from eenloket.testing.fixtures import log_in

pytestmark = pytest.mark.django_db
SYSTEM = Actor.system("test")


def _client_for(membership):
    return log_in(Client(), membership.user)


@pytest.fixture
def world():
    owner = factories.MembershipFactory(role=Role.FRONTLINE_WORKER)
    partner = factories.MembershipFactory(role=Role.PARTNER_WORKER)
    amira = people.person_create(
        given_names="Amira", surname="El Amrani", phone="0698765432", actor=SYSTEM
    )
    case = cases.case_open(
        person=amira,
        question_verbatim="De huur is te hoog sinds mijn scheiding.",
        owning_team=owner.team,
        next_step="Met de corporatie bellen",
        next_step_due=clock.today() + dt.timedelta(days=3),
        actor=SYSTEM,
    )
    income = cases.fact_record(
        case=case,
        category="income",
        label="Inkomen",
        value="Loon in deeltijd",
        as_of=clock.today(),
        source="loonstrook",
        actor=SYSTEM,
    )
    cases.case_add_team(case=case, team=partner.team, actor=SYSTEM)
    return {"owner": owner, "partner": partner, "case": case, "income": income}


def _consent_form(world, **overrides):
    return {
        "recipient": str(world["partner"].organisation_id),
        "categories": ["income"],
        "purpose": "Een passende woning zoeken",
        "valid_until": (clock.today() + dt.timedelta(days=90)).isoformat(),
        "answer": "given",
        "recorded_via": "desk",
        "representation": "",
    } | overrides


def test_recording_consent_on_the_form_shares_it_and_sends_a_receipt(world):
    client = _client_for(world["owner"])
    case = world["case"]
    partner = _client_for(world["partner"])
    assert "Loon in deeltijd" not in partner.get(f"/werk/zaken/{case.pk}/").content.decode()

    response = client.post(f"/werk/zaken/{case.pk}/toestemming/nieuw/", _consent_form(world))
    assert response.status_code == 302
    consent = Consent.objects.get()
    assert consent.state == ConsentState.GIVEN and consent.categories == ["income"]
    assert Message.objects.filter(purpose="consent_receipt").count() == 1
    listing = client.get(f"/werk/zaken/{case.pk}/toestemming/").content.decode()
    assert world["partner"].organisation.name in listing
    assert "Loon in deeltijd" in partner.get(f"/werk/zaken/{case.pk}/").content.decode()


def test_a_single_fact_can_be_shared_on_its_own(world):
    client = _client_for(world["owner"])
    case = world["case"]
    form = _consent_form(world, categories=[], items=[f"fact:{world['income'].pk}"])
    assert client.post(f"/werk/zaken/{case.pk}/toestemming/nieuw/", form).status_code == 302
    page = _client_for(world["partner"]).get(f"/werk/zaken/{case.pk}/").content.decode()
    assert "Loon in deeltijd" in page and "0698765432" not in page


@pytest.mark.parametrize(
    ("overrides", "field_message"),
    [
        ({"categories": ["health"]}, "uitdrukkelijk"),
        ({"categories": ["identity"]}, "Selecteer een geldige keuze"),
        ({"valid_until": "2000-01-01"}, "De einddatum ligt in het verleden."),
        ({"categories": [], "items": []}, "Kies wat gedeeld mag worden."),
    ],
)
def test_a_wrong_consent_form_says_why_and_saves_nothing(world, overrides, field_message):
    client = _client_for(world["owner"])
    response = client.post(
        f"/werk/zaken/{world['case'].pk}/toestemming/nieuw/", _consent_form(world, **overrides)
    )
    assert response.status_code == 400
    assert field_message in response.content.decode()
    assert "Een passende woning zoeken" in response.content.decode()  # the input is kept
    assert not Consent.objects.exists()


def test_withdrawing_on_the_list_stops_sharing_and_receipts_download(world):
    client = _client_for(world["owner"])
    case = world["case"]
    client.post(f"/werk/zaken/{case.pk}/toestemming/nieuw/", _consent_form(world))
    consent = Consent.objects.get()
    receipt = client.get(f"/werk/zaken/{case.pk}/toestemming/{consent.pk}/bewijs.json")
    assert receipt.status_code == 200 and "attachment" in receipt["Content-Disposition"]
    assert {"receipt", "jws"} <= set(receipt.json())
    pdf = client.get(f"/werk/zaken/{case.pk}/toestemming/{consent.pk}/bewijs.pdf")
    assert pdf.content.startswith(b"%PDF-")

    response = client.post(
        f"/werk/zaken/{case.pk}/toestemming/{consent.pk}/intrekken/", {"via": "phone"}
    )
    assert response.status_code == 302
    consent.refresh_from_db()
    assert consent.state == ConsentState.WITHDRAWN and consent.ended_via == "phone"
    page = _client_for(world["partner"]).get(f"/werk/zaken/{case.pk}/").content.decode()
    assert "Loon in deeltijd" not in page


def test_a_partner_sees_that_more_exists_not_what_and_cannot_manage_consent(world):
    partner = _client_for(world["partner"])
    case = world["case"]
    page = partner.get(f"/werk/zaken/{case.pk}/").content.decode()
    assert "Amira El Amrani" in page
    assert "0698765432" not in page and "De huur is te hoog" not in page
    assert "niet met jouw organisatie gedeeld" in page
    assert partner.get(f"/werk/zaken/{case.pk}/toestemming/").status_code == 404
    assert partner.get(f"/werk/zaken/{case.pk}/bewerken/").status_code == 404


def test_an_export_of_a_category_without_a_basis_is_refused_and_logged(world):
    partner = _client_for(world["partner"])
    case = world["case"]
    assert partner.get(f"/werk/zaken/{case.pk}/export.json?categorie=income").status_code == 404
    refused = ProcessingLogEntry.objects.filter(
        data_subject_id=person_pseudonym(case.person_id), status_code="error"
    ).get()
    assert refused.categories == ["income"]
    owner = _client_for(world["owner"])
    owner.post(f"/werk/zaken/{case.pk}/toestemming/nieuw/", _consent_form(world))
    export = partner.get(f"/werk/zaken/{case.pk}/export.json?categorie=income").json()
    assert [fact["value"] for fact in export["facts"]] == ["Loon in deeltijd"]


# A partner's case page: no household or representatives (not shared), but its statutory bases,
# its consents, break-glass and whether a household exists: as many queries as the owner's.
# -5 (#27): the team and plan are read only on the team section.
PARTNER_CASE_PAGE_QUERIES = {"sqlite": 21, "postgresql": 21}


def test_the_partner_case_page_runs_a_fixed_number_of_queries(world, django_assert_num_queries):
    partner = _client_for(world["partner"])
    case = world["case"]
    url = f"/werk/zaken/{case.pk}/"
    partner.get(url)
    with django_assert_num_queries(PARTNER_CASE_PAGE_QUERIES[connection.vendor]):
        assert partner.get(url).status_code == 200
    for label in ("Tweede", "Derde"):
        cases.fact_record(
            case=case,
            category="debts",
            label=label,
            value="€ 100",
            as_of=clock.today(),
            source="brief",
            actor=SYSTEM,
        )
    with django_assert_num_queries(PARTNER_CASE_PAGE_QUERIES[connection.vendor]):
        assert partner.get(url).status_code == 200


def test_break_glass_through_the_screens_and_the_privacy_officers_review(world):
    case = world["case"]
    stranger = factories.MembershipFactory(role=Role.FRONTLINE_WORKER)
    client = _client_for(stranger)
    assert client.get(f"/werk/zaken/{case.pk}/").status_code == 404
    # No relation to the case: the break-glass page is "not found" too (#23).
    assert client.get(f"/werk/zaken/{case.pk}/spoedtoegang/").status_code == 404
    # Amira comes to the stranger's desk with another question: a relation, so it may.
    cases.case_open(
        person=case.person,
        question_verbatim="Een andere vraag aan deze balie.",
        owning_team=stranger.team,
        next_step="Bellen",
        next_step_due=clock.today() + dt.timedelta(days=2),
        actor=SYSTEM,
    )
    assert _client_for(world["partner"]).get(
        f"/werk/zaken/{case.pk}/spoedtoegang/"
    ).status_code == (404)
    short = client.post(f"/werk/zaken/{case.pk}/spoedtoegang/", {"reason": "snel"})
    assert short.status_code == 400
    reason = "Mevrouw staat zonder onderdak aan de balie, het team is dicht"
    unlisted = {"reason": reason, "reason_code": "curious"}
    assert client.post(f"/werk/zaken/{case.pk}/spoedtoegang/", unlisted).status_code == 400
    opened = client.post(
        f"/werk/zaken/{case.pk}/spoedtoegang/", {"reason": reason, "reason_code": "danger"}
    )
    assert opened.status_code == 302
    assert "De huur is te hoog" in client.get(f"/werk/zaken/{case.pk}/").content.decode()

    officer = factories.MembershipFactory(role=Role.PRIVACY_OFFICER, team=None)
    privacy = _client_for(officer)
    assert reason in privacy.get("/werk/privacy/spoedtoegang/").content.decode()
    assert client.get("/werk/privacy/spoedtoegang/").status_code == 404
    glass = BreakGlassAccess.objects.get()
    privacy.post(f"/werk/privacy/spoedtoegang/{glass.pk}/", {"finding": "justified", "note": ""})
    glass.refresh_from_db()
    assert glass.review_finding == "justified" and glass.reviewed_by == officer.user


def test_the_contact_form_names_representatives_only_to_a_worker_who_sees_contact_details(world):
    """Who acts for the citizen is contact data: the owner picks the representative who called;
    a partner team on the case without a basis for contact details records a contact without
    learning who that is (the case page hides them from it too)."""
    case = world["case"]
    broer = people.person_create(given_names="Youssef", surname="El Amrani", actor=SYSTEM)
    people.representation_create(
        represented=case.person,
        representative=broer,
        kind=RepresentationKind.FAMILY,
        matters=[Matter.FINANCIAL],
        basis=RepresentationBasis.WRITTEN_AUTHORISATION,
        valid_from=clock.today() - dt.timedelta(days=1),
        valid_until=clock.today() + dt.timedelta(days=30),
        actor=SYSTEM,
    )
    owner_form = _client_for(world["owner"]).get(f"/werk/zaken/{case.pk}/contact/")
    assert "Youssef El Amrani" in owner_form.content.decode()
    partner_form = _client_for(world["partner"]).get(f"/werk/zaken/{case.pk}/contact/")
    assert partner_form.status_code == 200
    assert "Youssef" not in partner_form.content.decode()
