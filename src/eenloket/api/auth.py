"""Who is calling: the bearer token of a partner system (decision 0040).

The token names a client; the request then acts as the client's service account through its
team membership (``Actor.worker(..., via="api")``), so the policy point decides and logs every
read as for that team. A session cookie of a worker never opens the API.
"""

from __future__ import annotations

from django.conf import settings
from ninja.security.base import AuthBase
from ninja.throttling import AuthRateThrottle

from eenloket.api import selectors, services
from eenloket.core.actor import Actor

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


class ClientRateThrottle(AuthRateThrottle):
    """At most ``EENLOKET_API_RATE`` requests per client (default 600 a minute); past it, 429
    with ``Retry-After``. Counted in Django's cache: per process with the default local-memory
    cache, shared between processes once a shared cache (Redis, the database) is configured."""

    def __init__(self):
        super().__init__(DEFAULT_RATE)

    def allow_request(self, request) -> bool:
        self.rate = getattr(settings, "EENLOKET_API_RATE", DEFAULT_RATE)
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request)

    def get_cache_key(self, request) -> str:
        return f"eenloket_api_rate_{request.auth.pk}"
