"""Read the citizens' login through OpenID Connect (DigiD, eHerkenning behind a broker) from the
environment, and refuse a configuration that would be unsafe (docs/login.md).

Kept free of Django imports like core/config.py, which calls it: tests check every rule with a
plain dictionary.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

# The login kinds a deployment can configure, and the environment prefix of each.
KINDS = {"digid": "EENLOKET_DIGID", "eherkenning": "EENLOKET_EHERKENNING"}
LEVELS = ("basis", "substantieel", "hoog")
CLIENT_AUTH_METHODS = ("client_secret_basic", "client_secret_post")
# The claim that names who logs in: a BSN for DigiD, a KVK number for eHerkenning.
DEFAULT_IDENTITY_CLAIM = {"digid": "bsn", "eherkenning": "kvk"}
DEFAULT_TIMEOUT_SECONDS = 10.0
DEFAULT_LEEWAY_SECONDS = 30


@dataclass(frozen=True)
class LoginProvider:
    """One login kind at one OpenID Connect provider (usually a broker)."""

    kind: str  # "digid" or "eherkenning"
    issuer: str
    discovery_url: str
    client_id: str
    client_secret: str = field(repr=False)
    scopes: tuple[str, ...] = ("openid",)
    client_auth: str = "client_secret_basic"
    # DigiD: the claim with the BSN. eHerkenning: the claim with the company's KVK number.
    identity_claim: str = "bsn"
    # eHerkenning only: the claim with a pseudonym of the person acting for the company.
    acting_claim: str = "sub"
    # acr value -> eIDAS level, added to (and overriding) the table in accounts/assurance.py.
    acr_levels: tuple[tuple[str, str], ...] = ()
    # Asked of the provider at the start (acr_values), e.g. to ask for "substantieel" at least.
    acr_values: str = ""
    # Also end the session at the provider on logout, when it publishes end_session_endpoint.
    logout_at_provider: bool = True


@dataclass(frozen=True)
class LoginConfig:
    providers: dict = field(default_factory=dict)  # kind -> LoginProvider
    callback_url: str = ""  # fixed redirect_uri; empty: built from the request
    timeout_seconds: float = DEFAULT_TIMEOUT_SECONDS
    leeway_seconds: int = DEFAULT_LEEWAY_SECONDS


def _secret(env: Mapping[str, str], name: str, problems: list[str]) -> str:
    value = env.get(name, "")
    file_name = env.get(f"{name}_FILE", "")
    if not value and file_name:
        try:
            value = Path(file_name).read_text().strip()
        except OSError as error:
            problems.append(f"{name}_FILE={file_name!r} cannot be read: {error.strerror}")
    return value.strip()


def parse_acr_levels(raw: str, name: str, problems: list[str]) -> tuple[tuple[str, str], ...]:
    """Read "acr=level,acr=level" (acr values are URNs: they hold colons, never = or ,)."""
    pairs = []
    for item in raw.split(","):
        if not item.strip():
            continue
        acr, sep, level = item.partition("=")
        if not sep or not acr.strip() or level.strip() not in LEVELS:
            problems.append(
                f"{name} holds {item.strip()!r}; write acr=level pairs separated by commas, "
                f"with level one of {', '.join(LEVELS)}"
            )
            continue
        pairs.append((acr.strip(), level.strip()))
    return tuple(pairs)


def _flag(env: Mapping[str, str], name: str, default: bool, problems: list[str]) -> bool:
    raw = env.get(name)
    if raw is None:
        return default
    word = raw.strip().lower()
    if word in {"1", "true", "yes", "on"}:
        return True
    if word in {"0", "false", "no", "off", ""}:
        return False
    problems.append(f"{name}={raw!r} is not a yes/no value (use 1/0, true/false, yes/no, on/off)")
    return default


def _provider(env, kind: str, production: bool, problems: list[str]) -> LoginProvider | None:
    prefix = KINDS[kind]
    issuer = env.get(f"{prefix}_ISSUER", "").strip().rstrip("/")
    if not issuer:
        return None
    discovery_url = env.get(f"{prefix}_DISCOVERY_URL", "").strip() or (
        issuer + "/.well-known/openid-configuration"
    )
    client_id = env.get(f"{prefix}_CLIENT_ID", "").strip()
    client_secret = _secret(env, f"{prefix}_CLIENT_SECRET", problems)
    if not client_id:
        problems.append(f"{prefix}_CLIENT_ID is not set (the broker gives it)")
    if not client_secret:
        problems.append(f"{prefix}_CLIENT_SECRET (or {prefix}_CLIENT_SECRET_FILE) is not set")
    if production:
        for name, url in ((f"{prefix}_ISSUER", issuer), (f"{prefix}_DISCOVERY_URL", discovery_url)):
            if not url.startswith("https://"):
                problems.append(f"{name} must be an https:// address in production")
    scopes = tuple(env.get(f"{prefix}_SCOPES", "openid").replace(",", " ").split())
    if "openid" not in scopes:
        scopes = ("openid", *scopes)
    client_auth = env.get(f"{prefix}_CLIENT_AUTH", "client_secret_basic").strip()
    if client_auth not in CLIENT_AUTH_METHODS:
        problems.append(f"{prefix}_CLIENT_AUTH must be one of {', '.join(CLIENT_AUTH_METHODS)}")
    claim_name = "BSN_CLAIM" if kind == "digid" else "KVK_CLAIM"
    return LoginProvider(
        kind=kind,
        issuer=issuer,
        discovery_url=discovery_url,
        client_id=client_id,
        client_secret=client_secret,
        scopes=scopes,
        client_auth=client_auth,
        identity_claim=env.get(f"{prefix}_{claim_name}", "").strip()
        or DEFAULT_IDENTITY_CLAIM[kind],
        acting_claim=env.get(f"{prefix}_ACTING_CLAIM", "").strip() or "sub",
        acr_levels=parse_acr_levels(
            env.get(f"{prefix}_ACR_LEVELS", ""), f"{prefix}_ACR_LEVELS", problems
        ),
        acr_values=env.get(f"{prefix}_ACR_VALUES", "").strip(),
        logout_at_provider=_flag(env, f"{prefix}_LOGOUT_AT_PROVIDER", True, problems),
    )


def load_login(env: Mapping[str, str], *, production: bool, problems: list[str]) -> LoginConfig:
    """Return the login configuration; add what is wrong to ``problems``."""
    providers = {}
    for kind in KINDS:
        provider = _provider(env, kind, production, problems)
        if provider is not None:
            providers[kind] = provider
    callback_url = env.get("EENLOKET_OIDC_CALLBACK_URL", "").strip()
    if callback_url and production and not callback_url.startswith("https://"):
        problems.append("EENLOKET_OIDC_CALLBACK_URL must be an https:// address in production")
    timeout = DEFAULT_TIMEOUT_SECONDS
    raw_timeout = env.get("EENLOKET_OIDC_TIMEOUT", "").strip()
    if raw_timeout:
        try:
            timeout = float(raw_timeout)
        except ValueError:
            timeout = -1
        if not 0 < timeout <= 60:
            problems.append("EENLOKET_OIDC_TIMEOUT must be a number of seconds above 0, at most 60")
            timeout = DEFAULT_TIMEOUT_SECONDS
    leeway = DEFAULT_LEEWAY_SECONDS
    raw_leeway = env.get("EENLOKET_OIDC_LEEWAY", "").strip()
    if raw_leeway:
        if not raw_leeway.isdigit() or int(raw_leeway) > 300:
            problems.append("EENLOKET_OIDC_LEEWAY must be whole seconds, at most 300")
        else:
            leeway = int(raw_leeway)
    return LoginConfig(
        providers=providers,
        callback_url=callback_url,
        timeout_seconds=timeout,
        leeway_seconds=leeway,
    )
