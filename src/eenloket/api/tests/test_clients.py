"""Clients and their tokens: shown once, stored hashed, expiry, rotation with overlap,
revocation, the command; and every request without a usable token gets 401 problem details."""

import datetime as dt
import hashlib
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.utils import translation

from eenloket.api import services
from eenloket.api.models import ApiClient, ApiToken
from eenloket.api.tests.conftest import SYSTEM, bearer
from eenloket.audit.models import AuditEntry
from eenloket.core import clock
from eenloket.core.errors import DomainError
from eenloket.testing import factories

pytestmark = pytest.mark.django_db
URL = "/api/v1/handovers"


def test_a_token_is_stored_only_as_its_sha256(partner_world):
    token = partner_world.uwv_client.tokens.get()
    raw = partner_world.uwv_token
    assert raw.startswith(f"elk_{token.prefix}_")
    assert token.digest == hashlib.sha256(raw.encode()).hexdigest()
    assert raw not in str(list(ApiToken.objects.values()))
    assert len(raw.split("_", 2)[2]) >= 40  # 32 random bytes


def test_the_client_acts_as_a_service_account_that_cannot_log_in(partner_world):
    client = partner_world.uwv_client
    assert not client.user.has_usable_password()
    assert client.membership.team == partner_world.uwv_team
    assert client.membership.role == "partner_worker"
    assert Client().login(username=client.user.username, password="") is False


def test_creating_a_client_is_audited(partner_world):
    entry = AuditEntry.objects.get(
        action="api_client_create", object_id=str(partner_world.uwv_client.pk)
    )
    assert entry.system_name == "api test"
    assert "elk_" not in str(entry.changes)


@translation.override("en")
def test_unknown_scopes_and_a_second_client_of_the_same_name_are_refused(partner_world):
    with pytest.raises(DomainError, match="Unknown scopes"):
        services.client_create(
            name="X", team=partner_world.uwv_team, scopes=["everything"], actor=SYSTEM
        )
    with pytest.raises(DomainError, match="already has a client"):
        services.client_create(
            name="UWV WW-systeem", team=partner_world.uwv_team, scopes=[], actor=SYSTEM
        )


@pytest.mark.parametrize(
    ("header", "reason"),
    [
        (None, "missing"),
        ("Basic dXNlcjpwdw==", "malformed"),
        ("Bearer nonsense", "malformed"),
        ("Bearer elk_0123456789ab_" + "x" * 43, "unknown"),
    ],
)
def test_a_request_without_a_usable_token_gets_401_problem_details(partner_world, header, reason):
    extra = {"HTTP_AUTHORIZATION": header} if header else {}
    response = Client(**extra).get(URL)
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response["WWW-Authenticate"].startswith('Bearer realm="eenloket"')
    body = response.json()
    assert body["type"] == f"urn:eenloket:problem:unauthorized.{reason}"
    assert body["status"] == 401 and body["detail"]


def test_a_right_prefix_with_a_wrong_secret_is_unknown(partner_world):
    prefix = partner_world.uwv_client.tokens.get().prefix
    response = bearer(f"elk_{prefix}_" + "y" * 43).get(URL)
    assert response.json()["type"].endswith("unauthorized.unknown")


def test_a_worker_session_does_not_open_the_api(partner_world):
    from eenloket.testing.fixtures import log_in

    response = log_in(Client(), partner_world.desk.user).get(URL)
    assert response.status_code == 401


def test_an_expired_token_gets_401_expired(partner_world):
    assert partner_world.uwv_api.get(URL).status_code == 200
    with clock.frozen(clock.now() + dt.timedelta(days=366)):
        response = partner_world.uwv_api.get(URL)
    assert response.status_code == 401
    assert response.json()["type"].endswith("unauthorized.expired")


def test_rotation_keeps_the_old_token_for_the_overlap_only(partner_world):
    old = partner_world.uwv_token
    _token, new = services.token_rotate(
        client=partner_world.uwv_client, overlap=dt.timedelta(days=2), actor=SYSTEM
    )
    assert new != old
    assert bearer(old).get(URL).status_code == 200
    assert bearer(new).get(URL).status_code == 200
    with clock.frozen(clock.now() + dt.timedelta(days=3)):
        assert bearer(old).get(URL).json()["type"].endswith("unauthorized.expired")
        assert bearer(new).get(URL).status_code == 200
    assert AuditEntry.objects.filter(action="api_token_rotate").count() == 1


