"""A handover to a team that cannot act on it (issue #20, decision 0039): before sending, the
sender sees what the receiving team will see and what it needs and will not get; sending to a
team that would see no way to reach the citizen is refused with a clear message, unless the
citizen's consent is asked and given first, or the sender gives a reason."""

import datetime as dt

import pytest
from django.test import Client

from eenloket.accounts.models import Role
from eenloket.cases import services as cases
from eenloket.consent import services as consent
from eenloket.consent.models import Consent, ConsentState
from eenloket.core import clock
from eenloket.core.actor import Actor
from eenloket.core.errors import DomainError
from eenloket.directory import services as directory
from eenloket.handovers import services
from eenloket.handovers.models import HandoverEvent
from eenloket.handovers.states import State
from eenloket.notifications.models import Message
from eenloket.testing import factories
from eenloket.testing.fixtures import log_in

SYSTEM = Actor.system("test")
pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    sender = factories.MembershipFactory(role=Role.COORDINATOR)
    uwv = factories.MembershipFactory(
        role=Role.PARTNER_WORKER, team__purpose="unemployment_benefit", team__name="WW"
    )
    line = directory.contact_point_create(
        team=uwv.team,
        name="Directe lijn WW (test)",
        service_level_hours=8,
        phone="030 - 000 00 31",
        actor=SYSTEM,
    )
    case = cases.case_open(
        person=factories.PersonFactory(phone="0612345678", channels_preferred=["letter"]),
        question_verbatim="Ik heb geen werk meer.",
        owning_team=sender.team,
        coordinator=sender.user,
        next_step="Overdragen aan UWV",
        next_step_due=clock.today() + dt.timedelta(days=1),
        actor=SYSTEM,
    )
    actor = Actor.worker(sender.user, sender)
    draft = services.handover_draft(
        case=case,
        contact_point=line,
        question="Kunnen jullie helpen met de WW-aanvraag?",
        why_this_organisation="UWV gaat over de WW.",
        asked="Bel haar en help met de aanvraag.",
        actor=actor,
    )
    return {"sender": actor, "membership": sender, "uwv": uwv, "case": case, "draft": draft}


def test_sending_to_a_team_that_cannot_reach_the_citizen_is_refused_with_a_clear_message(world):
    with pytest.raises(DomainError) as refused:
        services.handover_send(handover=world["draft"], actor=world["sender"])
    assert "WW" in refused.value.message and "contact" in refused.value.message
    assert refused.value.field == "reason_without_contact"
    with pytest.raises(DomainError):  # a reason must say something
        services.handover_send(
            handover=world["draft"], actor=world["sender"], reason_without_contact="spoed"
        )


def test_with_a_reason_it_goes_and_the_reason_stays_in_the_history(world):
    reason = "UWV belt de balie terug; zij heeft geen telefoon."
    sent = services.handover_send(
        handover=world["draft"], actor=world["sender"], reason_without_contact=reason
    )
    assert sent.state == State.SENT
    assert HandoverEvent.objects.filter(handover=sent, target=State.SENT, text=reason).exists()


def test_asking_the_citizen_for_consent_reaches_them_and_their_yes_lets_it_go(world):
    before = Message.objects.count()
    asked = services.handover_ask_consent(handover=world["draft"], actor=world["sender"])
    assert asked.state == ConsentState.REQUESTED
    assert asked.recipient_team == world["uwv"].team
    assert sorted(asked.categories) == ["case_notes", "contact"]
    assert Message.objects.count() > before  # on the citizen's own channel
    assert HandoverEvent.objects.filter(handover=world["draft"], kind="consent_asked").exists()
    consent.consent_decide(
        consent=Consent.objects.get(pk=asked.pk),
        given=True,
        recorded_via="portal",
        actor=Actor.citizen(world["case"].person_id, assurance="substantieel"),
    )
    sent = services.handover_send(handover=world["draft"], actor=world["sender"])
    assert sent.shared["contact"].startswith("consent:")


def test_the_send_screen_shows_what_the_receiver_will_see_and_asks_for_the_reason(world):
    client = log_in(Client(), world["membership"].user)
    url = f"/werk/overdrachten/{world['draft'].pk}/"
    page = client.get(url).content.decode()
    assert "WW zal zien" in page or "What WW will see" in page
    assert 'value="ask_consent"' in page
    refused = client.post(url, {"action": "send"})
    assert refused.status_code == 400
    assert "contact" in refused.content.decode()
    client.post(url, {"action": "ask_consent"})
    assert Consent.objects.filter(recipient_team=world["uwv"].team, state="requested").exists()
