"""The event feed: what happened to the team's handovers, as CloudEvents with a thin payload;
polled with a cursor, nothing is missed, and nothing of another organisation is seen."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from eenloket.handovers import services as handovers
from eenloket.handovers.states import State

pytestmark = pytest.mark.django_db
FEED = "/api/v1/events"


def test_a_sent_handover_is_an_event_with_a_dataref_and_no_personal_data(partner_world):
    handover = partner_world.handover()
    page = partner_world.uwv_api.get(FEED).json()
    [event] = page["items"]
    assert event["type"] == "nl.eenloket.handover.sent"
    assert event["specversion"] == "1.0" and event["subject"] == str(handover.pk)
    assert event["dataref"] == f"/api/v1/handovers/{handover.pk}"
    assert event["data"] == {
        "handover_id": str(handover.pk),
        "state": "sent",
        "direction": "incoming",
    }
    person = handover.case.person
    assert person.surname not in str(page) and person.given_names not in str(page)
    assert page["next_cursor"] == event["id"]


def test_polling_with_the_cursor_misses_nothing_even_after_access_ended(partner_world):
    handover = partner_world.handover()
    cursor = partner_world.uwv_api.get(FEED).json()["next_cursor"]
    # While the partner is "down": the sender cancels; the receiver's access to the case ends.
    handovers.handover_transition(
        handover=handover,
        target=State.CANCELLED,
        text="Toch niet nodig",
        actor=partner_world.desk_actor,
    )
    assert partner_world.uwv_api.get(f"/api/v1/handovers/{handover.pk}").status_code == 404
    page = partner_world.uwv_api.get(f"{FEED}?cursor={cursor}").json()
    assert [e["type"] for e in page["items"]] == ["nl.eenloket.handover.cancelled"]
    again = partner_world.uwv_api.get(f"{FEED}?cursor={page['next_cursor']}").json()
    assert again["items"] == [] and again["next_cursor"] == page["next_cursor"]


def test_the_sender_sees_the_receivers_answers_and_another_organisation_nothing(partner_world):
    from eenloket.api import services as api_services
    from eenloket.api.tests.conftest import SYSTEM, bearer

    _client, token = api_services.client_create(
        name="Gemeente zaaksysteem",
        team=partner_world.desk.team,
        scopes=["handovers.read"],
        actor=SYSTEM,
    )
    handover = partner_world.handover()
    partner_world.uwv_api.post(
        f"/api/v1/handovers/{handover.pk}/accept", {}, content_type="application/json"
    )
    events = bearer(token).get(FEED).json()["items"]
    assert [e["type"] for e in events] == [
        "nl.eenloket.handover.sent",
        "nl.eenloket.handover.accepted",
    ]
    assert events[1]["data"]["direction"] == "outgoing"
    assert events[1]["source"].startswith("urn:nld:")
    assert partner_world.mitros_api.get(FEED).json()["items"] == []


def test_the_feed_runs_a_fixed_number_of_queries(partner_world):
    partner_world.handover()
    partner_world.uwv_api.get(FEED)

    def count():
        with CaptureQueriesContext(connection) as queries:
            partner_world.uwv_api.get(FEED)
        return len(queries)

    few = count()
    for _ in range(4):
        partner_world.handover()

    # One more than the handovers alone: the client follows its referrals too (scope); one
    # for the rate limit's count (api/rate.py).
    assert count() == few == {"sqlite": 12, "postgresql": 12}[connection.vendor]


def test_a_bad_cursor_is_a_422(partner_world):
    response = partner_world.uwv_api.get(f"{FEED}?cursor=yesterday")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "cursor"


def test_the_source_is_the_acting_organisations_oin_or_eenloket_itself():
    from types import SimpleNamespace

    from eenloket.api.cloudevents import source

    organisation = SimpleNamespace(oin="00000001003214345000")
    team = SimpleNamespace(organisation=organisation, organisation_id="o-1")
    assert source(SimpleNamespace(by_team=team)) == "urn:nld:oin:00000001003214345000"
    organisation.oin = ""
    assert source(SimpleNamespace(by_team=team)) == "urn:nld:eenloket:organisation:o-1"
    assert source(SimpleNamespace(by_team=None)) == "urn:nld:eenloket"  # an escalation
