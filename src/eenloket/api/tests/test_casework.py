"""Contacts and the plan of a handover's case through /api/v1/."""

import datetime as dt

import pytest

from eenloket.cases.models import Contact
from eenloket.core import clock
from eenloket.core.actor import Actor
from eenloket.teamwork import services as teamwork
from eenloket.teamwork.models import Action

pytestmark = pytest.mark.django_db

CONTACT = {
    "channel": "phone",
    "direction": "outgoing",
    "verification": "callback",
    "summary": "Gebeld over de WW-aanvraag; formulier samen ingevuld.",
}


def post(api, url, data):
    return api.post(url, data, content_type="application/json")


def test_the_receiver_records_a_contact_on_the_case(partner_world):
    handover = partner_world.handover()
    response = post(partner_world.uwv_api, f"/api/v1/handovers/{handover.pk}/contacts", CONTACT)
    assert response.status_code == 201, response.content
    contact = Contact.objects.get(pk=response.json()["id"])
    assert contact.case_id == handover.case_id and contact.summary.startswith("Gebeld")
    assert contact.recorded_by == partner_world.uwv_client.user
    assert contact.team == partner_world.uwv_team


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"summary": ""}, "summary"),
        ({"channel": "pigeon"}, "channel"),
        ({"verification": "not_needed"}, "verification"),
        ({"occurred_at": "2026-01-01T10:00:00"}, "occurred_at"),
        ({"occurred_at": "0359-08-15T07:34:14+21:38"}, "occurred_at"),
        ({"occurred_at": "0001-01-01T00:00:00+21:00"}, "occurred_at"),
    ],
)
def test_a_bad_contact_gets_a_422_naming_the_field(partner_world, change, field):
    handover = partner_world.handover()
    response = post(
        partner_world.uwv_api, f"/api/v1/handovers/{handover.pk}/contacts", CONTACT | change
    )
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == [field]
    assert not Contact.objects.filter(case=handover.case, summary__startswith="Gebeld").exists()


def test_a_moment_with_any_offset_is_kept_as_the_same_moment_in_utc(partner_world):
    """PostgreSQL stores offsets up to ±15:59; JSON allows ±23:59 (a 500 before)."""
    handover = partner_world.handover()
    odd = "2026-01-01T10:00:00+21:38"
    response = post(
        partner_world.uwv_api,
        f"/api/v1/handovers/{handover.pk}/contacts",
        CONTACT | {"occurred_at": odd},
    )
    assert response.status_code == 201, response.content
    stored = Contact.objects.get(pk=response.json()["id"]).occurred_at
    assert stored == dt.datetime.fromisoformat(odd)
    assert stored.utcoffset() == dt.timedelta(0)


def test_another_organisation_records_nothing(partner_world):
    handover = partner_world.handover()
    response = post(partner_world.mitros_api, f"/api/v1/handovers/{handover.pk}/contacts", CONTACT)
    assert response.status_code == 404


def _action(partner_world, handover, team):
    return teamwork.action_add(
        case=handover.case,
        what="Besluit op de WW-aanvraag",
        owner_kind="organisation",
        owner_team=team,
        due_on=clock.today() + dt.timedelta(days=10),
        actor=partner_world.desk_actor,
    )


def test_the_plan_is_read_and_the_teams_own_action_marked_done(partner_world):
    handover = partner_world.handover()
    own = _action(partner_world, handover, partner_world.uwv_team)
    desk = _action(partner_world, handover, partner_world.desk.team)
    plan = partner_world.uwv_api.get(f"/api/v1/handovers/{handover.pk}/actions").json()
    # The desk's own action says nothing of what it is about: only the loket reads it, so the
    # UWV team's system does not see it at all (free text follows consent, decision 0039).
    assert {a["id"]: a["for_this_team"] for a in plan} == {str(own.pk): True}
    url = f"/api/v1/handovers/{handover.pk}/actions/{own.pk}/state"
    done = post(partner_world.uwv_api, url, {"state": "done"})
    assert done.status_code == 200 and done.json()["state"] == "done"
    assert Action.objects.get(pk=own.pk).done_at is not None
    other = post(
        partner_world.uwv_api,
        f"/api/v1/handovers/{handover.pk}/actions/{desk.pk}/state",
        {"state": "done"},
    )
    assert other.status_code == 404
    assert Action.objects.get(pk=desk.pk).state == "open"


def test_an_action_of_another_case_is_not_found(partner_world):
    first, second = partner_world.handover(), partner_world.handover()
    action = _action(partner_world, second, partner_world.uwv_team)
    response = post(
        partner_world.uwv_api,
        f"/api/v1/handovers/{first.pk}/actions/{action.pk}/state",
        {"state": "done"},
    )
    assert response.status_code == 404


