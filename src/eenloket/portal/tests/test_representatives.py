"""A representative logs in as themselves and acts for the person they represent, within the
representation's scope (matters or one case) and period: every portal URL is walked as a
representative reaching past their scope, and nothing outside it shows or changes."""

import datetime as dt

import pytest
from django.urls import get_resolver
from django.utils import translation

from eenloket.access.who_looked import who_looked
from eenloket.accounts.models import Role
from eenloket.appointments.models import Appointment
from eenloket.appointments.tests.desk import make_desk
from eenloket.cases import services as cases
from eenloket.cases.models import Case, Contact
from eenloket.consent import services as consent
from eenloket.consent.models import Consent
from eenloket.core import clock
from eenloket.core.actor import Actor
from eenloket.notifications import outbox
from eenloket.notifications.models import PortalMessage
from eenloket.people import services as people
from eenloket.people.models import Matter, RepresentationBasis, RepresentationKind
from eenloket.testing import factories
from eenloket.testing.fixtures import log_in_citizen
from eenloket.testing.pdf import response_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    coordinator = factories.MembershipFactory(role=Role.COORDINATOR)
    worker = Actor.worker(coordinator.user, coordinator)
    father, son, stranger = (factories.PersonFactory() for _ in range(3))

    def open_case(person, question, needs):
        return cases.case_open(
            person=person,
            question_verbatim=question,
            needs=needs,
            owning_team=coordinator.team,
            coordinator=coordinator.user,
            next_step="Wij bellen terug",
            next_step_due=clock.today() + dt.timedelta(days=2),
            actor=worker,
        )

    money = open_case(father, "De aanmaningen van de energie stapelen zich op.", ["debt_help"])
    care = open_case(father, "Vertrouwelijk: mijn geheugen wordt slechter.", ["care"])
    theirs = open_case(stranger, "Vraag van een vreemde over huur.", ["housing"])
    representation = people.representation_create(
        represented=father,
        representative=son,
        kind=RepresentationKind.FAMILY,
        matters=[Matter.FINANCIAL],
        basis=RepresentationBasis.WRITTEN_AUTHORISATION,
        valid_from=clock.today() - dt.timedelta(days=1),
        valid_until=clock.today() + dt.timedelta(days=90),
        actor=worker,
    )
    care_consent = consent.consent_record(
        case=care,
        recipient=factories.OrganisationFactory(name="Wijkteam zorg (geheim)"),
        categories=["income"],
        purpose="Zorg regelen voor vader",
        valid_until=clock.today() + dt.timedelta(days=30),
        given=True,
        recorded_via="desk",
        actor=worker,
    )
    father.channels_preferred = ["portal"]
    father.save()
    cases.citizen_write(
        case=Case._base_manager.get(pk=care.pk),
        subject="Over uw geheugen",
        text="Vertrouwelijk bericht over de zorg",
        actor=worker,
    )
    cases.citizen_write(
        case=Case._base_manager.get(pk=money.pk),
        subject="Over de aanmaningen",
        text="Wij bellen de energieleverancier",
        actor=worker,
    )
    outbox.send_due("test")
    care_message = PortalMessage.objects.get(case_ref=str(care.pk))
    tomorrow = clock.now() + dt.timedelta(days=1)
    care_visit = Appointment.objects.create(
        location=make_desk(),
        person=father,
        case=care,
        starts_at=tomorrow,
        ends_at=tomorrow + dt.timedelta(minutes=30),
    )
    return {
        "care_message": care_message,
        "care_visit": care_visit,
        "father": father,
        "son": son,
        "stranger": stranger,
        "money": money,
        "care": care,
        "theirs": theirs,
        "representation": representation,
        "care_consent": care_consent,
        "worker": worker,
    }


def _acting(world):
    client = log_in_citizen(world["son"])
    response = client.post("/mijn/namens/", {"representation": str(world["representation"].pk)})
    assert response.status_code == 302
    return client


def test_a_representative_sees_only_the_questions_in_their_scope(world):
    client = log_in_citizen(world["son"])
    own = client.get("/mijn/").content.decode()
    assert world["father"].full_name in own  # "you may also act for"
    assert "aanmaningen" not in own  # nothing of the father's until they choose to act
    client = _acting(world)
    page = client.get("/mijn/").content.decode()
    assert "aanmaningen van de energie" in page
    assert "geheugen" not in page
    assert client.get(f"/mijn/vragen/{world['money'].pk}/").status_code == 200
    assert client.get(f"/mijn/vragen/{world['care'].pk}/").status_code == 404
    assert client.get(f"/mijn/vragen/{world['theirs'].pk}/").status_code == 404
    # Pages about the whole person are for the person alone when the scope is some matters.
    for url in ("/mijn/wie-keek/", "/mijn/bereikbaarheid/"):
        refused = client.get(url)
        assert refused.status_code == 403, url
    # Back to their own overview.
    client.post("/mijn/namens/", {"representation": ""})
    assert "aanmaningen" not in client.get("/mijn/").content.decode()


