"""What the citizen reads (#25): their own words as a question's title, a citizen text for
every next step (never the worker's note), in their language; confirmations that quote the new
step and name who helps; news also by e-mail; the recorded language at login; a yes given again
after taking it back; "who looked" with their own reads counted and refusals said plainly."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import translation

from eenloket.access import citizens as access
from eenloket.cases import citizen_texts
from eenloket.cases import services as cases
from eenloket.cases.models import Case, Confirmation
from eenloket.core import clock
from eenloket.core.actor import Actor
from eenloket.core.errors import DomainError
from eenloket.notifications import outbox
from eenloket.notifications.models import Message, PortalMessage
from eenloket.people import services as people
from eenloket.testing import factories
from eenloket.testing.fixtures import log_in_citizen

# Every test here runs in the demo world, loaded once for the module (testing/fixtures.py).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_world")]
SYSTEM = Actor.system("test")


def _demo_person(given):
    return next(p for p in access.demo_login_people() if p.given_names == given)


def test_the_citizen_reads_a_text_for_them_never_the_workers_note():
    case = factories.CaseFactory(next_step="Bellen naar 06 12345678 over de schuld")
    assert citizen_texts.next_step(case, "nl") == (
        "We werken aan uw vraag. We laten het u weten als er nieuws is."
    )
    assert citizen_texts.next_step(case, "en").startswith("We are working on your question")
    updated = cases.case_update(
        case=case,
        expected_version=case.version,
        next_step="Samen de aanvraag doen",
        next_step_citizen="U neemt uw loonstroken mee.",
        actor=SYSTEM,
    )
    assert citizen_texts.next_step(updated, "en") == "U neemt uw loonstroken mee."
    # A new step without a text for the citizen drops the old text: it no longer fits.
    newer = cases.case_update(
        case=updated,
        expected_version=updated.version,
        next_step="Iets anders",
        actor=SYSTEM,
    )
    assert newer.next_step_citizen == "" and newer.next_step_citizen_key == ""
    with pytest.raises(DomainError):
        cases.case_update(
            case=newer,
            expected_version=newer.version,
            next_step_citizen_key="no-such-text",
            actor=SYSTEM,
        )


def test_a_title_is_the_start_of_the_citizens_own_words():
    case = factories.CaseFactory(
        question_verbatim="Ik heb geen werk meer en de brieven stapelen zich op en ik weet het niet"
    )
    assert citizen_texts.title(case) == "Ik heb geen werk meer en de brieven stapelen…"


def test_a_new_portal_question_is_confirmed_naming_who_helps_and_the_new_step():
    yusuf = _demo_person("Yusuf")
    client = log_in_citizen(yusuf)
    before = set(Case._base_manager.filter(person=yusuf).values_list("pk", flat=True))
    response = client.post("/mijn/vraag/", {"text": "Moet ik zelf mijn zorgverzekering betalen?"})
    assert response.status_code == 302
    new = Case._base_manager.filter(person=yusuf).exclude(pk__in=before).get()
    assert new.coordinator is not None  # the person who helped him last helps again
    confirmation = Confirmation.objects.get(case=new, recipient=yusuf)
    helper = new.coordinator.display_name
    assert helper in confirmation.reach
    # In his language (English), the new step as he reads it, not the worker's note.
    assert confirmation.next_steps.startswith("We read your question. We answer you within")
    assert "Answer the question the citizen asked" not in confirmation.next_steps
    outbox.send_due("test")
    portal = PortalMessage.objects.get(message=confirmation.message)
    assert helper in portal.body and "We read your question" in portal.body
    page = client.get(f"/mijn/vragen/{new.pk}/").content.decode()
    assert "Moet ik zelf mijn zorgverzekering betalen?" in page  # the title: his own words
    assert "Answer the question the citizen asked" not in page


def test_a_confirmation_quotes_the_new_next_step_not_the_previous_one():
    sandra = _demo_person("Sandra")
    client = log_in_citizen(sandra)
    case = Case._base_manager.filter(person=sandra).first()
    client.post("/mijn/vraag/", {"case": str(case.pk), "text": "Er kwam weer een brief."})
    confirmation = Confirmation.objects.filter(case=case).order_by("-created_at").first()
    assert confirmation.next_steps.startswith("We lezen uw vraag. U krijgt binnen twee werkdagen")
    assert "WW-aanvraag" not in confirmation.next_steps  # the previous step


def test_scenario_03_yusuf_gets_an_email_with_only_the_news_that_there_is_news(smtp_server):
    yusuf = _demo_person("Yusuf")
    assert yusuf.news_also_by == ["email"]
    client = log_in_citizen(yusuf)
    client.post("/mijn/vraag/", {"text": "Do I pay for my health insurance myself from 18?"})
    while outbox.send_due("test"):
        pass
    assert PortalMessage.objects.filter(recipient_ref=str(yusuf.pk)).exists()
    news = Message.objects.get(recipient_ref=str(yusuf.pk), purpose="portal_news")
    assert news.status == "sent" and news.channel_used == "email"
    mails = [m for m in smtp_server.messages if m["To"] == "yusuf.kaya@example.org"]
    news_mails = [m for m in mails if m["Subject"] == "News in My overview"]
    assert len(news_mails) == 1
    body = news_mails[0].get_payload(decode=True).decode()
    assert "There is news for you in My overview" in body
    assert "health insurance" not in body  # thin: nothing of the content
    # Turned off: everything still lands in the portal, no e-mail about it.
    people.person_update(person=yusuf, news_also_by=[], actor=SYSTEM)
    yusuf.refresh_from_db()
    client.post("/mijn/vraag/", {"text": "And the allowance?"})
    sent_before = len(smtp_server.messages)
    while outbox.send_due("test"):
        pass
    assert not Message.objects.filter(purpose="portal_news", status="pending").exists()
    assert PortalMessage.objects.filter(recipient_ref=str(yusuf.pk)).count() >= 2
    assert not [
        m for m in smtp_server.messages[sent_before:] if m["Subject"] == "News in My overview"
    ]


def test_news_by_email_or_sms_needs_the_address_and_no_refusal():
    person = factories.PersonFactory(email="", phone="")
    with pytest.raises(DomainError) as error:
        people.person_update(person=person, news_also_by=["email"], actor=SYSTEM)
    assert error.value.field == "email"
    with pytest.raises(DomainError):
        people.person_update(person=person, news_also_by=["letter"], actor=SYSTEM)
    person = factories.PersonFactory(phone="0612345678", channels_refused=["sms"])
    with pytest.raises(DomainError) as error:
        people.person_update(person=person, news_also_by=["sms"], actor=SYSTEM)
    assert error.value.field == "news_also_by"


def test_the_reach_page_saves_news_by_email_and_says_what_is_missing():
    sandra = _demo_person("Sandra")  # no e-mail address
    client = log_in_citizen(sandra)
    response = client.post(
        "/mijn/bereikbaarheid/",
        {"first": "desk", "second": "phone", "news_also_by": ["email"], "language": "nl"},
    )
    assert response.status_code == 400
    assert "hebben we een e-mailadres nodig" in response.content.decode()
    response = client.post(
        "/mijn/bereikbaarheid/",
        {"first": "desk", "second": "phone", "news_also_by": ["sms"], "language": "nl"},
    )
    assert response.status_code == 302
    sandra.refresh_from_db()
    assert sandra.news_also_by == ["sms"]


def test_the_recorded_language_is_used_from_the_first_page_after_login():
    yusuf = _demo_person("Yusuf")  # recorded language: English
    client = Client()
    response = client.post(
        "/mijn/inloggen/", {"person": str(yusuf.pk), "assurance": "substantieel"}
    )
    assert response.cookies["django_language"].value == "en"
    assert "My overview" in client.get("/mijn/").content.decode()


def test_a_citizen_gives_a_yes_again_to_the_same_team_after_taking_it_back():
    from eenloket.consent.models import Consent

    amira = _demo_person("Amira")
    client = log_in_citizen(amira)
    mitros = Consent.objects.get(person=amira, recipient__name__icontains="Mitros", state="given")
    client.post(f"/mijn/keuzes/{mitros.pk}/intrekken/")
    choices = client.get("/mijn/keuzes/").content.decode()
    assert mitros.recipient_team_id  # the demo's yes is to Mitros's team (decision 0039)
    again = f"/mijn/keuzes/nieuw/?team={mitros.recipient_team_id}&amp;vraag={mitros.case_id}"
    assert again in choices
    form = client.get(again.replace("&amp;", "&")).content.decode()
    assert f'value="team:{mitros.recipient_team_id}" selected' in form
    response = client.post(
        "/mijn/keuzes/nieuw/",
        {
            "case": str(mitros.case_id),
            "recipient": f"team:{mitros.recipient_team_id}",
            "categories": ["income"],
            "purpose": "Een passende woning zoeken",
            "months": "3",
        },
    )
    assert response.status_code == 302
    again_given = Consent.objects.filter(person=amira, state="given")
    assert again_given.filter(recipient_team_id=mitros.recipient_team_id).exists()


def test_who_looked_counts_own_reads_pages_and_says_refusals_plainly():
    from eenloket.portal import views

    sandra = _demo_person("Sandra")
    client = log_in_citizen(sandra)
    for _ in range(3):
        client.get("/mijn/")
    other = log_in_citizen(_demo_person("Amira"))
    case = Case._base_manager.filter(person=sandra).first()
    assert other.get(f"/mijn/vragen/{case.pk}/").status_code == 404  # refused, logged
    page = client.get("/mijn/wie-keek/").content.decode()
    assert "keer naar uw eigen overzicht" in page
    assert "U zelf, in uw eigen overzicht" not in page  # counted, not listed
    assert "Mocht niet" in page and "Geen: dit mocht niet" in page
    listed = client.get("/mijn/wie-keek/?eigen=1")
    assert "U zelf, in uw eigen overzicht" in listed.content.decode()
    assert listed.context["page"].paginator.per_page == views.WHO_LOOKED_PER_PAGE
    assert listed.context["page"].paginator.num_pages >= 1
    assert client.get("/mijn/wie-keek/?pagina=999").status_code == 200  # the last page


def test_the_upload_page_says_files_are_checked_only_when_a_scanner_checks_them(settings):
    sandra = _demo_person("Sandra")
    client = log_in_citizen(sandra)
    case = Case._base_manager.filter(person=sandra).first()
    settings.EENLOKET_CLAMD = ""
    page = client.get(f"/mijn/vragen/{case.pk}/document/").content.decode()
    assert "niet op virussen gecontroleerd" in page
    assert "We controleren elk bestand op virussen" not in page
    settings.EENLOKET_CLAMD = "127.0.0.1:3310"
    page = client.get(f"/mijn/vragen/{case.pk}/document/").content.decode()
    assert "We controleren elk bestand op virussen" in page


def test_homelessness_is_a_life_event_with_health_insurance_in_the_guide():
    from django.core.management import call_command

    from eenloket.guide.selectors import guide_for

    call_command("directory", "load-reference", verbosity=0)
    case = cases.case_open(
        person=factories.PersonFactory(),
        question_verbatim="Ik slaap sinds een maand bij vrienden.",
        owning_team=factories.TeamFactory(),
        next_step="Opvang regelen",
        next_step_due=clock.today() + dt.timedelta(days=1),
        life_events=["homelessness", "leaving_detention", "divorce"],
        actor=SYSTEM,
    )
    with translation.override("nl"):
        sections = {s.label: s for s in guide_for(case)}
        titles = [e.task.display_title for s in sections.values() for e in s.entries]
    assert len(sections) == 3
    assert any("zorgverzekering" in t.lower() for t in titles)
    organisations = {e.task.organisation.name for s in sections.values() for e in s.entries}
    assert "Gemeente Utrecht" in organisations and len(organisations) >= 4
