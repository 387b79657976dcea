"""Read the workers' login through their own organisation's OpenID Connect provider (Entra ID,
Keycloak, …) from the environment (docs/workers.md, decision 0041). Free of Django imports,
like login_config.py.

``EENLOKET_WORKER_OIDC=uwv,gemeente`` names the providers; for each name ``<N>`` (upper case):
``EENLOKET_WORKER_OIDC_<N>_ISSUER``, ``_CLIENT_ID``, ``_CLIENT_SECRET`` (or ``_FILE``),
``_ORGANISATION`` (the organisation's OIN: only its workers log in this way), ``_LABEL`` (shown
on the login page), ``_USERNAME_CLAIM`` (default ``preferred_username``; its value is the
worker's user name here) and ``_MFA_AMR`` (``amr`` values that prove a second factor at the
provider, default ``mfa,otp,hwk,swk``: then we do not ask our own code).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from eenloket.core.login_config import CLIENT_AUTH_METHODS, LoginProvider, _secret

DEFAULT_MFA_AMR = ("mfa", "otp", "hwk", "swk")


@dataclass(frozen=True)
class WorkerLoginProvider:
    slug: str
    label: str
    organisation_oin: str
    username_claim: str
    mfa_amr: tuple[str, ...]
    provider: LoginProvider


def load_worker_login(
    env: Mapping[str, str], *, production: bool, problems: list[str]
) -> dict[str, WorkerLoginProvider]:
    """Return the configured providers by slug; add every problem to ``problems``."""
    found = {}
    for slug in [s.strip().lower() for s in env.get("EENLOKET_WORKER_OIDC", "").split(",")]:
        if not slug:
            continue
        if not re.fullmatch(r"[a-z0-9]{1,30}", slug):
            problems.append(f"EENLOKET_WORKER_OIDC holds {slug!r}: use letters and digits only")
            continue
        prefix = f"EENLOKET_WORKER_OIDC_{slug.upper()}"
        issuer = env.get(f"{prefix}_ISSUER", "").strip().rstrip("/")
        client_id = env.get(f"{prefix}_CLIENT_ID", "").strip()
        secret = _secret(env, f"{prefix}_CLIENT_SECRET", problems)
        oin = env.get(f"{prefix}_ORGANISATION", "").strip()
        for name, value in (
            ("ISSUER", issuer),
            ("CLIENT_ID", client_id),
            ("CLIENT_SECRET", secret),
        ):
            if not value:
                problems.append(f"{prefix}_{name} is not set")
        if not re.fullmatch(r"\d{20}", oin):
            problems.append(f"{prefix}_ORGANISATION must be the organisation's OIN (20 digits)")
        if production and issuer and not issuer.startswith("https://"):
            problems.append(f"{prefix}_ISSUER must be an https:// address in production")
        client_auth = env.get(f"{prefix}_CLIENT_AUTH", "client_secret_basic").strip()
        if client_auth not in CLIENT_AUTH_METHODS:
            problems.append(f"{prefix}_CLIENT_AUTH must be one of {', '.join(CLIENT_AUTH_METHODS)}")
        amr = tuple(
            a.strip() for a in env.get(f"{prefix}_MFA_AMR", ",".join(DEFAULT_MFA_AMR)).split(",")
        )
        found[slug] = WorkerLoginProvider(
            slug=slug,
            label=env.get(f"{prefix}_LABEL", "").strip() or slug,
            organisation_oin=oin,
            username_claim=env.get(f"{prefix}_USERNAME_CLAIM", "").strip() or "preferred_username",
            mfa_amr=tuple(a for a in amr if a),
            provider=LoginProvider(
                kind="worker",
                issuer=issuer,
                discovery_url=env.get(f"{prefix}_DISCOVERY_URL", "").strip()
                or f"{issuer}/.well-known/openid-configuration",
                client_id=client_id,
                client_secret=secret,
                scopes=("openid", "profile", "email"),
                client_auth=client_auth,
                identity_claim="",
                logout_at_provider=False,
            ),
        )
    return found
