"""Who sees a direct line (decision 0053): the one rule, and each of its four consumers — the
worker's search, the line's page, the handover's choice of line and the partner API — leaves a
line out for a worker of an organisation or team it is not shown to."""

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from eenloket.access import api as scopes
from eenloket.access import direct_lines
from eenloket.accounts.models import Role
from eenloket.api import services as api_services
from eenloket.cases import services as cases
from eenloket.core import clock
from eenloket.core.actor import Actor
from eenloket.core.errors import DomainError
from eenloket.directory import selectors, services
from eenloket.directory.models import LineVisibility
from eenloket.directory.search import Filters
from eenloket.handovers import selectors as handover_selectors
from eenloket.handovers import services as handovers
from eenloket.handovers.models import Handover
from eenloket.testing import factories
from eenloket.testing.fixtures import log_in

pytestmark = pytest.mark.django_db
SYSTEM = Actor.system("test")
WORD = "kwijtscheldingsloket"  # a topic every line of the world shares


class World:
    def actor(self, name):
        member = self.members[name]
        return Actor.worker(member.user, member)


def _line(team, name, phone, visibility=LineVisibility.ALL, organisations=(), teams=()):
    line = services.contact_point_create(
        team=team, name=name, service_level_hours=8, phone=phone, topics=WORD, actor=SYSTEM
    )
    return services.contact_point_set_visibility(
        contact_point=line,
        visibility=visibility,
        organisations=organisations,
        teams=teams,
        actor=SYSTEM,
    )


@pytest.fixture
def world():
    """UWV (team WW answers the lines, team Bezwaar) lets the municipality's team Schulden see
    one line and the SVB another; the municipality's team Loket sees only the open line."""
    w = World()
    uwv = factories.OrganisationFactory(name="UWV (zicht)")
    municipality = factories.OrganisationFactory(name="Gemeente (zicht)")
    svb = factories.OrganisationFactory(name="SVB (zicht)")
    teams = {
        "ww": factories.TeamFactory(organisation=uwv, name="WW"),
        "bezwaar": factories.TeamFactory(organisation=uwv, name="Bezwaar"),
        "schulden": factories.TeamFactory(organisation=municipality, name="Schulden"),
        "loket": factories.TeamFactory(organisation=municipality, name="Loket"),
        "svb": factories.TeamFactory(organisation=svb, name="Kinderbijslag"),
    }
    w.teams = teams
    w.members = {
        name: factories.MembershipFactory(team=teams[name], role=Role.COORDINATOR)
        for name in ("bezwaar", "schulden", "loket", "svb")
    }
    w.open = _line(teams["ww"], "Open lijn", "030 100 00 01")
    w.for_svb = _line(
        teams["ww"], "Lijn voor SVB", "030 100 00 02", LineVisibility.ORGANISATIONS, [svb]
    )
    w.for_schulden = _line(
        teams["ww"], "Lijn voor Schulden", "030 100 00 03", LineVisibility.TEAMS,
        teams=[teams["schulden"]],
    )  # fmt: skip
    w.own_only = _line(teams["ww"], "Eigen lijn", "030 100 00 04", LineVisibility.ORGANISATIONS)
    w.lines = [w.open, w.for_svb, w.for_schulden, w.own_only]
    return w


SEES = {
    "bezwaar": {"Open lijn", "Lijn voor SVB", "Lijn voor Schulden", "Eigen lijn"},  # own org
    "schulden": {"Open lijn", "Lijn voor Schulden"},
    "loket": {"Open lijn"},
    "svb": {"Open lijn", "Lijn voor SVB"},
}


@pytest.mark.parametrize("who", sorted(SEES))
def test_the_rule_gives_each_team_its_lines_and_the_one_line_check_agrees(world, who):
    actor = world.actor(who)
    seen = {line.name for line in direct_lines.visible_contact_points(actor)}
    assert seen == SEES[who]
    assert {line.name for line in world.lines if direct_lines.may_see(actor, line)} == seen
    audiences = {line.name: direct_lines.audience_of(line) for line in world.lines}
    team = world.teams[who]
    assert {n for n, a in audiences.items() if direct_lines.team_sees(a, team)} == seen


