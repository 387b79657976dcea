"""Logging in with DigiD and eHerkenning through OpenID Connect, against a real local provider
(testing/oidc.py): the happy paths, and every check refusing what it must, with a plain page,
no 500 and no login."""

import datetime as dt
import urllib.parse

import pytest
from django.test import Client

from eenloket.accounts import assurance, oidc
from eenloket.accounts.models import Role
from eenloket.audit.models import AuditEntry
from eenloket.cases import services as cases
from eenloket.core import clock, crypto
from eenloket.core.actor import Actor
from eenloket.people import bsn as bsn_rules
from eenloket.people import services as people
from eenloket.testing import factories

pytestmark = pytest.mark.django_db
SYSTEM = Actor.system("test")
BSN = "999990019"  # the BRP's test range
KVK = "90000017"
MIDDEN = "urn:oasis:names:tc:SAML:2.0:ac:classes:MobileTwoFactorContract"
BASIS = "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport"


@pytest.fixture
def sandra():
    assert bsn_rules.passes_11_test(BSN)
    person = people.person_create(given_names="Sandra", surname="Jansen", bsn=BSN, actor=SYSTEM)
    coordinator = factories.MembershipFactory(role=Role.COORDINATOR)
    cases.case_open(
        person=person,
        question_verbatim="Ik heb geen werk meer en de brieven stapelen zich op.",
        owning_team=coordinator.team,
        coordinator=coordinator.user,
        next_step="Wij bellen u terug",
        next_step_due=clock.today() + dt.timedelta(days=2),
        actor=SYSTEM,
    )
    return person


@pytest.fixture
def bakery():
    return people.person_create(given_names="Kees", surname="Bakker", kvk_number=KVK, actor=SYSTEM)


def _start(client, kind="digid"):
    started = client.get(f"/mijn/inloggen/{kind}/")
    assert started.status_code == 302, started.content
    return started["Location"]


def _back(client, callback_url):
    """Feed the provider's redirect back to the test client (path and query only)."""
    parts = urllib.parse.urlsplit(callback_url)
    return client.get(f"{parts.path}?{parts.query}")


def _login(client, provider, kind="digid"):
    return _back(client, provider.follow(_start(client, kind)))


def _not_logged_in(client):
    assert client.get("/mijn/").status_code == 302  # back to the login page


def test_digid_login_as_a_demo_person_reaches_her_overview(oidc_provider):
    from eenloket.access import citizens
    from eenloket.demo import data as demodata

    demodata.load()
    sandra = next(p for p in citizens.demo_login_people() if p.given_names == "Sandra")
    oidc_provider.claims = {"bsn": crypto.decrypt(sandra.bsn_encrypted)}
    client = Client()
    authorize = urllib.parse.parse_qs(urllib.parse.urlsplit(_start(client)).query)
    assert authorize["code_challenge_method"] == ["S256"]
    assert authorize["client_id"] == ["eenloket-digid"]
    assert authorize["redirect_uri"] == ["http://testserver/mijn/inloggen/terug/"]
    client = Client()
    answer = _login(client, oidc_provider)
    assert answer.status_code == 302 and answer["Location"] == "/mijn/"
    page = client.get("/mijn/")
    assert page.status_code == 200 and "Mijn overzicht" in page.content.decode()
    # The verifier went to the token endpoint with the client's secret (basic auth).
    assert oidc_provider.token_requests[-1]["code_verifier"]
    assert "client_secret" not in oidc_provider.token_requests[-1]
    assert client.session["portal_login_method"] == "digid"
    assert client.session["portal_assurance"] == "substantieel"


def test_the_login_is_logged_as_the_citizens_own_and_renews_the_session(oidc_provider, sandra):
    oidc_provider.claims = {"bsn": BSN}
    client = Client()
    _start(client)  # a session exists before the login
    before = client.session.session_key
    _not_logged_in(client)
    answer = _back(client, oidc_provider.follow(_start(client)))
    assert answer.status_code == 302
    assert client.session.session_key != before
    entry = AuditEntry.objects.filter(action="read:portal-login").get()
    assert entry.actor_kind == "citizen" and entry.via == "portal"


def test_eherkenning_login_finds_the_company_by_kvk_and_keeps_the_acting_pseudonym(
    oidc_provider, bakery
):
    oidc_provider.claims = {"kvk": KVK, "sub": "pseudo-employee-7"}
    oidc_provider.acr = "urn:etoegang:core:assurance-class:loa3"
    client = Client()
    answer = _login(client, oidc_provider, "eherkenning")
    assert answer.status_code == 302 and answer["Location"] == "/mijn/"
    assert client.session["portal_person"] == str(bakery.pk)
    assert client.session["portal_eherkenning_acting"] == "pseudo-employee-7"
    assert client.session["portal_assurance"] == "substantieel"
    assert client.get("/mijn/").status_code == 200
    # eHerkenning's client sends its secret in the form (client_secret_post).
    assert oidc_provider.token_requests[-1]["client_id"] == "eenloket-eherkenning"
    # The log names which employee acted, never a BSN.
    logged = AuditEntry.objects.filter(action="read:portal-login").get()
    assert logged.changes["acting"] == "pseudo-employee-7"


