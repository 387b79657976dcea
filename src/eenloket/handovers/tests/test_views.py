"""Scenario 05 through the screens: a handover declined with a reason and a suggestion, back
with the sender, re-routed, the citizen told; the inbox in a fixed number of queries."""

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from eenloket.accounts.models import Role
from eenloket.cases import services as cases
from eenloket.core import clock
from eenloket.core.actor import Actor
from eenloket.directory import services as directory
from eenloket.handovers.models import Handover
from eenloket.handovers.states import State
from eenloket.notifications.models import Message
from eenloket.testing import factories
from eenloket.testing.fixtures import log_in

SYSTEM = Actor.system("test")
pytestmark = pytest.mark.django_db


def _line(name, phone):
    member = factories.MembershipFactory(role=Role.PARTNER_WORKER)
    point = directory.contact_point_create(
        team=member.team, name=name, service_level_hours=8, phone=phone, actor=SYSTEM
    )
    return member, point


@pytest.fixture
def world():
    sender = factories.MembershipFactory(role=Role.COORDINATOR)
    uwv, uwv_line = _line("Directe lijn WW (test)", "030 - 000 00 21")
    svb, svb_line = _line("Directe lijn kinderbijslag (test)", "030 - 000 00 22")
    case = cases.case_open(
        person=factories.PersonFactory(channels_preferred=["letter"], city="Utrecht"),
        question_verbatim="Mijn kinderbijslag is gestopt.",
        owning_team=sender.team,
        coordinator=sender.user,
        next_step="Overdragen",
        next_step_due=clock.today() + dt.timedelta(days=1),
        actor=SYSTEM,
    )
    for line in (uwv_line, svb_line):  # so the receivers can reach the citizen
        factories.consent_to_team(case, line.team)
    return {
        "sender": log_in(Client(), sender.user),
        "uwv": log_in(Client(), uwv.user),
        "svb": log_in(Client(), svb.user),
        "uwv_line": uwv_line,
        "svb_line": svb_line,
        "case": case,
    }


def test_scenario_05_declined_back_with_the_sender_rerouted_and_the_citizen_told(world):
    case = world["case"]
    sender = world["sender"]
    new = f"/werk/zaken/{case.pk}/overdragen/"
    assert sender.get(new).status_code == 200
    assert sender.post(new, {"contact_point": str(world["uwv_line"].pk)}).status_code == 400
    response = sender.post(
        new,
        {
            "contact_point": str(world["uwv_line"].pk),
            "question": "Haar kinderbijslag is gestopt. Kunnen jullie kijken waarom?",
            "why_this_organisation": "Uitkeringen",
            "asked": "Bel haar en zoek uit waarom.",
            "urgency": "normal",
        },
    )
    assert response.status_code == 302
    handover = Handover.objects.get(case=case)
    url = f"/werk/overdrachten/{handover.pk}/"
    assert sender.post(url, {"action": "send"}).status_code == 302
    handover.refresh_from_db()
    assert handover.state == State.SENT

    # The UWV worker sees it, declines it without a reason (refused), then with one.
    assert "Directe lijn WW" in world["uwv"].get("/werk/overdrachten/").content.decode()
    assert world["uwv"].post(url, {"action": "decline"}).status_code == 400
    assert world["uwv"].post(url, {"action": "send"}).status_code == 302  # not theirs: refused
    declined = world["uwv"].post(
        url,
        {
            "action": "decline",
            "decline-reason_code": "not_our_task",
            "decline-text": "Kinderbijslag is SVB",
            "decline-suggested": str(world["svb_line"].pk),
        },
    )
    assert declined.status_code == 302
    handover.refresh_from_db()
    assert handover.state == State.DECLINED
    assert handover.suggested_contact_point_id == world["svb_line"].pk
    assert world["uwv"].get(url).status_code == 404  # access ended with the decline

    # Back with the sender: in the inbox and as the case's next step.
    inbox = sender.get("/werk/overdrachten/").content.decode()
    assert "Kinderbijslag is SVB" in inbox
    case.refresh_from_db()
    assert "Directe lijn WW" in case.next_step
    told = Message.objects.filter(recipient_ref=str(case.person_id)).count()
    rerouted = sender.post(
        url, {"action": "reroute", "reroute-contact_point": str(world["svb_line"].pk)}
    )
    assert rerouted.status_code == 302
    new_handover = Handover.objects.get(rerouted_from=handover)
    assert new_handover.state == State.SENT
    assert Message.objects.filter(recipient_ref=str(case.person_id)).count() == told + 1
    assert "Kinderbijslag is SVB" not in sender.get("/werk/overdrachten/").content.decode()

    # The SVB accepts; the citizen is told again.
    new_url = f"/werk/overdrachten/{new_handover.pk}/"
    with CaptureQueriesContext(connection) as accepting:
        assert world["svb"].post(new_url, {"action": "accept"}).status_code == 302
    # Accepting needs no direct line: the country's lines to choose from are not read.
    assert not [
        q for q in accepting.captured_queries if 'FROM "directory_contactpoint"' in q["sql"]
    ]
    new_handover.refresh_from_db()
    assert new_handover.state == State.ACCEPTED
    assert Message.objects.filter(recipient_ref=str(case.person_id)).count() == told + 2
    page = sender.get(f"/werk/zaken/{case.pk}/?deel=overdrachten").content.decode()
    assert "Directe lijn kinderbijslag" in page


