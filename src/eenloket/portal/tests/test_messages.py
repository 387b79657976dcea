"""Messages in Mijn overzicht: a worker writes, the outbox delivers a portal copy, the citizen
reads it (marked read) and answers; the answer lands on the case with a next step. Shared
channels carry only the news. Another person's message is "not found". Query count pinned."""

import datetime as dt

import pytest
from django.db import connection
from django.test import Client

from eenloket.accounts.models import Role
from eenloket.cases import services as cases
from eenloket.cases.models import Case, Confirmation, Contact
from eenloket.core import clock
from eenloket.core.actor import Actor
from eenloket.core.errors import DomainError
from eenloket.notifications import outbox
from eenloket.notifications.models import Message, PortalMessage
from eenloket.testing import factories
from eenloket.testing.fixtures import log_in, log_in_citizen

pytestmark = pytest.mark.django_db
SYSTEM = Actor.system("test")
# PostgreSQL checks the log partitions once per log (audit/chain.py), as on the overview.
LIST_QUERIES = {"sqlite": 11, "postgresql": 11}


@pytest.fixture
def world():
    coordinator = factories.MembershipFactory(role=Role.COORDINATOR)
    sandra = factories.PersonFactory(channels_preferred=["portal"], email="sandra@example.org")
    other = factories.PersonFactory(channels_preferred=["portal"])

    def _case(person, question):
        return cases.case_open(
            person=person,
            question_verbatim=question,
            owning_team=coordinator.team,
            coordinator=coordinator.user,
            next_step="Wij bellen u terug",
            next_step_due=clock.today() + dt.timedelta(days=2),
            actor=SYSTEM,
        )

    return {
        "coordinator": coordinator,
        "worker": Actor.worker(coordinator.user, coordinator),
        "sandra": sandra,
        "other": other,
        "mine": _case(sandra, "Ik heb een brief van het CJIB."),
        "theirs": _case(other, "Iets heel anders."),
    }


def _write(world, subject="Uw brief van het CJIB", text="Wij hebben het CJIB gebeld."):
    case = Case._base_manager.get(pk=world["mine"].pk)
    contact = cases.citizen_write(case=case, subject=subject, text=text, actor=world["worker"])
    outbox.send_due("test")
    return contact


def test_a_worker_writes_the_citizen_reads_and_answers_and_the_team_gets_a_next_step(world):
    worker = log_in(Client(), world["coordinator"].user)
    case_url = f"/werk/zaken/{world['mine'].pk}/"
    assert "Schrijf de inwoner" in worker.get(case_url).content.decode()
    assert worker.get(case_url + "bericht/").status_code == 200
    sent = worker.post(
        case_url + "bericht/",
        {
            "subject": "Uw brief van het CJIB",
            "text": "Wij hebben het CJIB gebeld. Het is geregeld.",
        },
    )
    assert sent.status_code == 302
    written = Contact.objects.get(case=world["mine"], direction="outgoing")
    assert written.channel == "portal" and "CJIB gebeld" in written.summary
    assert (
        "Uw brief van het CJIB" in worker.get(case_url + "?deel=tijdlijn").content.decode()
    )  # the timeline
    message = Message.objects.get(purpose="citizen_message")
    assert message.case_ref == str(world["mine"].pk) and message.channels[0] == "portal"

    outbox.send_due("test")
    copy = PortalMessage.objects.get(message=message)
    assert copy.subject == "Uw brief van het CJIB" and "Het is geregeld." in copy.body
    assert copy.case_ref == str(world["mine"].pk) and copy.read_at is None

    client = log_in_citizen(world["sandra"])
    overview = client.get("/mijn/").content.decode()
    assert "U hebt 1 nieuw bericht" in overview
    listing = client.get("/mijn/berichten/").content.decode()
    assert (
        "Nieuw" in listing and "Uw brief van het CJIB" in listing and "Over uw vraag van" in listing
    )
    page = client.get(f"/mijn/berichten/{copy.pk}/")
    assert page.status_code == 200 and "Het is geregeld." in page.content.decode()
    copy.refresh_from_db()
    assert copy.read_at is not None
    assert "nieuw bericht" not in client.get("/mijn/").content.decode()

    assert client.post(f"/mijn/berichten/{copy.pk}/", {"text": ""}).status_code == 400
    assert client.post(f"/mijn/berichten/{copy.pk}/", {"text": "x" * 2001}).status_code == 400
    answered = client.post(f"/mijn/berichten/{copy.pk}/", {"text": "Dank u, dat scheelt veel."})
    assert answered.status_code == 302
    answer = Contact.objects.get(case=world["mine"], direction="incoming", channel="portal")
    assert answer.summary == "Antwoord op “Uw brief van het CJIB”: Dank u, dat scheelt veel."
    assert answer.verification == "digid"
    case = Case._base_manager.get(pk=world["mine"].pk)
    assert case.next_step == "Lees het antwoord van de inwoner in Mijn overzicht en reageer"
    assert case.next_step_due > clock.today()
    # The answer is confirmed to the citizen, as any contact is.
    assert Confirmation.objects.filter(contact=answer).exists()


