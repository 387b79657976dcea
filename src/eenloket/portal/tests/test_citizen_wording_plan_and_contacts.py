"""What the citizen reads of the plan and of contacts (#25): an action of theirs and a contact
in their timeline have a citizen text (a translated text chosen by key, or one written for
them), separate from the team's wording, which never reaches them."""

import datetime as dt
import json

import pytest

from eenloket.access import citizens as access
from eenloket.accounts.models import Role
from eenloket.cases import citizen_texts
from eenloket.cases import services as cases
from eenloket.cases.models import Confirmation
from eenloket.core import clock, crypto
from eenloket.core.actor import Actor
from eenloket.core.errors import DomainError
from eenloket.demo import data as demodata
from eenloket.notifications.models import Message
from eenloket.teamwork import services as teamwork
from eenloket.teamwork.models import OwnerKind
from eenloket.testing import factories
from eenloket.testing.fixtures import log_in_citizen

pytestmark = pytest.mark.django_db
SYSTEM = Actor.system("test")


@pytest.fixture
def world():
    coordinator = factories.MembershipFactory(role=Role.COORDINATOR)
    person = factories.PersonFactory(preferred_language="en", channels_preferred=["portal"])
    case = cases.case_open(
        person=person,
        question_verbatim="My benefit stopped and the letters pile up.",
        owning_team=coordinator.team,
        coordinator=coordinator.user,
        next_step="Bel mevrouw terug op 06-12345678",
        next_step_due=clock.today() + dt.timedelta(days=2),
        actor=SYSTEM,
    )
    return {"case": case, "person": person, "worker": Actor.worker(coordinator.user, coordinator)}


def test_an_action_of_the_citizen_shows_their_text_never_the_teams_wording(world):
    case, worker = world["case"], world["worker"]
    due = clock.today() + dt.timedelta(days=5)
    teamwork.action_add(
        case=case,
        what="Mw. moet CJIB-post meenemen, ze stelt het uit",
        what_citizen_key=citizen_texts.BRING_LETTERS,
        owner_kind=OwnerKind.CITIZEN,
        due_on=due,
        actor=worker,
    )
    teamwork.action_add(
        case=case,
        what="Loonstroken checken ivm WW",
        what_citizen="Please look for your payslips of the last three months.",
        owner_kind=OwnerKind.CITIZEN,
        due_on=due,
        actor=worker,
    )
    with pytest.raises(DomainError) as refused:
        teamwork.action_add(
            case=case, what="Zij belt verhuurder", owner_kind="citizen", due_on=due, actor=worker
        )
    assert refused.value.field == "what_citizen"

    page = log_in_citizen(world["person"]).get(f"/mijn/vragen/{case.pk}/").content.decode()
    # The chosen text in the citizen's language (English), the written one as written.
    assert "Bring your letters to your next appointment" in page
    assert "Please look for your payslips of the last three months." in page
    assert "CJIB-post" not in page and "Loonstroken checken" not in page


def test_a_contact_reaches_the_citizen_in_their_words_never_the_workers_summary(world):
    case, worker = world["case"], world["worker"]
    summary = "Mw. belde, klonk gestrest; schuld bij CJIB lijkt hoog. Bel je haar morgen?"
    plain = cases.contact_record(
        case=case,
        channel="phone",
        direction="incoming",
        verification="control_questions",
        summary=summary,
        actor=worker,
    )
    written = cases.contact_record(
        case=case,
        channel="desk",
        direction="incoming",
        verification="id_document",
        summary="Mw. aan de balie, brieven doorgenomen",
        summary_citizen="You came to the desk with your letters. We looked at them together.",
        actor=worker,
    )
    # What was confirmed: how it went (in English), or the text written for her.
    assert Confirmation.objects.get(contact=plain).understood == "You called us."
    assert Confirmation.objects.get(contact=written).understood.startswith("You came to the desk")
    with pytest.raises(DomainError):
        cases.contact_record(
            case=case,
            channel="phone",
            direction="incoming",
            verification="control_questions",
            summary="x",
            summary_citizen_key="no-such-text",
            actor=worker,
        )

    client = log_in_citizen(world["person"])
    page = client.get(f"/mijn/vragen/{case.pk}/").content.decode()
    assert "You called us." in page and "We looked at them together." in page
    assert "gestrest" not in page and "brieven doorgenomen" not in page
    # In the language being read: the same contact in Dutch.
    client.post("/i18n/setlang/", {"language": "nl", "next": "/mijn/"})
    page = client.get(f"/mijn/vragen/{case.pk}/").content.decode()
    assert "U belde ons." in page and "gestrest" not in page


def test_a_citizens_own_words_are_their_text(world):
    person = world["person"]
    citizen = Actor.citizen(person.pk, assurance="substantieel")
    contact = cases.contact_record(
        case=world["case"],
        channel="portal",
        direction="incoming",
        verification="digid",
        summary="I found the letter from CJIB.",
        actor=citizen,
    )
    assert citizen_texts.contact(contact, "nl") == "I found the letter from CJIB."


def test_the_demo_timeline_shows_no_workers_summary():
    demodata.load()
    sandra = next(p for p in access.demo_login_people() if p.given_names == "Sandra")
    page = log_in_citizen(sandra).get("/mijn/").content.decode()
    assert "U kwam langs in de bibliotheek met uw brieven." in page
    assert "tas vol brieven" not in page and "neem je" not in page


def test_the_reminder_of_an_overdue_action_quotes_the_citizens_text(world):
    teamwork.action_add(
        case=world["case"],
        what="Mw. schuift het op, nog eens aandringen",
        what_citizen_key=citizen_texts.CALL_US,
        owner_kind=OwnerKind.CITIZEN,
        due_on=clock.today() + dt.timedelta(days=1),
        actor=world["worker"],
    )
    with clock.frozen(clock.now() + dt.timedelta(days=3)):
        assert teamwork.actions_remind() == 1
    reminder = Message.objects.get(purpose="plan_reminder")
    context = json.loads(crypto.decrypt(reminder.context_encrypted))
    assert "Call us when you have news about your question." in context["understood"]
    assert "aandringen" not in json.dumps(context)