def test_the_inbox_runs_a_fixed_number_of_queries(world, django_assert_num_queries):
    from django.db import connection

    from eenloket.handovers import services

    def send_one():
        sender = world["case"].owning_team
        member = sender.memberships.first()
        actor = Actor.worker(member.user, member)
        handover = services.handover_draft(
            case=world["case"],
            contact_point=world["uwv_line"],
            question="Vraag",
            why_this_organisation="Waarom",
            asked="Wat",
            actor=actor,
        )
        services.handover_send(handover=handover, actor=actor)

    send_one()
    world["uwv"].get("/werk/overdrachten/")
    queries = INBOX_QUERIES[connection.vendor]
    with django_assert_num_queries(queries):
        world["uwv"].get("/werk/overdrachten/")
    for _ in range(3):
        send_one()
    with django_assert_num_queries(queries):
        response = world["uwv"].get("/werk/overdrachten/")
    assert len(response.context["box"].incoming) == 4


INBOX_QUERIES = {"sqlite": 16, "postgresql": 16}


def test_one_worker_accepting_in_two_windows_hears_the_second_time_it_was_already_done(world):
    """#26: two sessions of the same worker accepting the same handover were both told
    "Saved."; the second now hears that it was already accepted, and by whom and when."""
    sender = world["sender"]
    sender.post(
        f"/werk/zaken/{world['case'].pk}/overdragen/",
        {
            "contact_point": str(world["uwv_line"].pk),
            "question": "Kunnen jullie kijken?",
            "why_this_organisation": "Uitkeringen",
            "asked": "Bel haar.",
            "urgency": "normal",
        },
    )
    handover = Handover.objects.get(case=world["case"])
    sender.post(f"/werk/overdrachten/{handover.pk}/", {"action": "send"})
    worker = Handover.objects.get(pk=handover.pk).contact_point.team.memberships.get().user
    first, second = log_in(Client(), worker), log_in(Client(), worker)
    url = f"/werk/overdrachten/{handover.pk}/"
    assert "Aannemen" in second.get(url).content.decode()  # the second window is open
    done = first.post(url, {"action": "accept"}, follow=True)
    assert "Opgeslagen." in done.content.decode()
    late = second.post(url, {"action": "accept"}, follow=True)
    page = late.content.decode()
    assert "Opgeslagen." not in page
    assert "U had deze overdracht al aangenomen" in page
    assert Handover.objects.get(pk=handover.pk).events.filter(target=State.ACCEPTED).count() == 1


def test_send_now_drafts_and_sends_the_handover_in_one_post(world):
    from eenloket.handovers.models import Handover

    case = world["case"]
    new = f"/werk/zaken/{case.pk}/overdragen/"
    values = {
        "contact_point": str(world["uwv_line"].pk),
        "question": "Haar kinderbijslag is gestopt. Kunnen jullie kijken waarom?",
        "why_this_organisation": "Uitkeringen",
        "asked": "Bel haar en zoek uit waarom.",
        "urgency": "normal",
        "send_now": "1",
    }
    response = world["sender"].post(new, values)
    assert response.status_code == 302 and response["Location"].endswith("?deel=overdrachten")
    handover = Handover.objects.get(case=case)
    assert handover.state == "sent" and handover.due_at is not None
    # The page offers it: one post from the form to a sent handover.
    assert 'name="send_now"' in world["sender"].get(new).content.decode()