def test_email_and_sms_carry_only_that_there_is_a_message(world, smtp_server):
    world["sandra"].channels_preferred = ["email"]
    world["sandra"].shared_channels_may_carry_detail = False
    world["sandra"].save()
    _write(
        world,
        subject="Uw schuld bij het CJIB",
        text="U hoeft de boete van 250 euro niet te betalen.",
    )
    [mail] = smtp_server.messages
    assert mail["Subject"] == "Nieuw bericht van eenloket"
    body = mail.get_payload(decode=True).decode()
    assert "Mijn overzicht" in body and "250 euro" not in body and "CJIB" not in body


def test_email_carries_the_message_when_the_citizen_allowed_detail(world, smtp_server):
    world["sandra"].channels_preferred = ["email"]
    world["sandra"].shared_channels_may_carry_detail = True
    world["sandra"].save()
    _write(world, subject="Uw schuld bij het CJIB", text="U hoeft de boete niet te betalen.")
    [mail] = smtp_server.messages
    assert mail["Subject"] == "Uw schuld bij het CJIB"
    assert "boete niet te betalen" in mail.get_payload(decode=True).decode()


def test_another_persons_message_is_not_found_and_stays_unread(world):
    _write(world)
    copy = PortalMessage.objects.get()
    client = log_in_citizen(world["other"])
    for method in ("get", "post"):
        response = getattr(client, method)(f"/mijn/berichten/{copy.pk}/", {"text": "Hallo"})
        assert response.status_code == 404
        assert "CJIB" not in response.content.decode()
    assert client.get("/mijn/berichten/00000000-0000-0000-0000-000000000000/").status_code == 404
    assert "CJIB" not in client.get("/mijn/berichten/").content.decode()
    copy.refresh_from_db()
    assert copy.read_at is None
    assert not Contact.objects.filter(case=world["mine"], direction="incoming").exists()


def test_a_message_about_a_closed_question_cannot_be_answered_there(world):
    _write(world)
    copy = PortalMessage.objects.get()
    cases.case_close(
        case=Case._base_manager.get(pk=world["mine"].pk),
        outcome="resolved",
        note="Klaar",
        expected_version=Case._base_manager.get(pk=world["mine"].pk).version,
        actor=world["worker"],
    )
    client = log_in_citizen(world["sandra"])
    page = client.get(f"/mijn/berichten/{copy.pk}/").content.decode()
    assert "Mijn antwoord sturen" not in page and "Stel een vraag" in page
    refused = client.post(f"/mijn/berichten/{copy.pk}/", {"text": "Toch nog iets"})
    assert refused.status_code == 400
    assert not Contact.objects.filter(case=world["mine"], direction="incoming").exists()


def test_writing_needs_a_subject_and_a_text_and_a_worker(world):
    case = Case._base_manager.get(pk=world["mine"].pk)
    for subject, text, field in [
        ("", "Tekst", "subject"),
        ("Onderwerp", " ", "text"),
        ("x" * 151, "T", "subject"),
    ]:
        with pytest.raises(DomainError) as error:
            cases.citizen_write(case=case, subject=subject, text=text, actor=world["worker"])
        assert error.value.field == field
    with pytest.raises(DomainError):
        cases.citizen_write(
            case=case,
            subject="Hallo",
            text="Tekst",
            actor=Actor.citizen(world["sandra"].pk, assurance="substantieel"),
        )
    worker = log_in(Client(), world["coordinator"].user)
    empty = worker.post(f"/werk/zaken/{world['mine'].pk}/bericht/", {"subject": "", "text": ""})
    assert (
        empty.status_code == 400 and not Message.objects.filter(purpose="citizen_message").exists()
    )


def test_a_partner_without_a_basis_for_contact_details_cannot_write(world):
    partner = factories.MembershipFactory(role=Role.FRONTLINE_WORKER)
    cases.case_add_team(case=world["mine"], team=partner.team, actor=SYSTEM)
    worker = log_in(Client(), partner.user)
    url = f"/werk/zaken/{world['mine'].pk}/bericht/"
    assert worker.get(url).status_code == 404
    assert worker.post(url, {"subject": "Hoi", "text": "Tekst"}).status_code == 404
    assert not Message.objects.filter(purpose="citizen_message").exists()


def test_the_message_list_runs_a_fixed_number_of_queries(world, django_assert_num_queries):
    _write(world)
    client = log_in_citizen(world["sandra"])
    client.get("/mijn/berichten/")
    with django_assert_num_queries(LIST_QUERIES[connection.vendor]):
        client.get("/mijn/berichten/")
    second = cases.case_open(
        person=world["sandra"],
        question_verbatim="Nog een vraag",
        owning_team=world["coordinator"].team,
        next_step="Bellen",
        next_step_due=clock.today() + dt.timedelta(days=2),
        actor=SYSTEM,
    )
    for n in range(3):
        cases.citizen_write(
            case=second, subject=f"Bericht {n}", text="Tekst", actor=world["worker"]
        )
    outbox.send_due("test")
    with django_assert_num_queries(LIST_QUERIES[connection.vendor]):
        response = client.get("/mijn/berichten/")
    assert len(response.context["groups"]) == 2
    assert [m.subject for m in response.context["groups"][0][1]] == [
        "Bericht 2",
        "Bericht 1",
        "Bericht 0",
    ]
