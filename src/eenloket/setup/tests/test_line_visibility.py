"""Who may see a direct line, set on the set-up screen (decision 0053): the change is shown
before it is saved ("from now on these teams see …"), saved only on the second step, audited,
and the organisation page says who sees each line in a fixed number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from eenloket.audit.models import AuditEntry
from eenloket.core.actor import Actor
from eenloket.directory import services as directory
from eenloket.directory.models import ContactPoint, LineVisibility
from eenloket.testing import factories

pytestmark = pytest.mark.django_db
SYSTEM = Actor.system("test")


@pytest.fixture
def line():
    uwv = factories.OrganisationFactory(name="UWV (beheer)")
    team = factories.TeamFactory(organisation=uwv, name="WW")
    return directory.contact_point_create(
        team=team, name="Directe lijn WW", service_level_hours=8, phone="030 1", actor=SYSTEM
    )


@pytest.fixture
def partners():
    municipality = factories.OrganisationFactory(name="Gemeente (beheer)")
    return {
        "schulden": factories.TeamFactory(organisation=municipality, name="Schulden"),
        "loket": factories.TeamFactory(organisation=municipality, name="Loket"),
        "svb": factories.TeamFactory(
            organisation=factories.OrganisationFactory(name="SVB (beheer)"), name="AOW"
        ),
    }


def _text(response):
    return response.content.decode()


def test_the_change_is_shown_first_and_saved_only_on_the_second_step(
    manager_client, line, partners
):
    url = reverse("setup:line_visibility", args=[line.pk])
    assert manager_client.get(url).status_code == 200
    data = {"visibility": LineVisibility.TEAMS, "teams": [str(partners["schulden"].pk)]}
    preview = manager_client.post(url, {**data, "step": "preview"})
    assert preview.status_code == 200
    page = _text(preview)
    # Who no longer sees it: the municipality's other team and the SVB; nobody gains.
    assert "Vanaf nu kunnen deze teams de directe lijn niet meer vinden" in page
    assert "Gemeente (beheer): Loket" in page
    assert "alle teams van SVB (beheer)" in page
    assert "Vanaf nu zien deze teams" not in page
    line.refresh_from_db()
    assert line.visibility == LineVisibility.ALL  # nothing saved yet
    saved = manager_client.post(url, {**data, "step": "confirm"})
    assert saved.status_code == 302
    line.refresh_from_db()
    assert line.visibility == LineVisibility.TEAMS
    assert list(line.visible_to_teams.all()) == [partners["schulden"]]
    assert AuditEntry.objects.filter(object_id=str(line.pk)).exists()


def test_opening_a_line_to_an_organisation_says_who_gains_it(manager_client, line, partners):
    directory.contact_point_set_visibility(
        contact_point=line, visibility=LineVisibility.ORGANISATIONS, actor=SYSTEM
    )
    url = reverse("setup:line_visibility", args=[line.pk])
    svb = partners["svb"].organisation
    preview = manager_client.post(
        url,
        {"visibility": LineVisibility.ORGANISATIONS, "organisations": [str(svb.pk)],
         "step": "preview"},
    )  # fmt: skip
    page = _text(preview)
    assert "Vanaf nu zien deze teams de directe lijn" in page
    assert "alle teams van SVB (beheer)" in page
    assert "Gemeente (beheer)" not in page.split("Vanaf nu zien")[1].split("</ul>")[0]


def test_an_unknown_choice_is_refused_and_nothing_changes(manager_client, line):
    url = reverse("setup:line_visibility", args=[line.pk])
    response = manager_client.post(url, {"visibility": "everyone", "step": "confirm"})
    assert response.status_code == 400
    line.refresh_from_db()
    assert line.visibility == LineVisibility.ALL


def test_a_worker_who_is_no_manager_does_not_find_the_page(worker_client, line):
    url = reverse("setup:line_visibility", args=[line.pk])
    assert worker_client.get(url).status_code == 404


def test_the_organisation_page_says_who_sees_each_line_in_a_fixed_number_of_queries(
    manager_client, line, partners
):
    organisation = line.team.organisation
    url = reverse("setup:organisation", args=[organisation.pk])

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert manager_client.get(url).status_code == 200
        return len(queries)

    count()  # the first page after login also renews the session
    few = count()
    for n in range(4):
        extra = directory.contact_point_create(
            team=line.team, name=f"Lijn {n}", service_level_hours=8, phone="030 2", actor=SYSTEM
        )
        directory.contact_point_set_visibility(
            contact_point=extra,
            visibility=LineVisibility.TEAMS,
            teams=[partners["schulden"], partners["svb"]],
            actor=SYSTEM,
        )
    assert count() == few
    page = _text(manager_client.get(url))
    assert "zichtbaar voor de eigen organisatie en Schulden (Gemeente (beheer))" in page
    assert ContactPoint.objects.filter(team=line.team).count() == 5
