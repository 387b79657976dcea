"""A handover's start date and label in the API (decision 0046): the label follows the same
team-and-purpose rule as on the screens; a partner sets both when it re-routes."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from eenloket.access import api as rules
from eenloket.access import handovers as handover_access
from eenloket.api import services as api_services
from eenloket.api.tests.conftest import SYSTEM, bearer
from eenloket.api.webhooks import client_actor
from eenloket.core import clock
from eenloket.handovers import services as handovers
from eenloket.handovers.models import Handover

pytestmark = pytest.mark.django_db
LIST = "/api/v1/handovers"


def labelled(world, about: str, starts_on=None) -> Handover:
    """A handover to UWV whose messages are ``about`` (UWV has her consent for contact and
    income only)."""
    sent = world.handover(send=False)
    draft = handovers.handover_draft(
        case=sent.case,
        contact_point=world.uwv_line,
        question="Kunnen jullie helpen?",
        why_this_organisation="WW",
        asked="Bel haar.",
        about=about,
        starts_on=starts_on,
        actor=world.desk_actor,
    )
    return handovers.handover_send(handover=draft, actor=world.desk_actor)


def test_the_receiver_sees_a_label_it_may_see_and_not_one_it_may_not(partner_world):
    start = clock.today() + dt.timedelta(days=10)
    income = labelled(partner_world, "income", starts_on=start)
    health = labelled(partner_world, "health")
    everyone = labelled(partner_world, "team")
    listed = {h["id"]: h for h in partner_world.uwv_api.get(LIST).json()["items"]}
    assert listed[str(income.pk)]["about"] == "income"
    assert listed[str(income.pk)]["starts_on"] == start.isoformat()
    assert listed[str(health.pk)]["about"] is None  # no basis for health: not even the label
    assert listed[str(everyone.pk)]["about"] == "team"
    for handover in (income, health, everyone):  # the one read says the same as the list
        one = partner_world.uwv_api.get(f"{LIST}/{handover.pk}").json()
        assert one["about"] == listed[str(handover.pk)]["about"]
        assert one["starts_on"] == listed[str(handover.pk)]["starts_on"]
    # The sending team wrote it: it always sees its own label.
    sender = rules.handover_labels(partner_world.desk_actor, [health])
    assert sender == {health.pk: "health"}
    health.case = handover_access.case_for(partner_world.desk_actor, health.case_id)
    assert handover_access.label_of(partner_world.desk_actor, health) == "health"


def test_labels_cost_two_queries_a_page_whatever_its_size(partner_world):
    labelled(partner_world, "health")
    partner_world.uwv_api.get(LIST)  # the token's last use is noted once a minute at most

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert partner_world.uwv_api.get(LIST).status_code == 200
        return len(queries)

    few = count()
    # The list's pinned count (test_handovers) and two for the labels: the statutory bases of
    # the team's purpose and the persons' consents.
    assert few == {"sqlite": 13, "postgresql": 13}[connection.vendor]
    for about in ("health", "income", "debts", "housing"):
        labelled(partner_world, about)
    assert count() == few


def test_the_sender_sets_the_label_and_start_date_when_it_reroutes(partner_world):
    _client, token = api_services.client_create(
        name="Gemeente zaaksysteem",
        team=partner_world.desk.team,
        scopes=["handovers.read", "handovers.write"],
        actor=SYSTEM,
    )
    desk_api = bearer(token)
    handover = labelled(partner_world, "income")
    handovers.handover_transition(
        handover=handover,
        target="declined",
        reason_code="not_our_task",
        actor=client_actor(partner_world.uwv_client),
    )
    url = f"{LIST}/{handover.pk}/reroute"
    body = {
        "contact_point_id": str(partner_world.mitros_line.pk),
        "reason_without_contact": "Zij belt Mitros zelf; dat spraken we met haar af.",
        "about": "housing",
        "starts_on": (clock.today() - dt.timedelta(days=1)).isoformat(),
    }
    past = desk_api.post(url, body, content_type="application/json")
    assert past.status_code == 422 and past.json()["errors"][0]["field"] == "starts_on"
    body["about"] = "horoscope"
    body["starts_on"] = (clock.today() + dt.timedelta(days=3)).isoformat()
    unknown = desk_api.post(url, body, content_type="application/json")
    assert unknown.status_code == 422 and unknown.json()["errors"][0]["field"] == "about"
    body["about"] = "housing"
    moved = desk_api.post(url, body, content_type="application/json")
    assert moved.status_code == 201, moved.content
    new = desk_api.get(f"{LIST}/{moved.json()['id']}").json()
    assert new["about"] == "housing" and new["starts_on"] == body["starts_on"]
