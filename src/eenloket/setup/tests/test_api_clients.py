"""The API-client set-up screens (decision 0040): a manager creates a client, its token is shown
once and works against /api/v1/, a new token and revoking work, bad input is refused with a
Dutch message, every write is audited and asks for the second factor again."""

import datetime as dt
import re

import pytest
from django.test import Client
from django.urls import reverse

from eenloket.access import api as api_rules
from eenloket.accounts.models import Role
from eenloket.api import services as api_services
from eenloket.api.models import ApiClient, ApiToken
from eenloket.audit.models import AuditEntry
from eenloket.core import clock
from eenloket.core.actor import Actor
from eenloket.setup.forms_api import SCOPE_LABELS
from eenloket.testing import factories
from eenloket.testing.fixtures import log_in

pytestmark = pytest.mark.django_db

API_URL = "/api/v1/directory/organisations"
TOKEN = re.compile(r"elk_[0-9a-f]{12}_[A-Za-z0-9_-]{20,100}")
SYSTEM = Actor(kind="system", system_name="test")


@pytest.fixture
def organisation():
    return factories.OrganisationFactory(name="UWV Proef")


@pytest.fixture
def team(organisation):
    return factories.TeamFactory(organisation=organisation, name="WW")


def _new(manager_client, data):
    return manager_client.post(reverse("setup:api_client_new"), data)


def _shown_token(response) -> str:
    found = TOKEN.findall(response.content.decode())
    assert len(found) == 1, "the page shows the one new token"
    return found[0]


def _bearer(raw):
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}", HTTP_ACCEPT_LANGUAGE="en")


def _good(organisation, team, **extra):
    return {
        "name": "UWV WW-systeem",
        "organisation": str(organisation.pk),
        "team": str(team.pk) if team else "",
        "scopes": [api_rules.DIRECTORY_READ.name],
        "days": "365",
        **extra,
    }


def test_every_scope_has_a_label_for_the_manager():
    assert set(SCOPE_LABELS) == set(api_rules.SCOPES)


def test_a_manager_creates_a_client_whose_token_works_once_shown(
    manager_client, manager, organisation, team
):
    response = _new(manager_client, _good(organisation, team))
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    page = response.content.decode()
    assert "alleen deze ene keer" in page
    raw = _shown_token(response)
    client = ApiClient.objects.get(name="UWV WW-systeem")
    assert client.team == team and client.scopes == [api_rules.DIRECTORY_READ.name]
    # Only the digest is stored, and the audit entry names the manager, never the secret.
    token = client.tokens.get()
    assert token.digest == api_services.digest(raw) and raw not in str(token.__dict__)
    entry = AuditEntry.objects.get(action="api_client_create", object_id=str(client.pk))
    assert entry.user_id == str(manager.user.pk) and raw not in str(entry.changes)
    # The token works against the API, and only within its scopes.
    assert _bearer(raw).get(API_URL).status_code == 200
    assert _bearer(raw).get("/api/v1/handovers").status_code == 403
    # The detail page never shows the token again.
    detail = manager_client.get(reverse("setup:api_client", args=[client.pk]))
    assert raw not in detail.content.decode()
    assert f"elk_{token.prefix}_" in detail.content.decode()


def test_revoking_the_client_makes_its_token_401(manager_client, manager, organisation, team):
    raw = _shown_token(_new(manager_client, _good(organisation, team)))
    client = ApiClient.objects.get()
    url = reverse("setup:api_client_revoke", args=[client.pk])
    refused = manager_client.post(url, {})
    assert refused.status_code == 400 and "Vink het vakje aan" in refused.content.decode()
    assert _bearer(raw).get(API_URL).status_code == 200
    response = manager_client.post(url, {"confirm": "on"})
    assert response.status_code == 302
    assert _bearer(raw).get(API_URL).status_code == 401
    assert AuditEntry.objects.filter(action="api_client_revoke", user_id=str(manager.user.pk))
    listing = manager_client.get(reverse("setup:api_clients", args=[organisation.pk]))
    assert "ingetrokken op" in listing.content.decode()


def test_a_new_token_is_shown_once_and_the_old_one_stops_after_the_overlap(
    manager_client, organisation, team
):
    old = _shown_token(_new(manager_client, _good(organisation, team)))
    client = ApiClient.objects.get()
    response = manager_client.post(
        reverse("setup:api_token_new", args=[client.pk]), {"overlap_days": "2", "days": "30"}
    )
    assert response.status_code == 200
    assert "De oudere tokens werken nog 2 dagen." in response.content.decode()
    new = _shown_token(response)
    assert new != old
    assert _bearer(new).get(API_URL).status_code == 200
    assert _bearer(old).get(API_URL).status_code == 200
    with clock.frozen(clock.now() + dt.timedelta(days=3)):
        assert _bearer(old).get(API_URL).status_code == 401
        assert _bearer(new).get(API_URL).status_code == 200
    assert AuditEntry.objects.filter(action="api_token_rotate", object_id=str(client.pk))


