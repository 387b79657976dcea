"""Who is calling: the bearer token of a partner system (decision 0040).

The token names a client; the request then acts as the client's service account through its
team membership (``Actor.worker(..., via="api")``), so the policy point decides and logs every
read as for that team. A session cookie of a worker never opens the API.
"""

from __future__ import annotations

from django.conf import settings
from ninja.security.base import AuthBase
from ninja.throttling import SimpleRateThrottle

from eenloket.api import rate, selectors, services
from eenloket.core.actor import Actor
from eenloket.core.http import client_address

DEFAULT_RATE = "600/m"


class Unauthenticated(Exception):
    """No usable token; ``reason`` says why (missing, malformed, unknown, expired, revoked)."""

    def __init__(self, reason: str):
        self.reason = reason
        super().__init__(reason)


class ClientToken(AuthBase):
    """``Authorization: Bearer elk_<prefix>_<secret>``."""

    openapi_type = "http"
    openapi_scheme = "bearer"
    openapi_bearerFormat = "elk_<prefix>_<secret>"

    def __call__(self, request):
        value = request.headers.get("Authorization", "")
        scheme, _sep, token = value.partition(" ")
        if not value:
            raise Unauthenticated(selectors.MISSING)
        if scheme.lower() != "bearer":
            raise Unauthenticated(selectors.MALFORMED)
        checked = selectors.check_token(token)
        if checked.token is None:
            raise Unauthenticated(checked.problem)
        services.token_touch(checked.token)
        client = checked.client
        request.actor = Actor.worker(client.user, client.membership, via="api")
        request.api_client = client
        return client


class _CountedThrottle(SimpleRateThrottle):
    """A rate limit counted in the database (api/rate.py), shared by every process and machine.

    gunicorn's sync workers serve one request at a time, so what one request learns (the wait)
    may stay on the instance until ninja asks for it."""

    def __init__(self, rate: str):
        super().__init__(rate)
        self.seconds_left = 0

    def rate_now(self) -> str:
        return self.rate

    def caller(self, request) -> str | None:
        raise NotImplementedError

    def allow_request(self, request) -> bool:
        caller = self.caller(request)
        if caller is None:
            return True
        self.rate = self.rate_now()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        counted = rate.count_request(caller, self.duration)
        self.seconds_left = counted.seconds_left
        return counted.hits <= self.num_requests

    def wait(self) -> float:
        return float(self.seconds_left)


class ClientRateThrottle(_CountedThrottle):
    """At most ``EENLOKET_API_RATE`` requests per client (default 600 a minute); past it, 429
    with ``Retry-After``: the seconds until the window ends."""

    def __init__(self):
        super().__init__(DEFAULT_RATE)

    def rate_now(self) -> str:
        return getattr(settings, "EENLOKET_API_RATE", DEFAULT_RATE)

    def caller(self, request) -> str | None:
        return f"client:{request.auth.pk}" if request.auth is not None else None


class AddressRateThrottle(_CountedThrottle):
    """The public, token-free part of the API (the directory as HSDS): a limit per IP address
    (``core.http.client_address``: the one our TLS proxy saw), stored only as a keyed hash;
    ``EENLOKET_API_PUBLIC_RATE`` (default 600 a minute)."""

    def rate_now(self) -> str:
        return getattr(settings, "EENLOKET_API_PUBLIC_RATE", DEFAULT_RATE)

    def caller(self, request) -> str | None:
        address = client_address(request)
        return rate.address_caller(address) if address else None
