"""A thin OpenID Connect client for the citizens' login: DigiD and eHerkenning behind a broker.

The authorization code flow with PKCE (S256), state and nonce (OpenID Connect Core 1.0 §3.1,
RFC 7636). The ID token's signature is checked by PyJWT against the provider's published keys
(JWKS), with ``iss``, ``aud`` (and ``azp``), ``exp``, ``iat`` and ``nonce``; we never decode a
token ourselves. Why our own client and not a Django auth backend: docs/decisions/0027.

Nothing here touches the session or the database: the portal keeps the pending login in the
session (portal/session.py) and finds the person through the policy point.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

import jwt

from eenloket.accounts import assurance
from eenloket.core.login_config import LoginProvider
from eenloket.people import bsn as bsn_rules

ALGORITHMS = ["RS256"]
# A pending login (state, nonce, verifier) is good for this long: DigiD's own screens take a few
# minutes at most.
PENDING_SECONDS = 10 * 60
# An ID token issued longer ago than this is refused, however far away its exp is.
MAX_TOKEN_AGE_SECONDS = 10 * 60
CACHE_SECONDS = 60 * 60
MAX_RESPONSE_BYTES = 1_000_000
# A BSN from a SAML broker may carry the sector code of its NameID: "s00000000:123456782".
BSN_SECTOR_PREFIX = "s00000000:"

# Why a login failed, as the page the citizen sees tells it.
EXPIRED = "expired"  # no pending login, a state that does not match, or one already used
CANCELLED = "cancelled"  # the citizen stopped at the provider
UNAVAILABLE = "unavailable"  # the provider cannot be reached or refuses us
NOT_VERIFIED = "not_verified"  # the answer did not pass our checks


class LoginFailed(Exception):
    """The login did not succeed; ``reason`` is for the log, ``kind`` for the citizen's page."""

    def __init__(self, reason: str, *, kind: str = NOT_VERIFIED):
        self.reason = reason
        self.kind = kind
        super().__init__(reason)


@dataclass(frozen=True)
class Identity:
    """Who logged in, as the provider vouches for it."""

    kind: str  # "digid" or "eherkenning"
    number: str  # DigiD: the BSN; eHerkenning: the company's KVK number
    acting: str  # eHerkenning: a pseudonym of the person acting for the company; DigiD: ""
    assurance: str  # eIDAS level: basis, substantieel, hoog
    acr: str


def _b64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def pkce_challenge(verifier: str) -> str:
    """Return the S256 code challenge of ``verifier`` (RFC 7636 §4.2)."""
    return _b64url(hashlib.sha256(verifier.encode("ascii")).digest())


def new_pending(provider: LoginProvider) -> dict:
    """Return a fresh pending login: a random state, nonce and PKCE verifier, and when."""
    return {
        "kind": provider.kind,
        "state": secrets.token_urlsafe(32),
        "nonce": secrets.token_urlsafe(32),
        "verifier": secrets.token_urlsafe(64),  # 86 characters, within RFC 7636's 43..128
        "started": time.time(),
    }


# --- HTTP to the provider: the standard library, with a timeout and a size limit -------------