def test_eherkenning_with_an_unknown_kvk_number_gets_the_plain_page(oidc_provider, bakery):
    oidc_provider.claims = {"kvk": "12345678"}
    client = Client()
    answer = _login(client, oidc_provider, "eherkenning")
    assert answer.status_code == 200
    assert "no question with us yet" in answer.content.decode() or "nog geen vraag" in (
        answer.content.decode()
    )
    _not_logged_in(client)


def test_an_unknown_bsn_gets_a_plain_page_and_nobody_is_created(oidc_provider, sandra):
    from eenloket.people.models import Person

    before = Person.objects.count()
    oidc_provider.claims = {"bsn": "999990032"}
    assert bsn_rules.passes_11_test("999990032")
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    answer = _login(client, oidc_provider)
    assert answer.status_code == 200
    body = answer.content.decode()
    assert "We do not know you yet" in body and "come by the desk" in body
    assert Person.objects.count() == before
    _not_logged_in(client)


def test_a_wrong_state_is_refused(oidc_provider, sandra):
    oidc_provider.claims = {"bsn": BSN}
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    callback = oidc_provider.follow(_start(client))
    forged = callback.replace("state=", "state=x")
    answer = _back(client, forged)
    assert answer.status_code == 400
    assert "log in again" in answer.content.decode().lower()
    _not_logged_in(client)
    assert oidc_provider.token_requests == []  # the code was never traded


def test_a_state_is_used_once(oidc_provider, sandra):
    oidc_provider.claims = {"bsn": BSN}
    victim = Client()
    callback = oidc_provider.follow(_start(victim))
    assert _back(victim, callback).status_code == 302
    replay = _back(victim, callback)
    assert replay.status_code == 400
    # Nor does the answer work in another browser that never started a login.
    stranger = Client()
    assert _back(stranger, callback).status_code == 400
    _not_logged_in(stranger)


def test_a_callback_without_any_login_started_is_refused(oidc_provider):
    client = Client()
    assert client.get("/mijn/inloggen/terug/").status_code == 400
    assert client.get("/mijn/inloggen/terug/?code=x&state=y").status_code == 400
    _not_logged_in(client)


@pytest.mark.parametrize(
    ("wrong", "value"),
    [
        ("nonce", "not-the-nonce-we-sent"),
        ("audience", "someone-else"),
        ("issued_ago", 3600),  # expired an hour ago... and issued too long ago
        ("expires_in", -120),  # expired two minutes ago (beyond the leeway)
        ("issued_ago", -600),  # issued ten minutes from now
        ("foreign_key", True),
        ("tamper", True),
    ],
)
def test_an_id_token_that_does_not_pass_is_refused(oidc_provider, sandra, wrong, value):
    oidc_provider.claims = {"bsn": BSN}
    setattr(oidc_provider.wrong, wrong, value)
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    answer = _login(client, oidc_provider)
    assert answer.status_code == 400
    assert "We could not check your login" in answer.content.decode()
    _not_logged_in(client)


def test_a_pkce_mismatch_is_refused_by_the_provider_and_explained(oidc_provider, sandra):
    oidc_provider.claims = {"bsn": BSN}
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    callback = oidc_provider.follow(_start(client))
    session = client.session
    session["portal_oidc_pending"] = session["portal_oidc_pending"] | {"verifier": "x" * 64}
    session.save()
    answer = _back(client, callback)
    assert answer.status_code == 503
    assert "does not work right now" in answer.content.decode()
    assert oidc_provider.refusals[-1] == ("token", "invalid_grant", "PKCE verification failed")
    _not_logged_in(client)


def test_a_wrong_client_secret_is_refused_by_the_provider(oidc_provider, sandra, settings):
    import dataclasses

    oidc_provider.claims = {"bsn": BSN}
    config = settings.EENLOKET_LOGIN
    digid = dataclasses.replace(config.providers["digid"], client_secret="guessed")
    settings.EENLOKET_LOGIN = dataclasses.replace(
        config, providers=config.providers | {"digid": digid}
    )
    client = Client()
    assert _login(client, oidc_provider).status_code == 503
    assert oidc_provider.refusals[-1][:2] == ("token", "invalid_client")
    _not_logged_in(client)


def test_a_basic_login_is_logged_in_but_gets_no_dossier_content(oidc_provider, sandra):
    oidc_provider.claims = {"bsn": BSN}
    oidc_provider.acr = BASIS
    client = Client()
    assert _login(client, oidc_provider).status_code == 302
    weak = client.get("/mijn/")
    assert weak.status_code == 403
    body = weak.content.decode()
    assert "brieven" not in body and "DigiD app" in body


