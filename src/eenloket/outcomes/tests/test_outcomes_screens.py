"""Closing with the outcome per need on the case page, and the citizen's answer to "did we help
you?" in the portal (plain Dutch) or written down by a worker (docs/insights.md)."""

import datetime as dt

import pytest
from django.test import Client

from eenloket.accounts.models import Role
from eenloket.cases import services as cases
from eenloket.core import clock
from eenloket.core.actor import Actor
from eenloket.insights.models import CaseFact
from eenloket.outcomes.models import NeedOutcome, Verdict
from eenloket.testing import factories
from eenloket.testing.fixtures import log_in

pytestmark = pytest.mark.django_db
SYSTEM = Actor.system("test")


@pytest.fixture
def world(client):
    coordinator = factories.MembershipFactory(role=Role.COORDINATOR)
    person = factories.PersonFactory(channels_preferred=["portal"])
    case = cases.case_open(
        person=person,
        question_verbatim="Ik heb hulp nodig met mijn inkomen.",
        owning_team=coordinator.team,
        coordinator=coordinator.user,
        next_step="Bellen",
        next_step_due=clock.today() + dt.timedelta(days=2),
        needs=["income", "housing"],
        actor=SYSTEM,
    )
    log_in(client, coordinator.user)
    return {"coordinator": coordinator, "person": person, "case": case, "client": client}


def _close(client, case, **needs):
    return client.post(
        f"/werk/zaken/{case.pk}/status/closed/",
        {
            "close-version": case.version,
            "close-outcome": "resolved",
            "close-note": "",
            **{f"close-need_{k}": v for k, v in needs.items()},
        },
        follow=True,
    )


def test_closing_asks_the_outcome_of_every_need_and_then_the_citizen_answers_in_the_portal(
    world,
):
    client, case = world["client"], world["case"]
    page = client.get(f"/werk/zaken/{case.pk}/").content.decode()
    assert "close-need_income" in page and "close-need_housing" in page
    refused = _close(client, case, income="solved")
    assert "Wonen" in refused.content.decode() or "Housing" in refused.content.decode()
    assert not NeedOutcome.objects.exists()
    _close(client, case, income="solved", housing="not_solved")
    assert dict(NeedOutcome.objects.values_list("need", "outcome")) == {
        "income": "solved",
        "housing": "not_solved",
    }
    assert Verdict.objects.get().answer == ""

    citizen = Client()
    citizen.post(
        "/mijn/inloggen/", {"person": str(world["person"].pk), "assurance": "substantieel"}
    )
    own = citizen.get(f"/mijn/vragen/{case.pk}/").content.decode()
    assert "Hebben wij u geholpen?" in own or "Did we help you?" in own
    empty = citizen.post(f"/mijn/vragen/{case.pk}/", {"answer": ""})
    assert empty.status_code == 200 and Verdict.objects.get().answer == ""
    citizen.post(
        f"/mijn/vragen/{case.pk}/", {"answer": "partly", "comment": "Het wonen is nog lastig."}
    )
    verdict = Verdict.objects.get()
    assert (verdict.answer, verdict.answered_via) == ("partly", "portal")
    assert CaseFact.objects.get().verdict == "partly"
    again = citizen.post(f"/mijn/vragen/{case.pk}/", {"answer": "yes"})
    assert again.status_code == 404 and Verdict.objects.get().answer == "partly"
    # The worker sees the answer on the case page, in the citizen's words.
    assert "Het wonen is nog lastig." in client.get(f"/werk/zaken/{case.pk}/").content.decode()


def test_a_worker_writes_down_an_answer_given_at_the_desk(world):
    client, case = world["client"], world["case"]
    _close(client, case, income="solved", housing="no_longer_needed")
    missing = client.post(f"/werk/zaken/{case.pk}/oordeel/", {"verdict-answer": "yes"})
    assert missing.status_code == 302 and Verdict.objects.get().answer == ""
    client.post(f"/werk/zaken/{case.pk}/oordeel/", {"verdict-answer": "yes", "verdict-via": "desk"})
    assert Verdict.objects.get().answered_via == "desk"
    assert CaseFact.objects.get().verdict_channel == "desk"
