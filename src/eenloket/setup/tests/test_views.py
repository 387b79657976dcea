"""The set-up screens: good input is saved through the services and in the audit log; bad
input gets a specific Dutch message with everything typed kept; non-managers get 404."""

import datetime as dt

import pytest
from django.urls import reverse

from eenloket.accounts.models import Membership, Role, User
from eenloket.appointments.models import AppointmentSetting
from eenloket.audit.models import AuditEntry
from eenloket.consent.models import StatutoryBasis
from eenloket.core import clock
from eenloket.directory.models import ContactPoint, Location, Organisation, Team
from eenloket.teamwork.models import BreakthroughTable
from eenloket.testing import factories
from eenloket.testing.fixtures import log_in

pytestmark = pytest.mark.django_db

GOOD_PASSWORD = "paars-konijn-zwemt-2027"


def audited(action):
    return AuditEntry.objects.filter(action=action).count()


def text(response):
    return response.content.decode()


@pytest.fixture
def organisation():
    return factories.OrganisationFactory(name="Gemeente Proef")


@pytest.fixture
def team(organisation):
    return factories.TeamFactory(organisation=organisation, name="Schuldhulp")


# ------------------------------------------------------------------ who gets in


@pytest.mark.parametrize(
    "role", [Role.FRONTLINE_WORKER, Role.COORDINATOR, Role.PRIVACY_OFFICER, Role.PROGRAMME_STAFF]
)
def test_only_application_managers_reach_the_set_up(client, role, organisation):
    team = factories.TeamFactory(organisation=organisation)
    membership = factories.MembershipFactory(role=role, team=team, organisation=organisation)
    log_in(client, membership.user)
    for url in (
        reverse("setup:home"),
        reverse("setup:organisation", args=[organisation.pk]),
        reverse("setup:workers"),
        reverse("setup:tables"),
        reverse("setup:basis_new", args=[organisation.pk]),
    ):
        assert client.get(url).status_code == 404, url
    response = client.post(reverse("setup:organisation_new"), {"name": "X", "kind": "other"})
    assert response.status_code == 404
    assert not Organisation.objects.filter(name="X").exists()


def test_anonymous_is_sent_to_the_login(client):
    response = client.get(reverse("setup:home"))
    assert response.status_code == 302
    assert "/werk/inloggen/" in response["Location"]


def test_an_ended_manager_membership_no_longer_gets_in(client, manager):
    Membership.objects.filter(pk=manager.pk).update(
        valid_until=clock.today() - dt.timedelta(days=1)
    )
    log_in(client, manager.user)
    assert client.get(reverse("setup:home")).status_code in (302, 404)


def test_the_menu_shows_the_set_up_to_managers_only(manager_client, client):
    assert reverse("setup:home") in text(manager_client.get(reverse("backoffice:home")))


# ------------------------------------------------------------------ organisations and teams


def test_a_new_organisation_is_saved_and_audited(manager_client):
    response = manager_client.post(
        reverse("setup:organisation_new"),
        {"name": "UWV Proef", "kind": "national_agency", "oin": "00000001234567890000"},
    )
    organisation = Organisation.objects.get(name="UWV Proef")
    assert response.status_code == 302
    assert response["Location"] == reverse("setup:organisation", args=[organisation.pk])
    assert organisation.oin == "00000001234567890000"
    assert audited("directory_create") >= 1


def test_a_bad_oin_is_refused_with_its_reason_and_the_input_kept(manager_client):
    response = manager_client.post(
        reverse("setup:organisation_new"),
        {"name": "UWV Proef", "kind": "national_agency", "oin": "1234"},
    )
    assert response.status_code == 400
    assert "OIN" in text(response)
    assert 'value="UWV Proef"' in text(response)
    assert not Organisation.objects.filter(name="UWV Proef").exists()


def test_an_organisation_without_a_kind_is_refused_in_dutch(manager_client):
    response = manager_client.post(reverse("setup:organisation_new"), {"name": "SVB Proef"})
    assert response.status_code == 400
    assert "Kies wat voor organisatie het is." in text(response)


def test_a_duplicate_organisation_name_is_refused(manager_client, organisation):
    response = manager_client.post(
        reverse("setup:organisation_new"), {"name": organisation.name, "kind": "municipality"}
    )
    assert response.status_code == 400
    assert Organisation.objects.filter(name=organisation.name).count() == 1


def test_an_organisation_is_changed(manager_client, organisation):
    response = manager_client.post(
        reverse("setup:organisation_edit", args=[organisation.pk]),
        {"name": "Gemeente Proefstad", "kind": "municipality", "website": "https://example.nl"},
    )
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert (organisation.name, organisation.website) == ("Gemeente Proefstad", "https://example.nl")
    assert audited("directory_update") >= 1


def test_a_team_is_added_and_renamed(manager_client, organisation):
    url = reverse("setup:team_new", args=[organisation.pk])
    assert manager_client.post(url, {"name": "Inkomen"}).status_code == 302
    team = Team.objects.get(organisation=organisation, name="Inkomen")
    again = manager_client.post(url, {"name": "Inkomen"})
    assert again.status_code == 400
    assert "heeft al een team met deze naam" in text(again)
    response = manager_client.post(reverse("setup:team_edit", args=[team.pk]), {"name": "Werk"})
    assert response.status_code == 302
    team.refresh_from_db()
    assert team.name == "Werk"


def test_the_organisation_page_shows_what_is_set_up(manager_client, organisation, team):
    response = manager_client.get(reverse("setup:organisation", args=[organisation.pk]))
    assert response.status_code == 200
    assert "Schuldhulp" in text(response)


def test_the_overview_lists_organisations_in_a_fixed_number_of_queries(
    manager_client, django_assert_num_queries
):
    for n in range(3):
        factories.TeamFactory(organisation=factories.OrganisationFactory(name=f"Org {n}"))
    manager_client.get(reverse("setup:home"))  # warm the session and caches
    # session, user, memberships (actor), organisations, their teams, and the menu's reads
    with django_assert_num_queries(_count(manager_client, reverse("setup:home"))):
        for n in range(3, 6):
            factories.TeamFactory(organisation=factories.OrganisationFactory(name=f"Org {n}"))
        response = manager_client.get(reverse("setup:home"))
    assert "Org 5" in text(response)


def _count(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return len(queries) + 4  # the factories' inserts inside the block (3 org + 3 team - 2)