def test_an_unknown_or_missing_acr_counts_as_the_lowest_level(oidc_provider, sandra):
    oidc_provider.claims = {"bsn": BSN}
    oidc_provider.acr = "urn:example:something-new"
    client = Client()
    assert _login(client, oidc_provider).status_code == 302
    assert client.session["portal_assurance"] == "basis"
    assert client.get("/mijn/").status_code == 403


def test_stopping_at_the_provider_is_said_plainly(oidc_provider, sandra):
    oidc_provider.wrong.deny = True
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    answer = _login(client, oidc_provider)
    assert answer.status_code == 200 and "You stopped logging in" in answer.content.decode()
    assert oidc_provider.token_requests == []
    _not_logged_in(client)


def test_a_provider_that_cannot_be_reached_gives_a_plain_page(oidc_provider):
    oidc_provider.stop()
    oidc.forget_cached()
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    answer = client.get("/mijn/inloggen/digid/")
    assert answer.status_code == 503
    assert "Logging in with DigiD does not work right now" in answer.content.decode()


def test_a_bsn_that_fails_the_11_test_is_refused(oidc_provider, sandra):
    oidc_provider.claims = {"bsn": "123456789"}
    client = Client()
    assert _login(client, oidc_provider).status_code == 400
    _not_logged_in(client)


def test_a_login_kind_not_set_up_is_not_found(oidc_provider):
    assert Client().get("/mijn/inloggen/itsme/").status_code == 404


def test_logout_ends_the_session_here_and_at_the_provider(oidc_provider, sandra):
    oidc_provider.claims = {"bsn": BSN}
    client = Client()
    _login(client, oidc_provider)
    out = client.post("/mijn/uitloggen/")
    assert out.status_code == 302
    assert out["Location"].startswith(f"{oidc_provider.issuer}/logout?")
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(out["Location"]).query)
    assert query["post_logout_redirect_uri"] == ["http://testserver/mijn/inloggen/"]
    assert "portal_login_method" not in client.session
    _not_logged_in(client)


def test_the_login_page_shows_the_methods_set_up_and_no_demo_outside_demo_mode(
    oidc_provider, sandra, settings
):
    settings.EENLOKET_MODE = "production"
    page = Client(HTTP_ACCEPT_LANGUAGE="en").get("/mijn/inloggen/")
    body = page.content.decode()
    assert page.status_code == 200
    assert "Log in with DigiD" in body and "Log in with eHerkenning" in body
    assert "id_person" not in body  # no demo login
    refused = Client().post("/mijn/inloggen/", {"person": str(sandra.pk), "assurance": "hoog"})
    assert refused.status_code == 405
    _not_logged_in(Client())


@pytest.mark.parametrize(
    ("acr", "level"),
    [
        (BASIS, "basis"),
        (MIDDEN, "substantieel"),
        ("urn:oasis:names:tc:SAML:2.0:ac:classes:Smartcard", "substantieel"),
        ("urn:oasis:names:tc:SAML:2.0:ac:classes:SmartcardPKI", "hoog"),
        ("urn:etoegang:core:assurance-class:loa2", "basis"),
        ("urn:etoegang:core:assurance-class:loa2plus", "basis"),
        ("urn:etoegang:core:assurance-class:loa3", "substantieel"),
        ("urn:etoegang:core:assurance-class:loa4", "hoog"),
        ("urn:example:unknown", "basis"),
        ("", "basis"),
        (None, "basis"),
    ],
)
def test_the_acr_table(acr, level):
    assert assurance.level_for(acr) == level


def test_a_configured_acr_row_overrides_the_table():
    assert assurance.level_for(MIDDEN, overrides=[(MIDDEN, "basis")]) == "basis"


def test_forms_may_lead_to_the_provider_for_logging_out_there_and_nowhere_else(oidc_provider):
    policy = Client().get("/mijn/inloggen/")["Content-Security-Policy"]
    assert f"form-action 'self' {oidc_provider.issuer};" in policy


def test_no_provider_logout_when_its_endpoint_is_on_another_origin(oidc_provider):
    from eenloket.core.login_config import LoginProvider

    elsewhere = LoginProvider(
        kind="digid",
        issuer="http://localhost:1",  # not the provider's origin
        discovery_url=f"{oidc_provider.issuer}/.well-known/openid-configuration",
        client_id="eenloket-digid",
        client_secret="x",
    )
    url = oidc.end_session_url(elsewhere, post_logout_redirect_uri="http://x/", timeout=5)
    assert url is None


def test_an_answer_naming_another_issuer_is_refused(oidc_provider, sandra):
    """RFC 9207: the mix-up defence, when the provider names itself in the answer."""
    oidc_provider.claims = {"bsn": BSN}
    client = Client()
    callback = oidc_provider.follow(_start(client))
    assert _back(client, callback + "&iss=https%3A%2F%2Fevil.example").status_code == 400
    assert oidc_provider.token_requests == []
    _not_logged_in(client)
