"""Letters and the printed overview (#25): every name prints as written, the PDF is tagged
for screen readers, the address sits in the envelope's window, the overview of every scenario
case fits on two pages, and the citizen downloads their own overview from the portal."""

import datetime as dt

import pytest
from django.test import Client

from eenloket.cases import services as cases
from eenloket.core import clock
from eenloket.core.actor import Actor
from eenloket.notifications import outbox
from eenloket.notifications.models import Letter
from eenloket.people import services as people
from eenloket.testing import factories
from eenloket.testing.pdf import assert_tagged, pdf_pages, pdf_reader, pdf_text

pytestmark = pytest.mark.django_db
SYSTEM = Actor.system("test")
NAME = "Łukasz Wiśniewski-Żółć"
STREET = "ul. Świętokrzyska 12"


def _lukasz():
    person = people.person_create(
        given_names="Łukasz",
        surname="Wiśniewski-Żółć",
        birth_date=dt.date(1979, 11, 3),
        address_kind="residential",
        street_and_number=STREET,
        postal_code="3511 AB",
        city="Utrecht",
        channels_preferred=["letter"],
        actor=SYSTEM,
    )
    team = factories.TeamFactory()
    case = cases.case_open(
        person=person,
        question_verbatim="Ik krijg brieven over „toeslagen” \u2013 wat moet ik doen?",
        owning_team=team,
        coordinator=factories.UserFactory(display_name="Zoë Çelik"),
        next_step="Brieven doornemen",
        next_step_due=clock.today() + dt.timedelta(days=3),
        next_step_citizen="Wij lezen uw brieven en bellen u.",
        actor=SYSTEM,
    )
    return person, case


def test_a_letter_prints_every_name_and_sits_in_the_window():
    person, case = _lukasz()
    cases.contact_record(
        case=case,
        channel="phone",
        direction="incoming",
        verification="callback",
        summary="Hij belde over de brieven van de Belastingdienst — „toeslagen”.",
        summary_citizen="U belde over de brieven van de Belastingdienst — „toeslagen”.",
        actor=SYSTEM,
    )
    assert outbox.send_due("test") == 1
    pdf = bytes(Letter.objects.get(message__recipient_ref=str(person.pk)).pdf)
    text = pdf_text(pdf)
    assert NAME in text and STREET in text
    assert "„toeslagen”" in text and "—" in text  # quotes and dashes survive
    assert "Wij lezen uw brieven en bellen u." in text  # the citizen's text, not the note
    assert "Brieven doornemen" not in text
    assert_tagged(pdf)
    # The address block: in the window of a window envelope (20 mm from the left edge, 50 mm
    # from the top: in points from the bottom-left corner of A4, 841.89 high).
    page = pdf_reader(pdf).pages[0]
    found = []

    def visit(text, cm, tm, *_):
        if text.strip() == NAME:  # where the text matrix's origin lands on the page
            found.append(
                (
                    tm[4] * cm[0] + tm[5] * cm[2] + cm[4],
                    tm[4] * cm[1] + tm[5] * cm[3] + cm[5],
                )
            )

    page.extract_text(visitor_text=visit)
    assert found, "the name was not found as one line"
    x, y = found[0]
    mm = 72 / 25.4
    assert 19 * mm <= x <= 22 * mm
    assert 841.89 - 58 * mm <= y <= 841.89 - 48 * mm


def test_the_printed_overview_prints_every_name_and_is_tagged():
    from eenloket.cases.overview_letter import letter_pdf

    _person, case = _lukasz()
    pdf = letter_pdf(case)
    text = pdf_text(pdf)
    assert NAME in text and STREET in text and "Zoë Çelik" in text
    assert "Ik krijg brieven over „toeslagen” \u2013 wat moet ik doen?" in text
    assert_tagged(pdf)
    assert pdf_pages(pdf) == 1


def test_the_overview_of_every_scenario_case_fits_on_two_pages():
    from eenloket.access import citizens as access
    from eenloket.cases.overview_letter import overview_pdf
    from eenloket.demo import data as demodata

    demodata.load()
    for person in access.demo_login_people():
        own = access.citizen_cases(Actor.citizen(person.pk, assurance="substantieel"))
        if not own:
            continue
        pdf = overview_pdf(person, own)
        assert pdf_pages(pdf) <= 2, person.full_name
        assert person.full_name in pdf_text(pdf)


def test_the_citizen_downloads_their_own_overview_from_the_portal():
    person, _case = _lukasz()
    _lukasz()  # someone else with the same words: not in her overview
    client = Client()
    client.post("/mijn/inloggen/", {"person": str(person.pk), "assurance": "substantieel"})
    response = client.get("/mijn/overzicht.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "no-store"
    text = pdf_text(response.content)
    assert NAME in text and "Wij lezen uw brieven en bellen u." in text
    assert text.count("wat moet ik doen?") == 1  # her own question only, not the other's
    overview = client.get("/mijn/").content.decode()
    assert "/mijn/overzicht.pdf" in overview
    weak = Client()
    weak.post("/mijn/inloggen/", {"person": str(person.pk), "assurance": "basis"})
    assert weak.get("/mijn/overzicht.pdf").status_code == 403
    assert Client().get("/mijn/overzicht.pdf").status_code == 302  # to the login
