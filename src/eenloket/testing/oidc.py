"""A small OpenID Connect provider on 127.0.0.1 for tests: a real HTTP server in a thread.

It plays the broker in front of DigiD and eHerkenning: discovery, a JWKS with a fresh RSA key,
an authorize endpoint that logs in whoever the test set up (its claims and ``acr``) and echoes
the state, a token endpoint that checks the client's secret, the redirect_uri, the PKCE
verifier against the challenge and that a code is used once, and RS256 ID tokens with the
nonce. Knobs make it misbehave the ways a test needs (another audience, an old token, a foreign
key, a changed payload, another nonce). It is a test double for the broker only: the client
under test (accounts/oidc.py) and PyJWT run for real. docs/login.md.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

CLIENTS = {
    "eenloket-digid": "digid-test-secret",
    "eenloket-eherkenning": "eh-test-secret",
    "eenloket-workers": "workers-test-secret",  # an organisation's own provider (decision 0041)
}


def _b64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


@dataclass
class Misbehaviour:
    """Ways to make the next ID token wrong; all off by default."""

    audience: str | None = None
    nonce: str | None = None
    expires_in: int = 300
    issued_ago: int = 0
    foreign_key: bool = False
    tamper: bool = False
    deny: bool = False  # the citizen stops at the provider: error=access_denied


@dataclass
class LocalOidcProvider:
    key: rsa.RSAPrivateKey = field(
        default_factory=lambda: rsa.generate_private_key(public_exponent=65537, key_size=2048)
    )
    kid: str = field(default_factory=lambda: secrets.token_hex(8))
    claims: dict = field(default_factory=dict)  # who logs in next (besides iss, aud, ...)
    acr: str = "urn:oasis:names:tc:SAML:2.0:ac:classes:MobileTwoFactorContract"
    wrong: Misbehaviour = field(default_factory=Misbehaviour)
    end_session: bool = True
    codes: dict = field(default_factory=dict)
    token_requests: list = field(default_factory=list)
    refusals: list = field(default_factory=list)
    logouts: list = field(default_factory=list)
    server: ThreadingHTTPServer | None = None

    @property
    def issuer(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def discovery(self) -> dict:
        document = {
            "issuer": self.issuer,
            "authorization_endpoint": f"{self.issuer}/authorize",
            "token_endpoint": f"{self.issuer}/token",
            "jwks_uri": f"{self.issuer}/jwks",
            "response_types_supported": ["code"],
            "subject_types_supported": ["pairwise"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "code_challenge_methods_supported": ["S256"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
        }
        if self.end_session:
            document["end_session_endpoint"] = f"{self.issuer}/logout"
        return document

    def jwks(self) -> dict:
        public = jwt.algorithms.RSAAlgorithm.to_jwk(self.key.public_key(), as_dict=True)
        return {"keys": [public | {"kid": self.kid, "use": "sig", "alg": "RS256"}]}

    # --- the endpoints -----------------------------------------------------------------------

    def authorize(self, query: dict) -> tuple[int, dict]:
        one = {k: v[0] for k, v in query.items()}
        redirect_uri = one.get("redirect_uri", "")
        problems = [
            name
            for name, ok in (
                ("response_type", one.get("response_type") == "code"),
                ("client_id", one.get("client_id") in CLIENTS),
                ("redirect_uri", redirect_uri.startswith(("http://", "https://"))),
                ("scope", "openid" in one.get("scope", "").split()),
                ("code_challenge_method", one.get("code_challenge_method") == "S256"),
                ("code_challenge", len(one.get("code_challenge", "")) == 43),
                ("nonce", bool(one.get("nonce"))),
            )
            if not ok
        ]
        if problems:
            self.refusals.append(("authorize", problems))
            return 400, {"error": "invalid_request", "error_description": ", ".join(problems)}
        if self.wrong.deny:
            answer = {"error": "access_denied", "state": one.get("state", "")}
        else:
            code = secrets.token_urlsafe(24)
            self.codes[code] = {
                "client_id": one["client_id"],
                "redirect_uri": redirect_uri,
                "challenge": one["code_challenge"],
                "nonce": one["nonce"],
                "claims": dict(self.claims),
                "acr": self.acr,
            }
            answer = {"code": code, "state": one.get("state", "")}
        separator = "&" if "?" in redirect_uri else "?"
        return 302, {"Location": redirect_uri + separator + urllib.parse.urlencode(answer)}

    def token(self, form: dict, authorization: str) -> tuple[int, dict]:
        one = {k: v[0] for k, v in form.items()}
        self.token_requests.append(one)
        client_id, secret = one.get("client_id", ""), one.get("client_secret", "")
        if authorization.startswith("Basic "):
            pair = base64.b64decode(authorization[6:]).decode()
            client_id, _, secret = pair.partition(":")
            client_id, secret = urllib.parse.unquote(client_id), urllib.parse.unquote(secret)
        if CLIENTS.get(client_id) != secret or not secret:
            return self._refuse(401, "invalid_client", "client authentication failed")
        if one.get("grant_type") != "authorization_code":
            return self._refuse(400, "unsupported_grant_type", "")
        issued = self.codes.pop(one.get("code", ""), None)  # a code is good once
        if issued is None or issued["client_id"] != client_id:
            return self._refuse(400, "invalid_grant", "unknown or used code")
        if issued["redirect_uri"] != one.get("redirect_uri"):
            return self._refuse(400, "invalid_grant", "redirect_uri differs")
        verifier = one.get("code_verifier", "")
        if _b64url(hashlib.sha256(verifier.encode()).digest()) != issued["challenge"]:
            return self._refuse(400, "invalid_grant", "PKCE verification failed")
        return 200, {
            "access_token": secrets.token_urlsafe(24),
            "token_type": "Bearer",
            "expires_in": 300,
            "id_token": self.id_token(client_id, issued),
        }

    def _refuse(self, status: int, error: str, description: str) -> tuple[int, dict]:
        self.refusals.append(("token", error, description))
        return status, {"error": error, "error_description": description}

    def id_token(self, client_id: str, issued: dict) -> str:
        now = int(time.time()) - self.wrong.issued_ago
        claims = {
            "iss": self.issuer,
            "sub": secrets.token_hex(16),
            "aud": self.wrong.audience or client_id,
            "iat": now,
            "exp": now + self.wrong.expires_in,
            "nonce": self.wrong.nonce or issued["nonce"],
            "acr": issued["acr"],
            **issued["claims"],
        }
        key = self.key
        if self.wrong.foreign_key:
            key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        token = jwt.encode(claims, key, algorithm="RS256", headers={"kid": self.kid})
        if self.wrong.tamper:
            header, _, signature = token.split(".")
            changed = claims | {"acr": "urn:oasis:names:tc:SAML:2.0:ac:classes:SmartcardPKI"}
            token = ".".join([header, _b64url(json.dumps(changed).encode()), signature])
        return token

    # --- the server ----------------------------------------------------------------------------

    def start(self) -> LocalOidcProvider:
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # keep test output quiet
                pass

            def _answer(self, status: int, payload: dict) -> None:
                if status == 302:
                    self.send_response(302)
                    self.send_header("Location", payload["Location"])
                    self.end_headers()
                    return
                body = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self):
                url = urllib.parse.urlsplit(self.path)
                query = urllib.parse.parse_qs(url.query)
                if url.path == "/.well-known/openid-configuration":
                    self._answer(200, provider.discovery())
                elif url.path == "/jwks":
                    self._answer(200, provider.jwks())
                elif url.path == "/authorize":
                    self._answer(*provider.authorize(query))
                elif url.path == "/logout" and provider.end_session:
                    provider.logouts.append({k: v[0] for k, v in query.items()})
                    back = query.get("post_logout_redirect_uri", [""])[0]
                    self._answer(302, {"Location": back}) if back else self._answer(200, {})
                else:
                    self._answer(404, {"error": "not_found"})

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                form = urllib.parse.parse_qs(self.rfile.read(length).decode())
                if urllib.parse.urlsplit(self.path).path == "/token":
                    self._answer(*provider.token(form, self.headers.get("Authorization", "")))
                else:
                    self._answer(404, {"error": "not_found"})

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()

    def follow(self, authorize_url: str) -> str:
        """Do what the citizen's browser does at the provider: open the authorize address and
        return where the provider sends them back to (the callback with code and state)."""

        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args, **kwargs):
                return None

        opener = urllib.request.build_opener(NoRedirect)
        try:
            opener.open(authorize_url, timeout=5)
        except urllib.error.HTTPError as answer:
            if answer.code == 302:
                return answer.headers["Location"]
            raise AssertionError(f"the provider refused: {answer.code} {answer.read()!r}") from None
        raise AssertionError("the provider did not send the browser back")

    def login_config(self, **overrides):
        """A LoginConfig with DigiD and eHerkenning at this provider."""
        from eenloket.core.login_config import LoginConfig, LoginProvider

        common = {
            "issuer": self.issuer,
            "discovery_url": f"{self.issuer}/.well-known/openid-configuration",
        }
        providers = {
            "digid": LoginProvider(
                kind="digid",
                client_id="eenloket-digid",
                client_secret=CLIENTS["eenloket-digid"],
                identity_claim="bsn",
                **common,
            ),
            "eherkenning": LoginProvider(
                kind="eherkenning",
                client_id="eenloket-eherkenning",
                client_secret=CLIENTS["eenloket-eherkenning"],
                client_auth="client_secret_post",
                identity_claim="kvk",
                acting_claim="sub",
                **common,
            ),
        }
        return LoginConfig(providers=providers, timeout_seconds=5, **overrides)


@pytest.fixture
def oidc_provider(settings):
    """Start a local OpenID Connect provider and point the citizens' login at it."""
    from eenloket.accounts import oidc

    provider = LocalOidcProvider().start()
    settings.EENLOKET_LOGIN = provider.login_config()
    oidc.forget_cached()
    yield provider
    provider.stop()
    oidc.forget_cached()
