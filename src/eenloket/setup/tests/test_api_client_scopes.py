"""Changing an existing API client's scopes (#22): shown before saving, asked for the code
again, audited with old and new, tokens kept; a scope taken away is refused on the very next
API call, a scope added works on it."""

import pytest
from django.test import Client
from django.urls import reverse

from eenloket.access import api as api_rules
from eenloket.accounts.models import Role
from eenloket.api import services as api_services
from eenloket.api.models import ApiClient
from eenloket.audit.models import AuditEntry
from eenloket.core.actor import Actor
from eenloket.core.errors import DomainError
from eenloket.testing import factories
from eenloket.testing.fixtures import log_in

pytestmark = pytest.mark.django_db

SYSTEM = Actor(kind="system", system_name="test")
DIRECTORY = "/api/v1/directory/organisations"
HANDOVERS = "/api/v1/handovers"
READ_DIRECTORY, READ_HANDOVERS = api_rules.DIRECTORY_READ.name, api_rules.HANDOVERS_READ.name
READ_PLAN = api_rules.PLAN_READ.name


@pytest.fixture
def team():
    return factories.TeamFactory(organisation__name="UWV Proef", name="WW")


@pytest.fixture
def api_client(team):
    client, raw = api_services.client_create(
        name="UWV WW-systeem", team=team, scopes=[READ_DIRECTORY, READ_HANDOVERS], actor=SYSTEM
    )
    client.raw = raw
    return client


def _bearer(raw):
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}", HTTP_ACCEPT_LANGUAGE="en")


def _url(client):
    return reverse("setup:api_client_scopes", args=[client.pk])


def test_the_form_shows_the_scopes_it_has_now(manager_client, api_client):
    page = manager_client.get(_url(api_client)).content.decode()
    assert "Wijzigen wat UWV WW-systeem mag vragen" in page
    assert f'value="{READ_HANDOVERS}"' in page
    ticked = [tag for tag in page.split("<input")[1:] if " checked" in tag.split(">")[0]]
    assert sorted(tag.split('value="')[1].split('"')[0] for tag in ticked) == [
        READ_DIRECTORY,
        READ_HANDOVERS,
    ]
    detail = manager_client.get(reverse("setup:api_client", args=[api_client.pk]))
    assert _url(api_client) in detail.content.decode()


def test_the_effect_is_shown_before_saving_and_nothing_changes_yet(manager_client, api_client):
    response = manager_client.post(
        _url(api_client), {"scopes": [READ_DIRECTORY, READ_PLAN], "step": "preview"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Vanaf nu mag UWV WW-systeem (werkt als team WW):" in page
    may, no_longer = page.split("Dit mag het niet meer")
    assert READ_DIRECTORY in may and READ_PLAN in may and READ_HANDOVERS not in may
    assert may.count("nieuw: dit mag het nu nog niet") == 1
    assert READ_HANDOVERS in no_longer.split("</ul>")[0]
    assert "De tokens blijven werken" in page
    api_client.refresh_from_db()
    assert api_client.scopes == [READ_DIRECTORY, READ_HANDOVERS]
    assert not AuditEntry.objects.filter(action="api_client_scopes_change").exists()


def test_a_removed_scope_is_refused_on_the_next_call_and_the_token_is_kept(
    manager_client, manager, api_client
):
    partner = _bearer(api_client.raw)
    assert partner.get(HANDOVERS).status_code == 200
    tokens = list(api_client.tokens.values_list("pk", "digest", "expires_at", "revoked_at"))
    response = manager_client.post(
        _url(api_client), {"scopes": [READ_DIRECTORY, READ_PLAN], "step": "confirm"}
    )
    assert response.status_code == 302 and response["Location"] == reverse(
        "setup:api_client", args=[api_client.pk]
    )
    # The same partner, the same token, the next call: the scope taken away is refused.
    refused = partner.get(HANDOVERS)
    assert refused.status_code == 403
    assert READ_HANDOVERS in refused.json()["detail"] + refused.json().get("title", "")
    assert partner.get(DIRECTORY).status_code == 200
    assert list(api_client.tokens.values_list("pk", "digest", "expires_at", "revoked_at")) == (
        tokens
    )
    entry = AuditEntry.objects.get(action="api_client_scopes_change")
    assert entry.object_id == str(api_client.pk) and entry.user_id == str(manager.user.pk)
    assert entry.changes["scopes"] == {
        "old": [READ_DIRECTORY, READ_HANDOVERS],
        "new": [READ_DIRECTORY, READ_PLAN],
    }
    assert entry.changes["removed"] == [READ_HANDOVERS]
    assert entry.changes["added"] == [READ_PLAN]
    # Given back, it works again at once with that same token.
    manager_client.post(
        _url(api_client), {"scopes": [READ_DIRECTORY, READ_HANDOVERS], "step": "confirm"}
    )
    assert partner.get(HANDOVERS).status_code == 200


@pytest.mark.parametrize(
    ("scopes", "message"),
    [
        ([], "Kies ten minste één ding dat het systeem mag vragen."),
        (["everything"], "Kies uit de lijst."),
        ([READ_HANDOVERS, READ_DIRECTORY], "Dit zijn de rechten die het nu al heeft"),
    ],
)
def test_bad_input_is_refused_with_a_message(manager_client, api_client, scopes, message):
    for step in ("preview", "confirm"):
        response = manager_client.post(_url(api_client), {"scopes": scopes, "step": step})
        assert response.status_code == 400
        assert message in response.content.decode()
    api_client.refresh_from_db()
    assert api_client.scopes == [READ_DIRECTORY, READ_HANDOVERS]


def test_a_revoked_client_keeps_its_scopes(manager_client, api_client):
    api_services.client_revoke(client=api_client, actor=SYSTEM)
    response = manager_client.post(_url(api_client), {"scopes": [READ_PLAN], "step": "confirm"})
    assert response.status_code == 400
    assert "Deze koppeling is ingetrokken." in response.content.decode()
    assert ApiClient.objects.get().scopes == [READ_DIRECTORY, READ_HANDOVERS]
    detail = manager_client.get(reverse("setup:api_client", args=[api_client.pk]))
    assert _url(api_client) not in detail.content.decode()


def test_the_change_asks_for_the_code_again(client, manager, api_client):
    log_in(client, manager.user)
    session = client.session
    session["eenloket_second_factor_at"] = 0
    session.save()
    response = client.post(_url(api_client), {"scopes": [READ_PLAN], "step": "confirm"})
    assert response.status_code == 302 and "bevestigen" in response["Location"]
    assert ApiClient.objects.get().scopes == [READ_DIRECTORY, READ_HANDOVERS]


@pytest.mark.parametrize("role", [Role.FRONTLINE_WORKER, Role.COORDINATOR, Role.PARTNER_WORKER])
def test_others_get_not_found(client, role, team, api_client):
    membership = factories.MembershipFactory(role=role, team=team, organisation=team.organisation)
    log_in(client, membership.user)
    assert client.get(_url(api_client)).status_code == 404
    response = client.post(_url(api_client), {"scopes": [READ_PLAN], "step": "confirm"})
    assert response.status_code == 404
    assert ApiClient.objects.get().scopes == [READ_DIRECTORY, READ_HANDOVERS]


def test_the_service_refuses_unknown_and_empty_scopes(api_client):
    for scopes in ([], ["everything"]):
        with pytest.raises(DomainError):
            api_services.client_scopes_change(client=api_client, scopes=scopes, actor=SYSTEM)