def test_a_worker_of_the_actions_team_may_mark_it_too(partner_world):
    """The rule is the service's, not the API's: the team the action is for may set it."""
    from eenloket.accounts.models import Role
    from eenloket.testing import factories

    handover = partner_world.handover()
    action = _action(partner_world, handover, partner_world.uwv_team)
    worker = factories.MembershipFactory(role=Role.PARTNER_WORKER, team=partner_world.uwv_team)
    teamwork.action_set_state(action=action, state="done", actor=Actor.worker(worker.user, worker))
    assert Action.objects.get(pk=action.pk).state == "done"


def test_the_receiver_records_an_application_and_its_decision(partner_world):
    handover = partner_world.handover()
    api = partner_world.uwv_api
    filed = (clock.today() - dt.timedelta(days=2)).isoformat()
    created = post(
        api,
        f"/api/v1/handovers/{handover.pk}/applications",
        {"what": "WW-uitkering", "filed_on": filed},
    )
    assert created.status_code == 201, created.content
    application = created.json()
    assert application["organisation"]["name"] == "UWV (api)"
    assert application["state"] == "waiting" and application["due_on"]
    url = f"/api/v1/handovers/{handover.pk}/applications/{application['id']}/decision"
    future = post(api, url, {"decided_on": (clock.today() + dt.timedelta(days=1)).isoformat()})
    assert future.status_code == 422 and future.json()["errors"][0]["field"] == "decided_on"
    decided = post(api, url, {"decided_on": clock.today().isoformat(), "outcome": "Toegekend"})
    assert decided.status_code == 200 and decided.json()["state"] == "decided"
    assert post(api, url, {"decided_on": clock.today().isoformat()}).status_code == 409


@pytest.mark.parametrize("filed_on", ["future", "0165-03-01"])
def test_an_impossible_filing_date_is_refused(partner_world, filed_on):
    """Year 165 was a server error (the statutory calendar starts in 2014), found by
    schemathesis; it is a field error now."""
    if filed_on == "future":
        filed_on = (clock.today() + dt.timedelta(days=3)).isoformat()
    handover = partner_world.handover()
    response = post(
        partner_world.uwv_api,
        f"/api/v1/handovers/{handover.pk}/applications",
        {"what": "WW", "filed_on": filed_on},
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "filed_on"


def test_only_the_organisation_applied_to_records_the_decision(partner_world):
    from eenloket.applications import services as applications

    handover = partner_world.handover()
    theirs = applications.application_record(
        case=handover.case,
        organisation=partner_world.desk.organisation,
        what="Bijzondere bijstand",
        filed_on=clock.today(),
        actor=partner_world.desk_actor,
    )
    response = post(
        partner_world.uwv_api,
        f"/api/v1/handovers/{handover.pk}/applications/{theirs.pk}/decision",
        {"decided_on": clock.today().isoformat()},
    )
    assert response.status_code == 403
    assert response.json()["type"] == "urn:eenloket:problem:forbidden.side"


def test_the_sender_reroutes_a_declined_handover(partner_world):
    from eenloket.api import services as api_services
    from eenloket.api.tests.conftest import SYSTEM, bearer
    from eenloket.handovers.models import Handover

    _client, token = api_services.client_create(
        name="Gemeente zaaksysteem",
        team=partner_world.desk.team,
        scopes=["handovers.read", "handovers.write"],
        actor=SYSTEM,
    )
    desk_api = bearer(token)
    handover = partner_world.handover()
    url = f"/api/v1/handovers/{handover.pk}/reroute"
    body = {"contact_point_id": str(partner_world.mitros_line.pk)}
    assert post(desk_api, url, body).status_code == 409  # not declined yet
    post(
        partner_world.uwv_api,
        f"/api/v1/handovers/{handover.pk}/decline",
        {"reason_code": "not_our_task"},
    )
    assert post(partner_world.uwv_api, url, body).status_code in (403, 404)
    unknown = post(desk_api, url, {"contact_point_id": "00000000-0000-0000-0000-000000000001"})
    assert unknown.json()["errors"][0]["field"] == "contact_point_id"
    # Mitros has no consent to reach her: the sending team must say why it goes now.
    refused = post(desk_api, url, body)
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == "reason_without_contact"
    body["reason_without_contact"] = "Zij belt Mitros zelf; dat spraken we met haar af."
    moved = post(desk_api, url, body)
    assert moved.status_code == 201, moved.content
    new = Handover.objects.get(pk=moved.json()["id"])
    assert new.rerouted_from_id == handover.pk and new.to_team == partner_world.mitros_team
    assert new.state == "sent"
