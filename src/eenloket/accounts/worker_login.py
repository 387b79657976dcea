"""Who a worker is after logging in at their own organisation's OpenID Connect provider
(decision 0041). The protocol (state, nonce, PKCE, the ID token's checks) is accounts/oidc.py's;
this module maps verified claims to a worker account and says whether the provider already
asked a second factor.

A worker is found by the configured claim (``preferred_username`` by default) as their user name
here, and only when they have a current membership of the organisation the provider belongs to:
another organisation's provider cannot log in someone else's worker.
"""

from __future__ import annotations

from eenloket.accounts import oidc
from eenloket.accounts.models import Membership, User
from eenloket.core import clock
from eenloket.core.worker_login_config import WorkerLoginProvider
from eenloket.directory.models import Organisation


def worker_for(setup: WorkerLoginProvider, claims: dict) -> User:
    """Return the active worker the verified claims name, or raise ``oidc.LoginFailed``."""
    raw = claims.get(setup.username_claim)
    if not isinstance(raw, str) or not raw.strip() or len(raw) > 150:
        raise oidc.LoginFailed(f"the ID token has no usable {setup.username_claim!r} claim")
    username = raw.strip().lower()
    organisation = Organisation.objects.filter(oin=setup.organisation_oin).first()
    user = User.objects.filter(username=username, is_active=True, is_demo=False).first()
    if organisation is None or user is None:
        raise oidc.LoginFailed(f"no worker account {username!r} for this provider")
    today = clock.today()
    current = [
        m
        for m in Membership.objects.filter(user=user, organisation=organisation)
        if m.is_current(today)
    ]
    if not current:
        raise oidc.LoginFailed(f"{username!r} has no current membership of {organisation.name}")
    return user


def second_factor_done(setup: WorkerLoginProvider, claims: dict) -> bool:
    """Tell whether the provider says it asked a second factor (an ``amr`` value we accept)."""
    amr = claims.get("amr")
    if isinstance(amr, str):
        amr = [amr]
    if not isinstance(amr, list):
        return False
    return any(isinstance(value, str) and value in setup.mfa_amr for value in amr)
