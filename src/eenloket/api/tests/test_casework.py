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
    assert {a["id"]: a["for_this_team"] for a in plan} == {str(own.pk): True, str(desk.pk): False}
    url = f"/api/v1/handovers/{handover.pk}/actions/{own.pk}/state"
    done = post(partner_world.uwv_api, url, {"state": "done"})
    assert done.status_code == 200 and done.json()["state"] == "done"
    assert Action.objects.get(pk=own.pk).done_at is not None
    other = post(
        partner_world.uwv_api,
        f"/api/v1/handovers/{handover.pk}/actions/{desk.pk}/state",
        {"state": "done"},
    )
    assert other.status_code == 409
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
