"""After a decline or a re-route the citizen's overview shows only the route that is current
(issue #20, decision 0046): not the declined organisation as if it were still helping, and
not the declined route's next step once the question has moved on."""

import pytest
from django.test import Client
from django.utils import timezone, translation

from eenloket.access.citizen_overview import overviews
from eenloket.accounts.models import Role
from eenloket.cases import citizen_texts
from eenloket.cases.models import Case
from eenloket.directory import services as directory
from eenloket.handovers import services
from eenloket.handovers.states import State
from eenloket.handovers.tests.walk import SYSTEM, make_world
from eenloket.testing import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    world = make_world()
    world["point"].team.organisation.name = "Afwijzende organisatie"
    world["point"].team.organisation.save()
    other = factories.MembershipFactory(
        role=Role.PARTNER_WORKER, team__organisation__name="Nieuwe organisatie"
    )
    world["other_point"] = directory.contact_point_create(
        team=other.team,
        name="Nieuwe lijn",
        service_level_hours=8,
        phone="030 - 000 00 77",
        actor=SYSTEM,
    )
    factories.consent_to_team(world["case"], other.team)
    handover = services.handover_draft(
        case=world["case"],
        contact_point=world["point"],
        question="Kunnen jullie helpen?",
        why_this_organisation="Jullie gaan hierover.",
        asked="Neem contact op.",
        actor=world["sender"],
    )
    world["handover"] = services.handover_send(handover=handover, actor=world["sender"])
    return world


def _decline(world):
    return services.handover_transition(
        handover=world["handover"],
        target=State.DECLINED,
        reason_code="not_our_task",
        text="Niet onze taak",
        actor=world["receiver"],
    )


def _overview(world):
    case = Case._base_manager.select_related("owning_team__organisation").get(pk=world["case"].pk)
    [overview] = overviews([case])
    with translation.override("en"):
        next_step = citizen_texts.next_step(case)
    return {h.to_team.organisation.name for h in overview.with_others}, next_step


def _portal(world):
    client = Client()
    client.post(
        "/mijn/inloggen/",
        {"person": str(world["case"].person_id), "assurance": "substantieel"},
    )
    return client.get("/mijn/").content.decode()


def test_after_a_decline_the_declined_route_is_not_shown_as_open(world):
    assert _overview(world)[0] == {"Afwijzende organisatie"}
    _decline(world)
    helping, next_step = _overview(world)
    assert helping == set()
    assert next_step.startswith("We look for the right place")
    assert "Afwijzende organisatie" not in _portal(world)


def test_after_a_re_route_only_the_new_route_shows_with_its_next_step(world):
    declined = _decline(world)
    new = services.handover_reroute(
        declined=declined, contact_point=world["other_point"], actor=world["sender"]
    )
    helping, next_step = _overview(world)
    assert helping == {"Nieuwe organisatie"}
    assert next_step.startswith("We asked another organisation")
    case = Case._base_manager.get(pk=world["case"].pk)
    # The worker's next step is the new route's too, dated by its answer term.
    assert "Nieuwe lijn" in case.next_step
    assert case.next_step_due == timezone.localdate(new.due_at)
    page = _portal(world)
    assert "Nieuwe organisatie" in page and "Afwijzende organisatie" not in page


def test_a_re_route_keeps_what_the_messages_are_about_and_a_start_date_ahead(world):
    world["handover"].about = "debts"
    world["handover"].save(update_fields=["about"])
    new = services.handover_reroute(
        declined=_decline(world), contact_point=world["other_point"], actor=world["sender"]
    )
    assert new.about == "debts"