def test_a_system_job_sees_every_line_and_anyone_else_none(world):
    assert direct_lines.visible_contact_points(SYSTEM).count() == 4
    assert not direct_lines.visible_contact_points(Actor.anonymous()).exists()
    ended = world.members["svb"]
    ended.valid_until = clock.today() - dt.timedelta(days=1)
    ended.save()
    assert not direct_lines.visible_contact_points(world.actor("svb")).exists()
    assert not direct_lines.may_see(world.actor("svb"), world.open)


def test_switching_to_every_worker_empties_the_lists(world):
    services.contact_point_set_visibility(
        contact_point=world.for_svb, visibility=LineVisibility.ALL, actor=SYSTEM
    )
    world.for_svb.refresh_from_db()
    assert not world.for_svb.visible_to_organisations.exists()
    assert "Lijn voor SVB" in {
        line.name for line in direct_lines.visible_contact_points(world.actor("loket"))
    }


def test_only_application_managers_set_who_sees_a_line(world):
    with pytest.raises(DomainError):
        services.contact_point_set_visibility(
            contact_point=world.open,
            visibility=LineVisibility.TEAMS,
            teams=[world.teams["loket"]],
            actor=world.actor("bezwaar"),
        )


# --- 1. the worker's search, and the index -----------------------------------------------------


@pytest.mark.parametrize("who", sorted(SEES))
def test_the_search_finds_only_the_lines_the_worker_may_see(world, who):
    results = selectors.search(actor=world.actor(who), text=WORD, filters=Filters())
    assert {hit.document.title for hit in results.contact_points} == SEES[who]
    # Also when only a filter is given (the path without words).
    by_kind = selectors.search(
        actor=world.actor(who), text="", filters=Filters(organisation_kind="municipality")
    )
    assert {hit.document.title for hit in by_kind.contact_points} == SEES[who]


def test_a_hidden_line_is_in_the_index_but_never_leaves_it(world):
    """The index keeps one document per line (for those who may see it); the search leaves a
    hidden one out inside its queries, so it is neither returned nor counted."""
    results = selectors.search(actor=world.actor("loket"), text="Lijn voor SVB", filters=Filters())
    titles = {hit.document.title for hit in results.hits}
    assert "Lijn voor SVB" not in titles and "Lijn voor Schulden" not in titles
    assert "030 100 00 02" not in str([vars(hit.document) for hit in results.hits])


def test_a_worker_s_search_runs_four_queries_however_many_lines_are_hidden(
    world, django_assert_num_queries
):
    actor = world.actor("loket")
    with django_assert_num_queries(4):
        selectors.search(actor=actor, text=WORD, filters=Filters())
    for n in range(5):
        _line(world.teams["ww"], f"Verborgen {n}", f"030 200 00 0{n}", LineVisibility.TEAMS)
    with django_assert_num_queries(4):
        results = selectors.search(actor=actor, text=WORD, filters=Filters())
    assert {hit.document.title for hit in results.contact_points} == {"Open lijn"}


# --- 2. the line's page and the organisation's page ------------------------------------------


def test_a_worker_of_another_organisation_cannot_open_a_hidden_line(world):
    loket = log_in(Client(), world.members["loket"].user)
    schulden = log_in(Client(), world.members["schulden"].user)
    hidden = f"/werk/sociale-kaart/directe-lijn/{world.for_schulden.pk}/"
    assert loket.get(hidden).status_code == 404
    assert schulden.get(hidden).status_code == 200
    assert loket.get(f"/werk/sociale-kaart/directe-lijn/{world.open.pk}/").status_code == 200
    page = loket.get(f"/werk/sociale-kaart/organisatie/{world.teams['ww'].organisation_id}/")
    text = page.content.decode()
    assert "Open lijn" in text
    for line in (world.for_svb, world.for_schulden, world.own_only):
        assert line.name not in text and line.phone not in text


# --- 3. the handover's choice of line --------------------------------------------------------


