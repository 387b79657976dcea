"""The citizen's own overview: what it shows, that a citizen never sees another person's
question (every portal URL, with a second citizen), the login level, and a pinned query count."""

import datetime as dt

import pytest
from django.db import connection
from django.test import Client

from eenloket.accounts.models import Role
from eenloket.applications import services as applications
from eenloket.cases import services as cases
from eenloket.core import clock
from eenloket.core.actor import Actor
from eenloket.teamwork import services as teamwork
from eenloket.teamwork.models import OwnerKind
from eenloket.testing import factories
from eenloket.testing.fixtures import log_in_citizen
from eenloket.testing.pdf import pdf_pages, pdf_text, response_text

SYSTEM = Actor.system("test")
pytestmark = pytest.mark.django_db
# 18, +1 the people you may act for, +1 unread messages, +1 the appointments.
OVERVIEW_QUERIES = {"sqlite": 18, "postgresql": 18}


def _case(person, coordinator, question):
    return cases.case_open(
        person=person,
        question_verbatim=question,
        owning_team=coordinator.team,
        coordinator=coordinator.user,
        next_step="Wij bellen u terug",
        next_step_due=clock.today() + dt.timedelta(days=2),
        actor=SYSTEM,
    )


@pytest.fixture
def world():
    coordinator = factories.MembershipFactory(role=Role.COORDINATOR)
    sandra, other = factories.PersonFactory(), factories.PersonFactory()
    mine = _case(sandra, coordinator, "Ik heb geen werk meer en de brieven stapelen zich op.")
    theirs = _case(other, coordinator, "Vraag van iemand anders over schulden.")
    actor = Actor.worker(coordinator.user, coordinator)
    teamwork.action_add(
        case=mine,
        what="Sandra moet CJIB-post meebrengen (teamnotitie)",
        what_citizen="U neemt uw brieven van het CJIB mee",
        owner_kind=OwnerKind.CITIZEN,
        due_on=clock.today() + dt.timedelta(days=5),
        actor=actor,
    )
    applications.application_record(
        case=mine,
        organisation=factories.OrganisationFactory(name="UWV (test)"),
        what="WW-uitkering",
        filed_on=clock.today() - dt.timedelta(days=40),
        term_value=4,
        term_unit="weeks",
        actor=SYSTEM,
    )
    return {"sandra": sandra, "other": other, "mine": mine, "theirs": theirs}


def test_the_overview_shows_what_is_going_on_in_plain_words(world):
    client = log_in_citizen(world["sandra"])
    page = client.get("/mijn/").content.decode()
    assert "de brieven stapelen zich op" in page
    assert "U neemt uw brieven van het CJIB mee" in page
    assert "WW-uitkering" in page and "te laat" in page  # 40 days on a 4-week term
    assert "iemand anders" not in page
    own = client.get(f"/mijn/vragen/{world['mine'].pk}/")
    assert own.status_code == 200 and "U neemt uw brieven" in own.content.decode()


def test_a_citizen_never_sees_another_persons_question_on_any_portal_url(world):
    client = log_in_citizen(world["other"])
    for url in ("/mijn/", f"/mijn/vragen/{world['theirs'].pk}/"):
        body = client.get(url).content.decode()
        assert "brieven stapelen" not in body and "CJIB" not in body
    assert client.get(f"/mijn/vragen/{world['mine'].pk}/").status_code == 404
    assert client.get("/mijn/vragen/00000000-0000-0000-0000-000000000000/").status_code == 404
    # Sandra sees that someone else tried, and that it was refused; never who it was.
    from django.utils import translation

    from eenloket.access.who_looked import who_looked

    with translation.override("en"):
        tried = [a for a in who_looked(person_id=world["sandra"].pk) if a.refused]
    assert [a.organisation for a in tried] == ["Someone else logged in to their own overview"]


def test_dossier_content_needs_a_substantial_login(world):
    client = log_in_citizen(world["sandra"], assurance="basis")
    weak = client.get("/mijn/")
    assert weak.status_code == 403 and "brieven" not in weak.content.decode()
    assert client.get(f"/mijn/vragen/{world['mine'].pk}/").status_code == 403


def test_without_a_login_the_portal_asks_to_log_in_and_demo_login_is_demo_only(world, settings):
    assert Client().get("/mijn/").status_code == 302
    settings.EENLOKET_MODE = "production"
    assert Client().get("/mijn/inloggen/").status_code == 503
    refused = Client().post("/mijn/inloggen/", {"person": str(world["sandra"].pk)})
    assert refused.status_code == 503


def test_the_overview_runs_a_fixed_number_of_queries(world, django_assert_num_queries):
    client = log_in_citizen(world["sandra"])
    client.get("/mijn/")
    with django_assert_num_queries(OVERVIEW_QUERIES[connection.vendor]):
        client.get("/mijn/")
    coordinator = factories.MembershipFactory(role=Role.COORDINATOR)
    _case(world["sandra"], coordinator, "Nog een vraag")
    with django_assert_num_queries(OVERVIEW_QUERIES[connection.vendor]):
        response = client.get("/mijn/")
    assert len(response.context["overviews"]) == 2