def _request(url: str, *, timeout: float, data: dict | None = None, headers=None) -> tuple:
    if urllib.parse.urlsplit(url).scheme not in ("http", "https"):
        raise LoginFailed(f"refusing a non-http address from the provider: {url!r}")
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    request = urllib.request.Request(  # noqa: S310 (http and https only, checked above)
        url, data=body, headers={"Accept": "application/json", **(headers or {})}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            status, raw = response.status, response.read(MAX_RESPONSE_BYTES + 1)
    except urllib.error.HTTPError as error:
        status, raw = error.code, error.read(MAX_RESPONSE_BYTES + 1)
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        raise LoginFailed(f"cannot reach {url}: {error}", kind=UNAVAILABLE) from error
    if len(raw) > MAX_RESPONSE_BYTES:
        raise LoginFailed(f"{url} answered more than {MAX_RESPONSE_BYTES} bytes", kind=UNAVAILABLE)
    try:
        payload = json.loads(raw)
    except ValueError as error:
        raise LoginFailed(f"{url} did not answer JSON (HTTP {status})", kind=UNAVAILABLE) from error
    if not isinstance(payload, dict):
        raise LoginFailed(f"{url} did not answer a JSON object (HTTP {status})", kind=UNAVAILABLE)
    return status, payload


_cache_lock = threading.Lock()
_discovered: dict[str, tuple[float, dict]] = {}
_key_sets: dict[str, tuple[float, jwt.PyJWKSet]] = {}


def discover(provider: LoginProvider, *, timeout: float) -> dict:
    """Return the provider's discovery document (cached for an hour), checked: its issuer is
    the configured one and it names the endpoints the flow needs."""
    with _cache_lock:
        cached = _discovered.get(provider.discovery_url)
    if cached and time.monotonic() - cached[0] < CACHE_SECONDS:
        return cached[1]
    status, document = _request(provider.discovery_url, timeout=timeout)
    if status != 200:
        raise LoginFailed(f"discovery answered HTTP {status}", kind=UNAVAILABLE)
    if str(document.get("issuer", "")).rstrip("/") != provider.issuer:
        raise LoginFailed(
            f"discovery names issuer {document.get('issuer')!r}, not {provider.issuer!r}",
            kind=UNAVAILABLE,
        )
    for endpoint in ("authorization_endpoint", "token_endpoint", "jwks_uri"):
        if not isinstance(document.get(endpoint), str):
            raise LoginFailed(f"discovery has no {endpoint}", kind=UNAVAILABLE)
    methods = document.get("code_challenge_methods_supported")
    if isinstance(methods, list) and "S256" not in methods:
        raise LoginFailed("the provider does not support PKCE with S256", kind=UNAVAILABLE)
    with _cache_lock:
        _discovered[provider.discovery_url] = (time.monotonic(), document)
    return document


def forget_cached() -> None:
    """Drop cached discovery documents and keys (tests; a provider that changed its keys)."""
    with _cache_lock:
        _discovered.clear()
        _key_sets.clear()


def authorization_url(
    provider: LoginProvider, pending: dict, *, redirect_uri: str, language: str, timeout: float
) -> str:
    """Return the provider's address to send the citizen to, to log in."""
    document = discover(provider, timeout=timeout)
    query = {
        "response_type": "code",
        "client_id": provider.client_id,
        "redirect_uri": redirect_uri,
        "scope": " ".join(provider.scopes),
        "state": pending["state"],
        "nonce": pending["nonce"],
        "code_challenge": pkce_challenge(pending["verifier"]),
        "code_challenge_method": "S256",
        "ui_locales": language,
    }
    if provider.acr_values:
        query["acr_values"] = provider.acr_values
    endpoint = document["authorization_endpoint"]
    return f"{endpoint}{'&' if '?' in endpoint else '?'}{urllib.parse.urlencode(query)}"


def _origin(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def end_session_url(
    provider: LoginProvider, *, post_logout_redirect_uri: str, timeout: float
) -> str | None:
    """Return the provider's logout address, when it has one and we are to use it."""
    if not provider.logout_at_provider:
        return None
    try:
        document = discover(provider, timeout=timeout)
    except LoginFailed:
        return None  # logging out here still works; the provider's session ends by itself
    endpoint = document.get("end_session_endpoint")
    if not isinstance(endpoint, str) or not endpoint.startswith(("http://", "https://")):
        return None
    if _origin(endpoint) != _origin(provider.issuer):
        # The portal's content security policy lets forms lead to the issuer's origin only.
        return None
    query = urllib.parse.urlencode(
        {"client_id": provider.client_id, "post_logout_redirect_uri": post_logout_redirect_uri}
    )
    return f"{endpoint}{'&' if '?' in endpoint else '?'}{query}"


def check_state(pending: dict | None, *, state: str, kind_expected: str | None = None) -> dict:
    """Return the pending login this answer belongs to, or refuse it.

    The caller has already taken the pending login out of the session: a state is used once.
    """
    if not pending or not isinstance(pending, dict):
        raise LoginFailed("no login was started in this session, or it was used", kind=EXPIRED)
    if not state or not hmac.compare_digest(str(pending.get("state", "")), state):
        raise LoginFailed("the state does not match the one in the session", kind=EXPIRED)
    if time.time() - float(pending.get("started", 0)) > PENDING_SECONDS:
        raise LoginFailed("the login was started more than ten minutes ago", kind=EXPIRED)
    return pending


def exchange_code(
    provider: LoginProvider, *, code: str, redirect_uri: str, verifier: str, timeout: float
) -> str:
    """Trade the code for tokens at the token endpoint; return the ID token (not verified)."""
    document = discover(provider, timeout=timeout)
    form = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": redirect_uri,
        "code_verifier": verifier,
    }
    headers = {}
    if provider.client_auth == "client_secret_post":
        form |= {"client_id": provider.client_id, "client_secret": provider.client_secret}
    else:
        # RFC 6749 §2.3.1: both parts form-encoded before base64.
        pair = (
            f"{urllib.parse.quote(provider.client_id, safe='')}:"
            f"{urllib.parse.quote(provider.client_secret, safe='')}"
        )
        headers["Authorization"] = "Basic " + base64.b64encode(pair.encode()).decode()
    status, answer = _request(
        document["token_endpoint"], timeout=timeout, data=form, headers=headers
    )
    if status != 200:
        error = str(answer.get("error", ""))[:100]
        description = str(answer.get("error_description", ""))[:200]
        raise LoginFailed(
            f"the token endpoint refused: HTTP {status} {error} {description}".strip(),
            kind=UNAVAILABLE,
        )
    id_token = answer.get("id_token")
    if not isinstance(id_token, str) or not id_token:
        raise LoginFailed("the token endpoint gave no id_token")
    return id_token


def _key_set(jwks_uri: str, *, timeout: float, refresh: bool) -> jwt.PyJWKSet:
    with _cache_lock:
        cached = _key_sets.get(jwks_uri)
    if cached and not refresh and time.monotonic() - cached[0] < CACHE_SECONDS:
        return cached[1]
    status, document = _request(jwks_uri, timeout=timeout)
    if status != 200:
        raise LoginFailed(f"the key set answered HTTP {status}", kind=UNAVAILABLE)
    signing = [k for k in document.get("keys", []) if isinstance(k, dict) and k.get("use") != "enc"]
    try:
        key_set = jwt.PyJWKSet.from_dict({"keys": signing})
    except jwt.PyJWTError as error:
        raise LoginFailed(f"the key set has no usable key: {error}", kind=UNAVAILABLE) from error
    with _cache_lock:
        _key_sets[jwks_uri] = (time.monotonic(), key_set)
    return key_set


def _signing_key(jwks_uri: str, kid: str | None, *, timeout: float) -> jwt.PyJWK:
    for refresh in (False, True):  # a key we do not know: the provider may have rotated
        keys = _key_set(jwks_uri, timeout=timeout, refresh=refresh).keys
        if kid is None and len(keys) == 1:
            return keys[0]
        for key in keys:
            if kid is not None and key.key_id == kid:
                return key
    raise LoginFailed(f"the ID token is signed with a key the provider does not publish ({kid})")


def verify_id_token(
    provider: LoginProvider, id_token: str, *, nonce: str, timeout: float, leeway: int
) -> dict:
    """Return the ID token's claims once its signature, issuer, audience, times and nonce hold."""
    document = discover(provider, timeout=timeout)
    try:
        header = jwt.get_unverified_header(id_token)
    except jwt.PyJWTError as error:
        raise LoginFailed(f"the ID token is not a JWT: {error}") from error
    if header.get("alg") not in ALGORITHMS:
        raise LoginFailed(f"the ID token is signed with {header.get('alg')!r}, not RS256")
    key = _signing_key(document["jwks_uri"], header.get("kid"), timeout=timeout)
    try:
        claims = jwt.decode(
            id_token,
            key=key.key,
            algorithms=ALGORITHMS,
            audience=provider.client_id,
            issuer=document["issuer"],
            leeway=leeway,
            options={"require": ["iss", "sub", "aud", "exp", "iat", "nonce"]},
        )
    except jwt.PyJWTError as error:
        raise LoginFailed(f"the ID token did not pass: {type(error).__name__}: {error}") from error
    if not isinstance(claims.get("iat"), int | float):
        raise LoginFailed("the ID token's iat is not a number")
    if time.time() - claims["iat"] > MAX_TOKEN_AGE_SECONDS + leeway:
        raise LoginFailed("the ID token was issued too long ago")
    if not hmac.compare_digest(str(claims.get("nonce")), nonce):
        raise LoginFailed("the ID token's nonce is not the one we sent")
    audiences = claims["aud"] if isinstance(claims["aud"], list) else [claims["aud"]]
    azp = claims.get("azp")
    if (len(audiences) > 1 or azp is not None) and azp != provider.client_id:
        raise LoginFailed("the ID token is meant for another party too (azp)")
    return claims


def identity_from(provider: LoginProvider, claims: dict) -> Identity:
    """Read who logged in from verified claims: a BSN (DigiD), or a KVK number and the acting
    person's pseudonym (eHerkenning, never a BSN), and the level from ``acr``."""
    acr = claims.get("acr") if isinstance(claims.get("acr"), str) else ""
    level = assurance.level_for(acr, overrides=provider.acr_levels)
    raw = claims.get(provider.identity_claim)
    if not isinstance(raw, str | int) or isinstance(raw, bool):
        raise LoginFailed(f"the ID token has no {provider.identity_claim!r} claim")
    value = str(raw).strip()
    if provider.kind == "digid":
        if value.startswith(BSN_SECTOR_PREFIX):
            value = value[len(BSN_SECTOR_PREFIX) :]
        value = bsn_rules.normalise(value)
        if not bsn_rules.passes_11_test(value):
            raise LoginFailed("the BSN in the ID token does not pass the 11-test")
        return Identity(kind="digid", number=value, acting="", assurance=level, acr=acr)
    if len(value) != 8 or not value.isascii() or not value.isdigit():
        raise LoginFailed("the KVK number in the ID token is not 8 digits")
    acting = claims.get(provider.acting_claim)
    if not isinstance(acting, str) or not acting.strip() or len(acting) > 200:
        raise LoginFailed(f"the ID token has no usable {provider.acting_claim!r} claim")
    return Identity(
        kind="eherkenning", number=value, acting=acting.strip(), assurance=level, acr=acr
    )


def complete(
    provider: LoginProvider,
    pending: dict,
    *,
    code: str,
    redirect_uri: str,
    timeout: float,
    leeway: int,
    response_issuer: str | None = None,
) -> Identity:
    """Finish a login whose state was checked: trade the code (with the PKCE verifier), verify
    the ID token against the nonce, and read the identity."""
    if not code:
        raise LoginFailed("the provider sent no code")
    if response_issuer is not None:
        # RFC 9207: a provider that names itself in the answer must be the one we asked.
        document = discover(provider, timeout=timeout)
        if response_issuer != document["issuer"]:
            raise LoginFailed(f"the answer names issuer {response_issuer[:100]!r}, not ours")
    id_token = exchange_code(
        provider,
        code=code,
        redirect_uri=redirect_uri,
        verifier=pending["verifier"],
        timeout=timeout,
    )
    claims = verify_id_token(
        provider, id_token, nonce=pending["nonce"], timeout=timeout, leeway=leeway
    )
    return identity_from(provider, claims)
