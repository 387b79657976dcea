"""Workers log in through their own organisation's OpenID Connect provider (decision 0041),
against the local test provider: the claims name the worker, only a current member of that
organisation gets in, and the provider's ``amr`` decides whether we still ask our own code."""

import datetime as dt
import urllib.parse

import pytest

from eenloket.accounts import oidc
from eenloket.accounts.models import Role
from eenloket.core import clock
from eenloket.core.login_config import LoginProvider
from eenloket.core.worker_login_config import WorkerLoginProvider, load_worker_login
from eenloket.testing import factories
from eenloket.testing.oidc import CLIENTS, LocalOidcProvider

pytestmark = pytest.mark.django_db

OIN = "00000001234567890000"
START = "/werk/inloggen/organisatie/uwv/"


@pytest.fixture
def provider(settings):
    local = LocalOidcProvider().start()
    settings.EENLOKET_WORKER_LOGIN = {
        "uwv": WorkerLoginProvider(
            slug="uwv",
            label="UWV",
            organisation_oin=OIN,
            username_claim="preferred_username",
            mfa_amr=("mfa", "otp"),
            provider=LoginProvider(
                kind="worker",
                issuer=local.issuer,
                discovery_url=f"{local.issuer}/.well-known/openid-configuration",
                client_id="eenloket-workers",
                client_secret=CLIENTS["eenloket-workers"],
                identity_claim="",
            ),
        )
    }
    oidc.forget_cached()
    yield local
    local.stop()
    oidc.forget_cached()


@pytest.fixture
def uwv_worker():
    organisation = factories.OrganisationFactory(name="UWV (oidc)", oin=OIN)
    team = factories.TeamFactory(organisation=organisation)
    return factories.MembershipFactory(
        organisation=organisation, team=team, role=Role.PARTNER_WORKER
    ).user


def _log_in(client, provider, **claims):
    provider.claims = claims
    started = client.get(START)
    assert started.status_code == 302
    back = urllib.parse.urlsplit(provider.follow(started["Location"]))
    return client.get(f"{back.path}?{back.query}")


def test_the_login_page_offers_the_organisations_provider(client, provider):
    assert "Inloggen met UWV" in client.get("/werk/inloggen/").content.decode()


def test_a_second_factor_at_the_provider_logs_the_worker_in(client, provider, uwv_worker):
    answer = _log_in(client, provider, preferred_username=uwv_worker.username, amr=["pwd", "mfa"])
    assert answer.status_code == 302
    assert answer["Location"] == "/werk/"
    assert client.get("/werk/").status_code == 200
    assert int(client.session["_auth_user_id"]) == uwv_worker.pk


def test_without_a_second_factor_at_the_provider_we_ask_our_own(client, provider, uwv_worker):
    answer = _log_in(client, provider, preferred_username=uwv_worker.username.upper())
    assert answer.status_code == 302
    assert answer["Location"] == "/werk/inloggen/code-instellen/"
    assert "_auth_user_id" not in client.session


def test_a_worker_of_another_organisation_is_not_logged_in(client, provider):
    other = factories.MembershipFactory().user
    answer = _log_in(client, provider, preferred_username=other.username, amr=["mfa"])
    assert answer.status_code == 403
    assert "_auth_user_id" not in client.session


def test_an_ended_membership_is_not_logged_in(client, provider, uwv_worker):
    uwv_worker.memberships.update(
        valid_from=clock.today() - dt.timedelta(days=60),
        valid_until=clock.today() - dt.timedelta(days=1),
    )
    answer = _log_in(client, provider, preferred_username=uwv_worker.username, amr=["mfa"])
    assert answer.status_code == 403


def test_an_unknown_user_name_is_not_logged_in(client, provider, uwv_worker):
    assert _log_in(client, provider, preferred_username="niemand", amr=["mfa"]).status_code == 403
    assert _log_in(client, provider, amr=["mfa"]).status_code == 403  # no claim at all


def test_a_forged_token_is_refused(client, provider, uwv_worker):
    provider.wrong.foreign_key = True
    answer = _log_in(client, provider, preferred_username=uwv_worker.username, amr=["mfa"])
    assert answer.status_code == 403
    assert "_auth_user_id" not in client.session


def test_an_answer_without_a_started_login_is_refused(client, provider):
    answer = client.get("/werk/inloggen/organisatie-terug/?code=x&state=y")
    assert answer.status_code == 400


def test_a_cancelled_login_says_so(client, provider, uwv_worker):
    provider.wrong.deny = True
    answer = _log_in(client, provider, preferred_username=uwv_worker.username)
    assert answer.status_code == 200
    assert "gestopt met inloggen" in answer.content.decode()
    assert "_auth_user_id" not in client.session


def test_an_unknown_provider_is_not_found(client, provider):
    assert client.get("/werk/inloggen/organisatie/svb/").status_code == 404


def test_the_configuration_is_read_and_refused_when_incomplete():
    problems = []
    found = load_worker_login(
        {
            "EENLOKET_WORKER_OIDC": "uwv,bad name",
            "EENLOKET_WORKER_OIDC_UWV_ISSUER": "http://idp.example/",
            "EENLOKET_WORKER_OIDC_UWV_CLIENT_ID": "loket",
            "EENLOKET_WORKER_OIDC_UWV_CLIENT_SECRET": "s",
            "EENLOKET_WORKER_OIDC_UWV_ORGANISATION": OIN,
            "EENLOKET_WORKER_OIDC_UWV_MFA_AMR": "mfa",
        },
        production=True,
        problems=problems,
    )
    assert found["uwv"].provider.issuer == "http://idp.example"
    assert found["uwv"].mfa_amr == ("mfa",)
    assert any("https://" in p for p in problems)
    assert any("bad name" in p for p in problems)
    problems = []
    load_worker_login({"EENLOKET_WORKER_OIDC": "svb"}, production=False, problems=problems)
    assert len(problems) == 4  # issuer, client id, secret, OIN
