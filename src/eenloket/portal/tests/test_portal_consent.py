"""Giving consent in Mijn overzicht: answering a consent a worker asked for (with a separate
yes for health or justice data), and giving a new yes to an organisation that helps with the
question; what the organisation then sees changes at once."""

import datetime as dt

import pytest
from django.test import Client

from eenloket.access import disclosure
from eenloket.accounts.models import Role
from eenloket.cases import services as cases
from eenloket.consent import services as consent
from eenloket.consent.models import Consent
from eenloket.core import clock
from eenloket.core.actor import Actor
from eenloket.teamwork import services as teamwork
from eenloket.testing import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    coordinator = factories.MembershipFactory(role=Role.COORDINATOR)
    owner = Actor.worker(coordinator.user, coordinator)
    partner = factories.MembershipFactory(role=Role.PARTNER_WORKER)
    person = factories.PersonFactory()
    case = cases.case_open(
        person=person,
        question_verbatim="Ik kan de huur niet meer betalen.",
        owning_team=coordinator.team,
        coordinator=coordinator.user,
        next_step="Bellen",
        next_step_due=clock.today() + dt.timedelta(days=2),
        actor=owner,
    )
    invitation = teamwork.member_invite(
        case=case, team=partner.team, role_on_case="Schuldhulp", actor=owner
    )
    teamwork.invitation_answer(
        invitation=invitation, accept=True, actor=Actor.worker(partner.user, partner)
    )
    return {"person": person, "case": case, "owner": owner, "partner": partner}


def _log_in(person):
    client = Client()
    client.post("/mijn/inloggen/", {"person": str(person.pk), "assurance": "substantieel"})
    return client


def _partner_sees(world, category):
    partner = world["partner"]
    actor = Actor.worker(partner.user, partner)
    return disclosure.disclosure_for(actor, world["case"]).allows(category)


def test_a_citizen_gives_a_new_yes_and_the_partner_sees_it_at_once(world):
    client = _log_in(world["person"])
    page = client.get("/mijn/keuzes/nieuw/").content.decode()
    assert world["partner"].team.organisation.name in page
    assert world["case"].owning_team.organisation.name not in page.split("<form")[1]
    assert not _partner_sees(world, "income")
    response = client.post(
        "/mijn/keuzes/nieuw/",
        {
            "case": str(world["case"].pk),
            "recipient": str(world["partner"].team.organisation_id),
            "categories": ["income"],
            "purpose": "Om mij te helpen met de huur",
            "months": "6",
        },
    )
    assert response.status_code == 302
    given = Consent.objects.get(
        person=world["person"], recipient=world["partner"].team.organisation
    )
    assert given.state == "given" and given.recorded_via == "portal"
    assert given.valid_until == clock.today() + dt.timedelta(days=180)
    assert _partner_sees(world, "income")


def test_health_data_needs_the_separate_tick_and_nothing_is_saved_without_it(world):
    client = _log_in(world["person"])
    form = {
        "case": str(world["case"].pk),
        "recipient": str(world["partner"].team.organisation_id),
        "categories": ["health"],
        "purpose": "Om mij te helpen met de huur",
        "months": "3",
    }
    refused = client.post("/mijn/keuzes/nieuw/", form)
    assert refused.status_code == 400
    assert "Tick the separate box" in refused.content.decode() or "apart" in (
        refused.content.decode()
    )
    assert not Consent.objects.filter(person=world["person"]).exists()
    assert client.post("/mijn/keuzes/nieuw/", form | {"explicit_special": "on"}).status_code == 302
    assert Consent.objects.get(person=world["person"]).explicit_special


def test_bad_input_gives_a_clear_error_and_saves_nothing(world):
    client = _log_in(world["person"])
    owner_org = world["case"].owning_team.organisation_id
    for bad in (
        {"recipient": str(owner_org)},  # not offered: the owner already helps
        {"recipient": "not-a-uuid"},
        {"categories": ["identity"]},  # the BSN never on consent
        {"categories": []},
        {"months": "120"},
        {"purpose": ""},
        {"case": str(factories.OrganisationFactory().pk)},
    ):
        form = {
            "case": str(world["case"].pk),
            "recipient": str(world["partner"].team.organisation_id),
            "categories": ["income"],
            "purpose": "Om mij te helpen met de huur",
            "months": "6",
        } | bad
        response = client.post("/mijn/keuzes/nieuw/", form)
        assert response.status_code == 400, bad
        assert "utrecht-form-field-error-message" in response.content.decode(), bad
    assert not Consent.objects.filter(person=world["person"]).exists()


def test_a_citizen_answers_a_consent_a_worker_asked_for(world):
    asked = consent.consent_record(
        case=world["case"],
        recipient=world["partner"].team.organisation,
        categories=["income", "health"],
        purpose="Schuldhulp wil uw inkomen en zorg kennen",
        valid_until=clock.today() + dt.timedelta(days=90),
        given=None,
        recorded_via="desk",
        actor=world["owner"],
    )
    client = _log_in(world["person"])
    page = client.get("/mijn/keuzes/").content.decode()
    assert f"/mijn/keuzes/{asked.pk}/antwoord/" in page
    # Yes without the separate tick for health: refused, still asked.
    client.post(f"/mijn/keuzes/{asked.pk}/antwoord/", {"answer": "yes"})
    asked.refresh_from_db()
    assert asked.state == "requested" and not _partner_sees(world, "income")
    client.post(f"/mijn/keuzes/{asked.pk}/antwoord/", {"answer": "yes", "explicit_special": "on"})
    asked.refresh_from_db()
    assert asked.state == "given" and asked.explicit_special and asked.recorded_via == "portal"
    assert _partner_sees(world, "health")
    # Answered once: a second answer changes nothing.
    client.post(f"/mijn/keuzes/{asked.pk}/antwoord/", {"answer": "no"})
    asked.refresh_from_db()
    assert asked.state == "given"


