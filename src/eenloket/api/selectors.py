"""Reads for partner API clients: who a bearer token names (decision 0040)."""

from __future__ import annotations

import hmac
import re
from dataclasses import dataclass

from eenloket.access import direct_lines
from eenloket.api.models import ApiClient, ApiToken, WebhookEndpoint
from eenloket.api.services import digest
from eenloket.core import clock
from eenloket.core.actor import Actor
from eenloket.directory.models import Organisation

TOKEN = re.compile(r"^elk_([0-9a-f]{12})_[A-Za-z0-9_-]{20,100}$")

MISSING, MALFORMED, UNKNOWN, EXPIRED, REVOKED = (
    "missing",
    "malformed",
    "unknown",
    "expired",
    "revoked",
)


@dataclass(frozen=True)
class TokenCheck:
    """Who a token names, or why it names nobody (``problem``)."""

    token: ApiToken | None = None
    problem: str = ""

    @property
    def client(self) -> ApiClient | None:
        return self.token.client if self.token else None


def check_token(raw: str | None) -> TokenCheck:
    """Find the client of a bearer token: one query. A token that is unknown, or whose secret
    does not match, gets the same answer ("unknown"); the comparison takes constant time."""
    if not raw:
        return TokenCheck(problem=MISSING)
    match = TOKEN.match(raw.strip())
    if match is None:
        return TokenCheck(problem=MALFORMED)
    token = (
        ApiToken.objects.select_related(
            "client__user", "client__membership__team", "client__organisation"
        )
        .filter(prefix=match.group(1))
        .first()
    )
    if token is None or not hmac.compare_digest(token.digest, digest(raw.strip())):
        return TokenCheck(problem=UNKNOWN)
    if token.revoked_at is not None or token.client.revoked_at is not None:
        return TokenCheck(problem=REVOKED)
    if not token.client.user.is_active:
        return TokenCheck(problem=REVOKED)
    if clock.now() >= token.expires_at:
        return TokenCheck(problem=EXPIRED)
    return TokenCheck(token=token)


def clients(*, organisation=None) -> list[ApiClient]:
    """Every client (of one organisation), with its tokens, for the command's listing."""
    found = ApiClient.objects.select_related("organisation", "team").prefetch_related("tokens")
    if organisation is not None:
        found = found.filter(organisation=organisation)
    return list(found)


def client_by_id(client_id) -> ApiClient | None:
    return ApiClient.objects.filter(pk=client_id).first()


def token_by_prefix(prefix: str) -> ApiToken | None:
    return ApiToken.objects.select_related("client").filter(prefix=prefix).first()


# The directory, as the API pages it (no personal data: the policy point is not involved; the
# direct lines are shown only when access.api.may_see_direct_lines says so).


def organisations_page(*, text: str = "", kind: str = "", after=None, limit: int = 50):
    """A page of organisations by id (time-ordered), with a name filter. One query."""

    rows = Organisation.objects.all()
    if text:
        rows = rows.filter(name__icontains=text)
    if kind:
        rows = rows.filter(kind=kind)
    if after is not None:
        rows = rows.filter(pk__gt=after)
    return list(rows.order_by("pk")[:limit])


def contact_points_page(*, actor: Actor, organisation_id=None, after=None, limit: int = 50):
    """A page of the direct lines the client's team may see (decision 0053), by id, of one
    organisation or all. One query."""

    rows = direct_lines.visible_contact_points(actor).select_related("team__organisation")
    if organisation_id is not None:
        rows = rows.filter(team__organisation_id=organisation_id)
    if after is not None:
        rows = rows.filter(pk__gt=after)
    return list(rows.order_by("pk")[:limit])


def organisation_with_services(organisation_id, *, actor: Actor, with_lines: bool):
    """An organisation with its services and (when asked) the direct lines of it the client's
    team may see. Three queries."""

    organisation = Organisation.objects.filter(pk=organisation_id).first()
    if organisation is None:
        return None
    organisation.service_list = list(organisation.services.order_by("name"))
    organisation.contact_point_list = (
        list(
            direct_lines.visible_contact_points(actor)
            .filter(team__organisation=organisation)
            .select_related("team__organisation")
            .order_by("name")
        )
        if with_lines
        else None
    )
    return organisation


def webhooks_of(client: ApiClient) -> list[WebhookEndpoint]:
    """The client's registered endpoints that are still in use."""
    return list(client.webhooks.filter(disabled_at__isnull=True).order_by("created_at"))


def webhook_of(client: ApiClient, webhook_id) -> WebhookEndpoint | None:
    """One endpoint of the client, also a removed one (another client's is None: not found)."""
    return client.webhooks.filter(pk=webhook_id).first()


def deliveries_of(endpoint: WebhookEndpoint, *, after=None, limit: int = 50):
    """The endpoint's deliveries, newest first, a page after the id ``after``."""
    rows = endpoint.deliveries.all()
    if after is not None:
        rows = rows.filter(pk__lt=after)
    return list(rows.order_by("-pk")[: max(1, min(limit, 100))])