def _case(member):
    return cases.case_open(
        person=factories.PersonFactory(channels_preferred=["letter"]),
        question_verbatim="Ik kan de huur niet betalen.",
        owning_team=member.team,
        coordinator=member.user,
        next_step="Overdragen",
        next_step_due=clock.today() + dt.timedelta(days=2),
        actor=SYSTEM,
    )


def test_a_worker_chooses_only_lines_they_may_see_in_one_query(world, django_assert_num_queries):
    actor = world.actor("loket")
    with django_assert_num_queries(1):
        choice = handover_selectors.contact_points_for_choice(actor)
    assert {line.name for line in choice} == {"Open lijn"}
    for n in range(3):
        _line(world.teams["ww"], f"Verborgen {n}", f"030 200 00 0{n}", LineVisibility.TEAMS)
    with django_assert_num_queries(1):
        assert len(handover_selectors.contact_points_for_choice(actor)) == 1


def test_the_handover_form_does_not_offer_or_accept_a_hidden_line(world):
    member = world.members["loket"]
    case = _case(member)
    client = log_in(Client(), member.user)
    url = f"/werk/zaken/{case.pk}/overdragen/"
    page = client.get(url).content.decode()
    assert "Open lijn" in page
    assert "Lijn voor Schulden" not in page and str(world.for_schulden.pk) not in page
    response = client.post(
        url,
        {
            "contact_point": str(world.for_schulden.pk),
            "question": "Kunnen jullie helpen?",
            "why_this_organisation": "Schulden",
            "asked": "Bel haar.",
            "urgency": "normal",
        },
    )
    assert response.status_code == 400
    assert not Handover.objects.filter(case=case).exists()


def test_the_service_refuses_a_hidden_line_as_if_it_did_not_exist(world):
    member = world.members["loket"]
    case = _case(member)
    with pytest.raises(DomainError) as refused:
        handovers.handover_draft(
            case=case,
            contact_point=world.for_schulden,
            question="Kunnen jullie helpen?",
            why_this_organisation="Schulden",
            asked="Bel haar.",
            actor=world.actor("loket"),
        )
    assert refused.value.field == "contact_point"
    allowed = handovers.handover_draft(
        case=_case(world.members["schulden"]),
        contact_point=world.for_schulden,
        question="Kunnen jullie helpen?",
        why_this_organisation="Schulden",
        asked="Bel haar.",
        actor=world.actor("schulden"),
    )
    assert allowed.to_team_id == world.teams["ww"].pk


# --- 4. the partner API ----------------------------------------------------------------------


def _client_of(team):
    _client, token = api_services.client_create(
        name=f"Systeem {team.name}", team=team, scopes=sorted(scopes.SCOPES), actor=SYSTEM
    )
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}", HTTP_ACCEPT_LANGUAGE="en")


def test_a_client_reads_only_the_lines_its_team_may_see(world):
    loket = _client_of(world.teams["loket"])
    svb = _client_of(world.teams["svb"])
    listed = loket.get("/api/v1/directory/contact-points?limit=100").json()["items"]
    assert {p["name"] for p in listed} == {"Open lijn"}
    listed = svb.get("/api/v1/directory/contact-points?limit=100").json()["items"]
    assert {p["name"] for p in listed} == {"Open lijn", "Lijn voor SVB"}
    organisation = loket.get(
        f"/api/v1/directory/organisations/{world.teams['ww'].organisation_id}"
    ).json()
    assert [p["name"] for p in organisation["contact_points"]] == ["Open lijn"]
    assert "030 100 00 03" not in str(organisation)


def test_the_api_list_of_lines_runs_a_fixed_number_of_queries(world):
    loket = _client_of(world.teams["loket"])
    url = "/api/v1/directory/contact-points?limit=100"
    loket.get(url)  # the token's last use is noted once a minute at most

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert loket.get(url).status_code == 200
        return len(queries)

    few = count()
    for n in range(4):
        _line(world.teams["ww"], f"Verborgen {n}", f"030 200 00 0{n}", LineVisibility.TEAMS)
        _line(world.teams["ww"], f"Zichtbaar {n}", f"030 300 00 0{n}")
    assert count() == few
    listed = loket.get(url).json()["items"]
    assert len(listed) == 5