def test_a_citizen_sees_and_withdraws_only_their_own_consents(world):
    from eenloket.consent import services as consent
    from eenloket.consent.models import Consent

    coordinator = world["mine"].coordinator.memberships.first()
    actor = Actor.worker(coordinator.user, coordinator)
    org = factories.OrganisationFactory(name="Woningcorporatie (test)")
    mine = consent.consent_record(
        case=world["mine"],
        recipient=org,
        categories=["income"],
        purpose="Een betaalbare woning zoeken",
        valid_until=clock.today() + dt.timedelta(days=90),
        given=True,
        recorded_via="desk",
        actor=actor,
    )
    theirs = consent.consent_record(
        case=world["theirs"],
        recipient=org,
        categories=["income"],
        purpose="Iets anders",
        valid_until=clock.today() + dt.timedelta(days=90),
        given=True,
        recorded_via="desk",
        actor=actor,
    )
    client = log_in_citizen(world["sandra"])
    page = client.get("/mijn/keuzes/").content.decode()
    assert "Woningcorporatie (test)" in page and "Een betaalbare woning zoeken" in page
    assert "Iets anders" not in page
    refused = client.post(f"/mijn/keuzes/{theirs.pk}/intrekken/")
    assert refused.status_code == 404
    assert Consent.objects.get(pk=theirs.pk).state == "given"
    done = client.post(f"/mijn/keuzes/{mine.pk}/intrekken/")
    assert done.status_code == 302
    withdrawn = Consent.objects.get(pk=mine.pk)
    assert withdrawn.state == "withdrawn" and withdrawn.ended_via == "portal"
    who = client.get("/mijn/wie-keek/")
    assert who.status_code == 200