def test_the_represented_person_sees_their_representative_in_who_used_their_data(world):
    client = _acting(world)
    client.get(f"/mijn/vragen/{world['money'].pk}/")
    client.get(f"/mijn/vragen/{world['care'].pk}/")  # outside the scope: refused
    with translation.override("en"):
        lines = who_looked(person_id=world["father"].pk)
    seen = {(a.organisation, a.refused) for a in lines}
    assert ("Someone who may act for you (your representative), online", False) in seen
    assert ("Your representative tried something they may not do for you", True) in seen


def test_a_representation_that_ends_ends_the_acting_at_once(world):
    client = _acting(world)
    assert "aanmaningen" in client.get("/mijn/").content.decode()
    people.representation_end(
        representation=world["representation"],
        reason="Vader trok de machtiging in",
        actor=world["worker"],
    )
    response = client.get("/mijn/")
    assert response.status_code == 302 and response.url == "/mijn/"
    back = client.get("/mijn/").content.decode()
    assert "aanmaningen" not in back


def test_someone_cannot_act_under_another_persons_representation(world):
    client = log_in_citizen(world["stranger"])
    response = client.post("/mijn/namens/", {"representation": str(world["representation"].pk)})
    assert response.status_code == 404
    assert "aanmaningen" not in client.get("/mijn/").content.decode()


def test_a_basic_login_cannot_act_for_anyone(world):
    client = log_in_citizen(world["son"], assurance="basis")
    response = client.post("/mijn/namens/", {"representation": str(world["representation"].pk)})
    assert response.status_code in (403, 404)
    assert "aanmaningen" not in client.get("/mijn/").content.decode()


def test_a_representative_adds_to_a_question_in_scope_and_the_contact_names_them(world):
    client = _acting(world)
    response = client.post(
        "/mijn/vraag/", {"case": str(world["money"].pk), "text": "Vader kreeg weer een brief."}
    )
    assert response.status_code == 302
    contact = Contact.objects.get(case=world["money"], summary="Vader kreeg weer een brief.")
    assert contact.representation_id == world["representation"].pk
    # A new question for someone you help in some matters only: call or come by.
    refused = client.post("/mijn/vraag/", {"case": "", "text": "Iets heel anders."})
    assert refused.status_code == 400
    assert not Contact.objects.filter(summary="Iets heel anders.").exists()
    # A question outside the scope cannot be chosen.
    outside = client.post("/mijn/vraag/", {"case": str(world["care"].pk), "text": "Zorgvraag."})
    assert outside.status_code == 400
    assert not Contact.objects.filter(summary="Zorgvraag.").exists()


def test_every_portal_url_shows_a_representative_nothing_outside_their_scope(world):
    """Walks every URL the portal has (from its URL configuration), filling in ids outside the
    representative's scope: the father's care question and its consent, and a stranger's
    question, as the son acting for his father in money matters only."""
    ids_outside = [
        {
            "case_id": world["care"].pk,
            "consent_id": world["care_consent"].pk,
            "message_id": world["care_message"].pk,
            "appointment_id": world["care_visit"].pk,
        },
        {
            "case_id": world["theirs"].pk,
            "consent_id": world["care_consent"].pk,
            "message_id": world["care_message"].pk,
            "appointment_id": world["care_visit"].pk,
        },
    ]
    secrets = (
        "geheugen",
        "Vertrouwelijk bericht",
        "Wijkteam zorg (geheim)",
        "Zorg regelen",
        "vreemde over huur",
    )
    patterns = list(get_resolver("eenloket.portal.urls").url_patterns)
    for ids in ids_outside:
        for pattern in patterns:
            route = str(pattern.pattern)
            url = "/mijn/" + route
            for name, value in ids.items():
                url = url.replace(f"<uuid:{name}>", str(value))
            url = url.replace("<slug:kind>", "digid")  # a login kind
            assert "<" not in url, f"no test id for {route}"
            for method in ("get", "post"):
                client = _acting(world)  # afresh: some URLs end the session or the acting
                response = getattr(client, method)(url)
                body = response_text(response)
                assert not any(s in body for s in secrets), (method, url)
                assert response.status_code < 500, (method, url)
    assert Consent.objects.get(pk=world["care_consent"].pk).state == "given"
    assert Appointment.objects.get(pk=world["care_visit"].pk).state == "booked"
    world["care_message"].refresh_from_db()
    assert world["care_message"].read_at is None


def test_a_representative_reads_the_messages_about_questions_in_scope_only(world):
    client = _acting(world)
    listing = client.get("/mijn/berichten/").content.decode()
    assert "Over de aanmaningen" in listing and "geheugen" not in listing
    assert client.get(f"/mijn/berichten/{world['care_message'].pk}/").status_code == 404