@translation.override("en")
def test_rotation_refuses_a_long_overlap(partner_world):
    with pytest.raises(DomainError):
        services.token_rotate(
            client=partner_world.uwv_client, overlap=dt.timedelta(days=31), actor=SYSTEM
        )


def test_revoking_a_token_or_the_client_works_at_once(partner_world):
    _token, second = services.token_rotate(client=partner_world.uwv_client, actor=SYSTEM)
    first = ApiToken.objects.get(
        client=partner_world.uwv_client, digest=services.digest(partner_world.uwv_token)
    )
    services.token_revoke(token=first, actor=SYSTEM)
    assert partner_world.uwv_api.get(URL).json()["type"].endswith("unauthorized.revoked")
    assert bearer(second).get(URL).status_code == 200
    services.client_revoke(client=partner_world.uwv_client, actor=SYSTEM)
    assert bearer(second).get(URL).json()["type"].endswith("unauthorized.revoked")
    with pytest.raises(DomainError):
        services.token_rotate(client=partner_world.uwv_client, actor=SYSTEM)
    assert (
        AuditEntry.objects.filter(action__in=["api_token_revoke", "api_client_revoke"]).count() == 2
    )


def test_last_use_is_noted_at_most_once_a_minute(partner_world):
    with clock.frozen(clock.now()):
        partner_world.uwv_api.get(URL)
        first = partner_world.uwv_client.tokens.get().last_used_at
        assert first == clock.now()
        clock.advance(dt.timedelta(seconds=30))
        partner_world.uwv_api.get(URL)
        assert partner_world.uwv_client.tokens.get().last_used_at == first
        clock.advance(dt.timedelta(seconds=31))
        partner_world.uwv_api.get(URL)
        assert partner_world.uwv_client.tokens.get().last_used_at == clock.now()


def _run(*args) -> str:
    out = io.StringIO()
    call_command("api_client", *args, stdout=out)
    return out.getvalue()


def test_the_command_creates_rotates_lists_and_revokes(db):
    team = factories.TeamFactory(name="Schuldhulp")
    out = _run(
        "create",
        "--team",
        f"{team.organisation.name}/Schuldhulp",
        "--name",
        "Regas",
        "--scope",
        "handovers.read",
        "--scope",
        "handovers.write",
    )
    raw = out.strip().splitlines()[-1]
    assert raw.startswith("elk_")
    client = ApiClient.objects.get(name="Regas")
    assert client.scopes == ["handovers.read", "handovers.write"]
    assert bearer(raw).get(URL).status_code == 200
    rotated = _run("rotate", str(client.pk), "--overlap-days", "1").strip().splitlines()[-1]
    assert bearer(rotated).get(URL).status_code == 200
    listing = _run("list")
    assert "Regas" in listing and raw not in listing and rotated not in listing
    assert "handovers.read" in _run("scopes")
    _run("revoke-token", rotated[:16])
    assert bearer(rotated).get(URL).status_code == 401
    _run("revoke", str(client.pk))
    assert bearer(raw).get(URL).status_code == 401


@pytest.mark.parametrize(
    "args",
    [
        ["create", "--team", "nobody/none", "--name", "X"],
        ["create", "--team", "not-an-id", "--name", "X"],
        ["rotate", "not-an-id"],
        ["revoke", "00000000-0000-0000-0000-000000000000"],
        ["revoke-token", "elk_000000000000"],
    ],
)
def test_the_command_says_what_it_cannot_find(db, args):
    with pytest.raises(CommandError):
        _run(*args)


@translation.override("en")
def test_the_command_turns_a_refusal_into_a_message(db):
    team = factories.TeamFactory()
    with pytest.raises(CommandError, match="Unknown scopes"):
        _run("create", "--team", str(team.pk), "--name", "X", "--scope", "all")
    with pytest.raises(CommandError, match="--days"):
        _run("create", "--team", str(team.pk), "--name", "X", "--days", "0")


def test_past_the_rate_a_client_gets_429_with_retry_after(partner_world, settings):
    settings.EENLOKET_API_RATE = "2/m"
    assert partner_world.uwv_api.get(URL).status_code == 200
    assert partner_world.uwv_api.get(URL).status_code == 200
    response = partner_world.uwv_api.get(URL)
    assert response.status_code == 429
    assert response["Content-Type"] == "application/problem+json"
    assert int(response["Retry-After"]) > 0
    assert response.json()["type"] == "urn:eenloket:problem:too_many_requests"
    # Another client has its own count.
    assert partner_world.mitros_api.get(URL).status_code == 200