def test_the_overview_letter_is_at_most_two_pages_and_only_for_the_owning_organisation():
    from eenloket.cases.models import Case
    from eenloket.cases.overview_letter import letter_text
    from eenloket.demo import data as demodata
    from eenloket.testing.fixtures import log_in

    demodata.load()
    sandra = Case.objects.get(person__given_names="Sandra")
    text = letter_text(sandra)
    assert "Beste Sandra Jansen" in text and "Wat u zelf moet doen" in text
    worker = log_in(Client(), sandra.coordinator)
    response = worker.get(f"/werk/zaken/{sandra.pk}/overzicht.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert pdf_pages(response.content) <= 2
    assert "Sandra Jansen" in pdf_text(response.content)
    joost = Client()
    from eenloket.accounts.models import User

    log_in(joost, User.objects.get(username="joost"))  # UWV: a partner on Sandra's case
    assert joost.get(f"/werk/zaken/{sandra.pk}/overzicht.pdf").status_code == 404


def test_a_question_from_the_portal_lands_with_the_team_with_a_next_step(world):
    from eenloket.cases.models import Case, Contact

    client = log_in_citizen(world["sandra"])
    assert client.post("/mijn/vraag/", {"text": ""}).status_code == 400
    assert client.post("/mijn/vraag/", {"text": "x" * 2001}).status_code == 400
    other = client.post("/mijn/vraag/", {"case": str(world["theirs"].pk), "text": "Hallo"})
    assert other.status_code == 400  # not one of her questions
    more = client.post(
        "/mijn/vraag/", {"case": str(world["mine"].pk), "text": "Ik heb een nieuwe brief."}
    )
    assert more.status_code == 302
    case = Case.objects.get(pk=world["mine"].pk)
    assert "Mijn overzicht" in case.next_step and case.next_step_due > clock.today()
    assert Contact.objects.filter(case=case, channel="portal").exists()
    before = Case.objects.filter(person=world["sandra"]).count()
    new = client.post("/mijn/vraag/", {"text": "Kan ik huurtoeslag krijgen?"})
    assert new.status_code == 302
    assert Case.objects.filter(person=world["sandra"]).count() == before + 1
    newest = Case.objects.filter(person=world["sandra"]).order_by("-opened_at").first()
    assert newest.owning_team_id == world["mine"].owning_team_id
    assert newest.question_verbatim == "Kan ik huurtoeslag krijgen?"


def test_how_we_reach_you_saves_the_order_and_refuses_a_contradiction(world):
    client = log_in_citizen(world["sandra"])
    assert client.get("/mijn/bereikbaarheid/").status_code == 200
    ok = client.post(
        "/mijn/bereikbaarheid/",
        {"first": "portal", "second": "email", "third": "", "language": "en"},
    )
    assert ok.status_code == 302
    world["sandra"].refresh_from_db()
    assert world["sandra"].channels_preferred == ["portal", "email"]
    assert world["sandra"].preferred_language == "en"
    both = client.post(
        "/mijn/bereikbaarheid/",
        {"first": "email", "refused": ["email"], "language": "nl"},
    )
    assert both.status_code == 400
    world["sandra"].refresh_from_db()
    assert world["sandra"].channels_preferred == ["portal", "email"]  # nothing changed


def test_every_portal_url_shows_a_second_citizen_nothing_of_the_first(world):
    """Walks every URL the portal has (from its URL configuration, so a new page is covered
    the day it is added), filling in the first citizen's ids, as the second citizen."""
    from django.urls import get_resolver

    from eenloket.consent import services as consent
    from eenloket.consent.models import Consent

    coordinator = world["mine"].coordinator.memberships.first()
    given = consent.consent_record(
        case=world["mine"],
        recipient=factories.OrganisationFactory(name="Geheime ontvanger (test)"),
        categories=["income"],
        purpose="Alleen voor Sandra",
        valid_until=clock.today() + dt.timedelta(days=30),
        given=True,
        recorded_via="desk",
        actor=Actor.worker(coordinator.user, coordinator),
    )
    from eenloket.cases.models import Case
    from eenloket.documents.models import Document
    from eenloket.notifications import outbox
    from eenloket.notifications.models import PortalMessage

    world["sandra"].channels_preferred = ["portal"]
    world["sandra"].save()
    written = Case._base_manager.get(pk=world["mine"].pk)
    cases.citizen_write(
        case=written,
        subject="Geheim bericht voor Sandra",
        text="Alleen voor Sandra",
        actor=Actor.worker(coordinator.user, coordinator),
    )
    outbox.send_due("test")
    message = PortalMessage.objects.get(recipient_ref=str(world["sandra"].pk))
    from eenloket.appointments.models import Appointment
    from eenloket.appointments.tests.desk import make_desk

    tomorrow = clock.now() + dt.timedelta(days=1)
    booked = Appointment.objects.create(
        location=make_desk(),
        person=world["sandra"],
        case=world["mine"],
        starts_at=tomorrow,
        ends_at=tomorrow + dt.timedelta(minutes=30),
    )
    ids = {
        "case_id": world["mine"].pk,
        "consent_id": given.pk,
        "message_id": message.pk,
        "appointment_id": booked.pk,
    }
    resolver = get_resolver("eenloket.portal.urls")
    patterns = [p for p in resolver.url_patterns]
    assert len(patterns) >= 9
    secrets = (
        "brieven stapelen",
        "CJIB",
        "Alleen voor Sandra",
        "Geheime ontvanger",
        "Geheim bericht",
    )
    for pattern in patterns:
        route = str(pattern.pattern)
        url = "/mijn/" + route
        for name, value in ids.items():
            url = url.replace(f"<uuid:{name}>", str(value))
        url = url.replace("<slug:kind>", "digid")  # a login kind (not set up here: not found)
        assert "<" not in url, f"no test id for {route}"
        for method in ("get", "post"):
            other = log_in_citizen(world["other"])  # afresh: "uitloggen" ends the session
            response = getattr(other, method)(url)
            body = response_text(response)
            assert not any(s in body for s in secrets), (method, url)
            assert response.status_code < 500, (method, url)
    assert Consent.objects.get(pk=given.pk).state == "given"  # not withdrawn by the other
    message.refresh_from_db()
    assert message.read_at is None  # not read by the other
    assert not Document.objects.exists()  # nothing added to her question
    assert Appointment.objects.get(pk=booked.pk).state == "booked"  # not cancelled by the other


def test_the_demo_login_lists_the_first_people_finds_others_by_name_and_logs_in_anyone(settings):
    from eenloket.access import citizens

    settings.EENLOKET_MODE = "demo"
    for n in range(citizens.DEMO_LOGIN_LIMIT + 2):
        factories.CaseFactory(person__given_names=f"Anna{n:02d}")
    zoe = factories.CaseFactory(person__given_names="Zoë", person__surname="Kaya").person
    factories.PersonFactory(given_names="Aaron")  # no case, represents no one: never listed
    page = Client().get("/mijn/inloggen/")
    listed = page.context["form"].fields["person"].choices
    assert len(listed) == citizens.DEMO_LOGIN_LIMIT and page.context["more"]
    assert listed[0][1].startswith("Anna00") and str(zoe.pk) not in dict(listed)
    assert "Aaron" not in page.content.decode()
    found = Client().get("/mijn/inloggen/", {"zoek": "kaya"})
    assert [p for p, _name in found.context["form"].fields["person"].choices] == [str(zoe.pk)]
    # A control character in the search is dropped, not sent to the database (PostgreSQL
    # refuses a NUL byte in text: that was a server error).
    odd = Client().get("/mijn/inloggen/", {"zoek": "ka\x00ya\n"})
    assert odd.status_code == 200
    assert [p for p, _name in odd.context["form"].fields["person"].choices] == [str(zoe.pk)]
    assert not found.context["more"]
    # Someone beyond the first page logs in; the page's queries do not grow with the people.
    posted = Client().post("/mijn/inloggen/", {"person": str(zoe.pk), "assurance": "basis"})
    assert posted.status_code == 302
    assert Client().post("/mijn/inloggen/", {"person": "geen-id"}).status_code == 400
    before = _login_page_queries()
    for n in range(5):
        factories.CaseFactory(person__given_names=f"Bert{n}")
    assert _login_page_queries() == before


def _login_page_queries() -> int:
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        Client().get("/mijn/inloggen/")
    return len(captured.captured_queries)
