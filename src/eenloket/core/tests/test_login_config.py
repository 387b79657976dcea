"""The citizens' login configuration (DigiD, eHerkenning through a broker) read from the
environment: defaults, each refusal named, secrets from files (docs/login.md)."""

import pytest

from eenloket.core.config import ConfigurationError, load
from eenloket.core.tests.test_config import safe_production_env  # noqa: F401

DIGID = {
    "EENLOKET_DIGID_ISSUER": "https://broker.example.nl/",
    "EENLOKET_DIGID_CLIENT_ID": "loket-digid",
    "EENLOKET_DIGID_CLIENT_SECRET": "s3cret",
}


def test_no_login_provider_is_set_up_by_default(tmp_path):
    config = load({"EENLOKET_VAR_DIR": str(tmp_path)})
    assert config.login.providers == {}


def test_a_digid_provider_gets_safe_defaults(safe_production_env):  # noqa: F811
    config = load(safe_production_env | DIGID)
    digid = config.login.providers["digid"]
    assert digid.issuer == "https://broker.example.nl"
    assert digid.discovery_url == "https://broker.example.nl/.well-known/openid-configuration"
    assert digid.identity_claim == "bsn" and digid.scopes == ("openid",)
    assert digid.client_auth == "client_secret_basic" and digid.logout_at_provider
    assert "s3cret" not in repr(digid)  # the secret never shows in a log or traceback
    assert config.login.timeout_seconds == 10 and config.login.leeway_seconds == 30


def test_eherkenning_reads_its_claims_and_acr_rows(safe_production_env, tmp_path):  # noqa: F811
    secret = tmp_path / "eh-secret"
    secret.write_text("from-a-file\n")
    env = safe_production_env | {
        "EENLOKET_EHERKENNING_ISSUER": "https://broker.example.nl",
        "EENLOKET_EHERKENNING_CLIENT_ID": "loket-eh",
        "EENLOKET_EHERKENNING_CLIENT_SECRET_FILE": str(secret),
        "EENLOKET_EHERKENNING_KVK_CLAIM": "urn:etoegang:1.9:EntityConcernedID:KvKnr",
        "EENLOKET_EHERKENNING_ACTING_CLAIM": "urn:etoegang:core:ActingSubjectID",
        "EENLOKET_EHERKENNING_SCOPES": "openid eherkenning",
        "EENLOKET_EHERKENNING_ACR_LEVELS": "urn:x:loa3=hoog, urn:x:loa2=basis",
    }
    eh = load(env).login.providers["eherkenning"]
    assert eh.client_secret == "from-a-file"
    assert eh.identity_claim == "urn:etoegang:1.9:EntityConcernedID:KvKnr"
    assert eh.acting_claim == "urn:etoegang:core:ActingSubjectID"
    assert eh.scopes == ("openid", "eherkenning")
    assert eh.acr_levels == (("urn:x:loa3", "hoog"), ("urn:x:loa2", "basis"))


@pytest.mark.parametrize(
    ("change", "named"),
    [
        ({"EENLOKET_DIGID_CLIENT_ID": ""}, "EENLOKET_DIGID_CLIENT_ID is not set"),
        ({"EENLOKET_DIGID_CLIENT_SECRET": ""}, "EENLOKET_DIGID_CLIENT_SECRET"),
        ({"EENLOKET_DIGID_ISSUER": "http://broker.example.nl"}, "must be an https://"),
        ({"EENLOKET_DIGID_CLIENT_AUTH": "private_key_jwt"}, "EENLOKET_DIGID_CLIENT_AUTH"),
        ({"EENLOKET_DIGID_ACR_LEVELS": "urn:x=middle"}, "EENLOKET_DIGID_ACR_LEVELS"),
        ({"EENLOKET_DIGID_LOGOUT_AT_PROVIDER": "maybe"}, "EENLOKET_DIGID_LOGOUT_AT_PROVIDER"),
        ({"EENLOKET_OIDC_TIMEOUT": "0"}, "EENLOKET_OIDC_TIMEOUT"),
        ({"EENLOKET_OIDC_LEEWAY": "a minute"}, "EENLOKET_OIDC_LEEWAY"),
        ({"EENLOKET_OIDC_CALLBACK_URL": "http://loket.example.nl/"}, "EENLOKET_OIDC_CALLBACK_URL"),
    ],
)
def test_an_unsafe_login_setting_is_refused_and_named(safe_production_env, change, named):  # noqa: F811
    with pytest.raises(ConfigurationError) as error:
        load(safe_production_env | DIGID | change)
    assert any(named in problem for problem in error.value.problems), error.value.problems


def test_demo_mode_allows_a_local_http_provider(tmp_path):
    env = DIGID | {
        "EENLOKET_DIGID_ISSUER": "http://127.0.0.1:9000",
        "EENLOKET_VAR_DIR": str(tmp_path),
    }
    assert load(env).login.providers["digid"].issuer == "http://127.0.0.1:9000"