def test_another_citizen_cannot_answer_or_give_for_someone_else(world):
    asked = consent.consent_record(
        case=world["case"],
        recipient=world["partner"].team.organisation,
        categories=["income"],
        purpose="Schuldhulp wil uw inkomen kennen",
        valid_until=clock.today() + dt.timedelta(days=90),
        given=None,
        recorded_via="desk",
        actor=world["owner"],
    )
    stranger = factories.PersonFactory()
    cases.case_open(
        person=stranger,
        question_verbatim="Een eigen vraag.",
        owning_team=world["case"].owning_team,
        next_step="Bellen",
        next_step_due=clock.today() + dt.timedelta(days=2),
        actor=world["owner"],
    )
    other = _log_in(stranger)
    response = other.post(f"/mijn/keuzes/{asked.pk}/antwoord/", {"answer": "yes"})
    assert response.status_code == 404
    given = other.post(
        "/mijn/keuzes/nieuw/",
        {
            "case": str(world["case"].pk),
            "recipient": str(world["partner"].team.organisation_id),
            "categories": ["income"],
            "purpose": "Om iemand anders te helpen",
            "months": "6",
        },
    )
    assert given.status_code in (200, 400)
    asked.refresh_from_db()
    assert asked.state == "requested"
    assert Consent.objects.filter(person=world["person"]).count() == 1


def test_portal_forms_refuse_a_post_without_the_csrf_token(world):
    """Every portal form is protected against cross-site posts, also the upload page (which
    checks the token itself, after its size-limiting upload handler is in place)."""
    strict = Client(enforce_csrf_checks=True)
    strict.get("/mijn/inloggen/")
    token = strict.cookies["csrftoken"].value
    strict.post(
        "/mijn/inloggen/",
        {
            "person": str(world["person"].pk),
            "assurance": "substantieel",
            "csrfmiddlewaretoken": token,
        },
    )
    form = {
        "case": str(world["case"].pk),
        "recipient": str(world["partner"].team.organisation_id),
        "categories": ["income"],
        "purpose": "Om mij te helpen met de huur",
        "months": "6",
    }
    assert strict.post("/mijn/keuzes/nieuw/", form).status_code == 403
    assert not Consent.objects.filter(person=world["person"]).exists()
    upload = strict.post(f"/mijn/vragen/{world['case'].pk}/document/", {})
    assert upload.status_code == 403


def test_answering_a_consent_logs_the_read_of_it(world):
    from eenloket.audit.models import AuditEntry

    asked = consent.consent_record(
        case=world["case"],
        recipient=world["partner"].team.organisation,
        categories=["income"],
        purpose="Schuldhulp wil uw inkomen kennen",
        valid_until=clock.today() + dt.timedelta(days=90),
        given=None,
        recorded_via="desk",
        actor=world["owner"],
    )
    client = _log_in(world["person"])
    client.post(f"/mijn/keuzes/{asked.pk}/antwoord/", {"answer": "no"})
    assert AuditEntry.objects.filter(
        actor_kind="citizen", object_type="consent", object_id=str(asked.pk)
    ).exists()


def test_a_citizen_gives_the_narrow_yes_to_a_team_of_the_owning_organisation(world):
    """Decision 0039: the municipality's debt team, joined to the case, is offered as a team
    of its own; the yes opens that team, not the owning organisation's other teams."""
    owner_team = world["case"].owning_team
    debt = factories.TeamFactory(
        organisation=owner_team.organisation, name="Schuldhulp (test)", purpose="debt_help"
    )
    wmo = factories.TeamFactory(organisation=owner_team.organisation, purpose="wmo")
    debt_worker = factories.MembershipFactory(team=debt, role=Role.PARTNER_WORKER)
    invitation = teamwork.member_invite(
        case=world["case"], team=debt, role_on_case="Schuldhulp", actor=world["owner"]
    )
    teamwork.invitation_answer(
        invitation=invitation, accept=True, actor=Actor.worker(debt_worker.user, debt_worker)
    )
    client = _log_in(world["person"])
    page = client.get("/mijn/keuzes/nieuw/").content.decode()
    assert f'value="team:{debt.pk}"' in page
    assert f'value="team:{owner_team.pk}"' not in page  # the owner needs no yes for its task
    response = client.post(
        "/mijn/keuzes/nieuw/",
        {
            "case": str(world["case"].pk),
            "recipient": f"team:{debt.pk}",
            "categories": ["income"],
            "purpose": "Om mij te helpen met mijn schulden",
            "months": "6",
        },
    )
    assert response.status_code == 302
    given = Consent.objects.get(person=world["person"], recipient_team=debt)
    assert given.recipient_id == owner_team.organisation_id
    seen = disclosure.disclosure_for(Actor.worker(debt_worker.user, debt_worker), world["case"])
    assert seen.allows("income")
    other = disclosure.disclosure_for_team(world["case"], wmo)
    assert not other.allows("income")