def test_revoking_one_token_leaves_the_client(manager_client, organisation, team):
    old = _shown_token(_new(manager_client, _good(organisation, team)))
    client = ApiClient.objects.get()
    new = _shown_token(
        manager_client.post(
            reverse("setup:api_token_new", args=[client.pk]), {"overlap_days": "7", "days": "365"}
        )
    )
    token = ApiToken.objects.get(digest=api_services.digest(old))
    response = manager_client.post(
        reverse("setup:api_token_revoke", args=[token.pk]), {"confirm": "on"}
    )
    assert response.status_code == 302
    assert _bearer(old).get(API_URL).status_code == 401
    assert _bearer(new).get(API_URL).status_code == 200
    assert AuditEntry.objects.filter(action="api_token_revoke", object_id=str(client.pk))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"name": ""}, "Geef het systeem van de partner een naam."),
        ({"scopes": []}, "Kies ten minste één ding dat het systeem mag vragen."),
        ({"scopes": ["everything"]}, "Kies uit de lijst."),
        ({"team": None}, "Kies het team waarvoor het systeem werkt."),
        ({"days": "0"}, "Een token werkt ten minste 1 dag."),
        ({"days": "9999"}, "Een token werkt hoogstens 730 dagen (twee jaar)."),
        ({"days": "veel"}, "Geef een heel aantal dagen, zoals 365."),
    ],
)
def test_bad_input_is_refused_with_a_message_and_kept(
    manager_client, organisation, team, change, message
):
    if "team" in change:
        team = change.pop("team")
    response = _new(manager_client, _good(organisation, team, **change))
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert not TOKEN.search(page)
    assert not ApiClient.objects.exists()
    if change.get("name", "x"):
        assert 'value="UWV WW-systeem"' in page


def test_a_team_of_another_organisation_is_refused(manager_client, organisation):
    other = factories.TeamFactory(name="Schuldhulp", organisation__name="Gemeente X")
    response = _new(manager_client, _good(organisation, other))
    assert response.status_code == 400
    assert "Schuldhulp is een team van Gemeente X, niet van UWV Proef" in response.content.decode()
    assert not ApiClient.objects.exists()


def test_a_second_client_of_the_same_name_is_refused(manager_client, organisation, team):
    _new(manager_client, _good(organisation, team))
    response = _new(manager_client, _good(organisation, team))
    assert response.status_code == 400
    assert "al een koppeling met die naam" in response.content.decode()
    assert ApiClient.objects.count() == 1


def test_a_revoked_client_gets_no_new_token(manager_client, organisation, team):
    client, _raw = api_services.client_create(name="Oud", team=team, scopes=[], actor=SYSTEM)
    api_services.client_revoke(client=client, actor=SYSTEM)
    response = manager_client.post(
        reverse("setup:api_token_new", args=[client.pk]), {"overlap_days": "7", "days": "365"}
    )
    assert response.status_code == 400
    assert "ingetrokken" in response.content.decode()
    assert client.tokens.count() == 1


def test_bad_token_form_input_is_refused(manager_client, team):
    client, _raw = api_services.client_create(name="C", team=team, scopes=[], actor=SYSTEM)
    response = manager_client.post(
        reverse("setup:api_token_new", args=[client.pk]), {"overlap_days": "31", "days": "365"}
    )
    assert response.status_code == 400
    assert "Geef 0 tot 30 dagen." in response.content.decode()
    assert client.tokens.count() == 1


def test_issuing_and_revoking_ask_for_the_code_again(client, manager, team):
    api_client, _raw = api_services.client_create(name="C", team=team, scopes=[], actor=SYSTEM)
    log_in(client, manager.user)
    session = client.session
    session["eenloket_second_factor_at"] = 0
    session.save()
    token = api_client.tokens.get()
    for url, data in (
        (reverse("setup:api_client_new"), _good(team.organisation, team, name="Nieuw")),
        (reverse("setup:api_token_new", args=[api_client.pk]), {"overlap_days": "7", "days": "1"}),
        (reverse("setup:api_client_revoke", args=[api_client.pk]), {"confirm": "on"}),
        (reverse("setup:api_token_revoke", args=[token.pk]), {"confirm": "on"}),
    ):
        response = client.post(url, data)
        assert response.status_code == 302 and "bevestigen" in response["Location"], url
    assert ApiClient.objects.count() == 1 and api_client.tokens.count() == 1
    assert ApiToken.objects.get().revoked_at is None


@pytest.mark.parametrize("role", [Role.FRONTLINE_WORKER, Role.COORDINATOR, Role.PARTNER_WORKER])
def test_others_get_not_found(client, role, organisation, team):
    api_client, _raw = api_services.client_create(name="C", team=team, scopes=[], actor=SYSTEM)
    membership = factories.MembershipFactory(role=role, team=team, organisation=organisation)
    log_in(client, membership.user)
    for url in (
        reverse("setup:api_clients", args=[organisation.pk]),
        reverse("setup:api_client", args=[api_client.pk]),
        reverse("setup:api_client_new"),
    ):
        assert client.get(url).status_code == 404, url
    response = client.post(
        reverse("setup:api_client_revoke", args=[api_client.pk]), {"confirm": "on"}
    )
    assert response.status_code == 404
    assert ApiClient.objects.get().revoked_at is None


def test_the_list_shows_team_scopes_state_and_last_use_in_few_queries(
    manager_client, organisation, team, django_assert_num_queries
):
    for n in range(3):
        _client, raw = api_services.client_create(
            name=f"Systeem {n}", team=team, scopes=[api_rules.DIRECTORY_READ.name], actor=SYSTEM
        )
    _bearer(raw).get(API_URL)
    url = reverse("setup:api_clients", args=[organisation.pk])
    manager_client.get(url)
    with django_assert_num_queries(QUERIES):
        response = manager_client.get(url)
    page = response.content.decode()
    assert "Systeem 0" in page and "Systeem 2" in page and "WW" in page
    assert "directory.read" in page and "nog niet" in page
    link = manager_client.get(reverse("setup:organisation", args=[organisation.pk]))
    assert url in link.content.decode()


QUERIES = 5  # session, user, memberships; organisation; clients; nothing per client
