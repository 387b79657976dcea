"""The team, plan, conversation and breakthrough screens: bad input explained and kept, and
only those who may act can act."""

import datetime as dt

import pytest
from django.test import Client

from eenloket.accounts.models import Role
from eenloket.cases import services as cases
from eenloket.core import clock
from eenloket.core.actor import Actor
from eenloket.teamwork import services
from eenloket.teamwork.models import Action, Breakthrough, Invitation, Member, TeamNote
from eenloket.testing import factories
from eenloket.testing.fixtures import log_in

SYSTEM = Actor.system("test")
pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    coordinator = factories.MembershipFactory(role=Role.COORDINATOR)
    other = factories.MembershipFactory(role=Role.PARTNER_WORKER)
    case = cases.case_open(
        person=factories.PersonFactory(),
        question_verbatim="Mijn zaak loopt vast.",
        owning_team=coordinator.team,
        coordinator=coordinator.user,
        next_step="Team vormen",
        next_step_due=clock.today() + dt.timedelta(days=2),
        actor=SYSTEM,
    )
    return {
        "case": case,
        "coordinator": coordinator,
        "other": other,
        "client": log_in(Client(), coordinator.user),
        "other_client": log_in(Client(), other.user),
    }


def test_inviting_joining_and_leaving_through_the_screens(world):
    case, client = world["case"], world["client"]
    url = f"/werk/zaken/{case.pk}/team/uitnodigen/"
    bad = client.post(url, {"team": "", "role_on_case": "Bbz-consulent"})
    assert bad.status_code == 400 and 'value="Bbz-consulent"' in bad.content.decode()
    ok = client.post(url, {"team": str(world["other"].team.pk), "role_on_case": "Bbz-consulent"})
    assert ok.status_code == 302
    invitation = Invitation.objects.get(case=case)
    other = world["other_client"]
    assert "Meedoen" in other.get("/werk/overdrachten/").content.decode()
    assert other.get(f"/werk/zaken/{case.pk}/").status_code == 404  # not yet
    unclear = other.post(f"/werk/uitnodigingen/{invitation.pk}/", {"answer": "maybe"})
    assert unclear.status_code == 302
    invitation.refresh_from_db()
    assert invitation.state == "invited"  # an unclear answer neither joins nor declines
    joined = other.post(f"/werk/uitnodigingen/{invitation.pk}/", {"answer": "accept"})
    assert joined.status_code == 302
    assert other.get(f"/werk/zaken/{case.pk}/").status_code == 200
    member = Member.objects.get(case=case, user=world["other"].user)
    left = other.post(f"/werk/zaken/{case.pk}/team/{member.pk}/eraf/")
    assert left.status_code == 302
    assert other.get(f"/werk/zaken/{case.pk}/").status_code == 404


def test_plan_notes_and_breakthrough_refuse_bad_input_clearly(world):
    case, client = world["case"], world["client"]
    plan = f"/werk/zaken/{case.pk}/plan/nieuw/"
    missing_worker = client.post(
        plan, {"what": "Bellen", "owner_kind": "worker", "due_on": clock.today().isoformat()}
    )
    assert missing_worker.status_code == 400
    assert "Kies de medewerker" in missing_worker.content.decode()
    ok = client.post(
        plan,
        {
            "what": "U belt de verhuurder",
            "what_citizen": "U belt de verhuurder.",
            "owner_kind": "citizen",
            "due_on": clock.today().isoformat(),
            "agreed_with_citizen": "on",
        },
    )
    assert ok.status_code == 302
    action = Action.objects.get(case=case)
    assert action.agreed_with_citizen
    client.post(f"/werk/zaken/{case.pk}/plan/{action.pk}/", {"state": "done"})
    action.refresh_from_db()
    assert action.state == "done"
    assert client.post(f"/werk/zaken/{case.pk}/team/bericht/", {"text": ""}).status_code == 400
    client.post(f"/werk/zaken/{case.pk}/team/bericht/", {"text": "Morgen overleg?"})
    assert TeamNote.objects.filter(case=case).count() == 1
    table = services.table_create(
        name="Tafel (test)", members=[world["coordinator"].user], actor=SYSTEM
    )
    url = f"/werk/zaken/{case.pk}/doorbraak/"
    coded = {
        "regulation": "participatiewet",
        "kind": "law",
        "organisation": str(case.owning_team.organisation_id),
        "effect": "no_income",
    }
    without_codes = client.post(
        url, {"table": str(table.pk), "question": "V", "blocker": "B", "proposal": "P"}
    )
    assert without_codes.status_code == 400  # the signal's codes are asked, not guessed
    assert "Kies de regeling" in without_codes.content.decode()
    with_bsn = client.post(
        url,
        {
            "table": str(table.pk),
            "question": "Vraag",
            "blocker": "Persoon met BSN 123456782",
            "proposal": "Voorstel",
            **coded,
        },
    )
    assert with_bsn.status_code == 400 and "signaal" in with_bsn.content.decode()
    assert not Breakthrough.objects.exists()
    client.post(
        url,
        {
            "table": str(table.pk),
            "question": "Vraag",
            "blocker": "Twee regels botsen",
            "proposal": "Voorstel",
            **coded,
        },
    )
    breakthrough = Breakthrough.objects.get()
    no_reasons = client.post(
        "/werk/doorbraak/",
        {"breakthrough": str(breakthrough.pk), f"{breakthrough.pk}-decision": "agreed"},
    )
    assert no_reasons.status_code == 400
    assert world["other_client"].get("/werk/doorbraak/").status_code == 200
    assert (
        "Twee regels botsen" not in world["other_client"].get("/werk/doorbraak/").content.decode()
    )
