"""Writes for partner API clients: create, issue and rotate tokens, revoke (decision 0040).

A token is ``elk_<prefix>_<secret>``: the prefix (12 hex characters) finds the row, the secret
(32 random bytes) makes it unguessable, and only the SHA-256 of the whole token is stored, so a
copy of the database opens nothing. The token is returned once, by the service that makes it.
Every write records an audit entry in the same transaction.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import secrets
import uuid
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from eenloket.access import api as api_rules
from eenloket.accounts.models import Membership, User
from eenloket.api.models import (
    ApiClient,
    ApiToken,
    DeliveryStatus,
    WebhookDelivery,
    WebhookEndpoint,
)
from eenloket.api.states import DELIVERY
from eenloket.audit import processing
from eenloket.core import clock, crypto
from eenloket.core.actor import Actor
from eenloket.core.errors import DomainError

TOKEN_PREFIX = "elk"
DEFAULT_LIFETIME = dt.timedelta(days=365)
DEFAULT_OVERLAP = dt.timedelta(days=7)
MAX_OVERLAP = dt.timedelta(days=30)


def digest(token: str) -> str:
    """The SHA-256 of a token, as stored."""
    return hashlib.sha256(token.encode()).hexdigest()


def _new_token(client: ApiClient, *, lifetime: dt.timedelta) -> tuple[ApiToken, str]:
    prefix = secrets.token_hex(6)
    raw = f"{TOKEN_PREFIX}_{prefix}_{secrets.token_urlsafe(32)}"
    now = clock.now()
    token = ApiToken.objects.create(
        client=client, prefix=prefix, digest=digest(raw), created_at=now, expires_at=now + lifetime
    )
    return token, raw


def _audit(actor: Actor, action: str, client: ApiClient, changes: dict) -> None:
    processing.record_change(
        actor=actor, action=action, object_type="api_client", object_id=client.pk, changes=changes
    )


@transaction.atomic
def client_create(
    *,
    name: str,
    team,
    scopes: list[str],
    actor: Actor,
    lifetime: dt.timedelta = DEFAULT_LIFETIME,
) -> tuple[ApiClient, str]:
    """Register a partner system for ``team`` (and so its organisation) with ``scopes``; return
    the client and its first token, shown once. The client acts through a service account with
    a partner-worker membership of the team: the policy point decides for it as for that team."""
    name = (name or "").strip()
    if not name:
        raise DomainError(_("Give the client a name."), field="name")
    unknown = sorted(set(scopes) - set(api_rules.SCOPES))
    if unknown:
        raise DomainError(
            _("Unknown scopes: %(scopes)s.") % {"scopes": ", ".join(unknown)}, field="scopes"
        )
    if ApiClient.objects.filter(organisation=team.organisation, name=name).exists():
        raise DomainError(_("This organisation already has a client of that name."), field="name")
    user = User(
        username=f"api-{secrets.token_hex(6)}", display_name=f"API: {name}"[:200], is_active=True
    )
    user.set_unusable_password()
    user.save()
    membership = Membership.objects.create(
        user=user,
        organisation=team.organisation,
        team=team,
        role=api_rules.CLIENT_ROLE,
        valid_from=clock.today(),
    )
    client = ApiClient.objects.create(
        name=name,
        organisation=team.organisation,
        team=team,
        user=user,
        membership=membership,
        scopes=sorted(set(scopes)),
    )
    token, raw = _new_token(client, lifetime=lifetime)
    _audit(
        actor,
        "api_client_create",
        client,
        {"name": name, "team": str(team.pk), "scopes": client.scopes, "token": token.prefix},
    )
    return client, raw


@transaction.atomic
def client_scopes_change(*, client: ApiClient, scopes: list[str], actor: Actor) -> ApiClient:
    """Give a client other scopes; its tokens keep working. The API reads the scopes with the
    token on every request, so a scope taken away is refused from the very next call."""
    client = ApiClient.objects.select_for_update().get(pk=client.pk)
    if not client.active:
        raise DomainError(_("This client is revoked."))
    unknown = sorted(set(scopes) - set(api_rules.SCOPES))
    if unknown:
        raise DomainError(
            _("Unknown scopes: %(scopes)s.") % {"scopes": ", ".join(unknown)}, field="scopes"
        )
    if not scopes:
        raise DomainError(_("Choose at least one thing the system may ask."), field="scopes")
    old, new = list(client.scopes), sorted(set(scopes))
    if new == sorted(old):
        raise DomainError(_("These are the scopes it has now: nothing changes."), field="scopes")
    client.scopes = new
    client.save(update_fields=["scopes", "updated_at"])
    _audit(
        actor,
        "api_client_scopes_change",
        client,
        {
            "scopes": {"old": old, "new": new},
            "added": sorted(set(new) - set(old)),
            "removed": sorted(set(old) - set(new)),
        },
    )
    return client


@transaction.atomic
def token_rotate(
    *,
    client: ApiClient,
    actor: Actor,
    overlap: dt.timedelta = DEFAULT_OVERLAP,
    lifetime: dt.timedelta = DEFAULT_LIFETIME,
) -> tuple[ApiToken, str]:
    """Issue a new token; the client's older tokens keep working for ``overlap`` at most (so the
    partner can switch without an outage), then expire. Return the new token, shown once."""
    client = ApiClient.objects.select_for_update().get(pk=client.pk)
    if not client.active:
        raise DomainError(_("This client is revoked."))
    if overlap < dt.timedelta(0) or overlap > MAX_OVERLAP:
        raise DomainError(_("The overlap is at most 30 days."), field="overlap")
    now = clock.now()
    ends = now + overlap
    old = list(client.tokens.filter(revoked_at__isnull=True, expires_at__gt=ends))
    for token in old:
        token.expires_at = max(ends, token.created_at + dt.timedelta(seconds=1))
        token.save(update_fields=["expires_at", "updated_at"])
    token, raw = _new_token(client, lifetime=lifetime)
    _audit(
        actor,
        "api_token_rotate",
        client,
        {"token": token.prefix, "old_until": ends.isoformat(), "old": [t.prefix for t in old]},
    )
    return token, raw


@transaction.atomic
def token_revoke(*, token: ApiToken, actor: Actor) -> ApiToken:
    """Revoke one token at once (a token that leaked)."""
    token = ApiToken.objects.select_for_update().select_related("client").get(pk=token.pk)
    if token.revoked_at is None:
        token.revoked_at = clock.now()
        token.save(update_fields=["revoked_at", "updated_at"])
        _audit(actor, "api_token_revoke", token.client, {"token": token.prefix})
    return token


@transaction.atomic
def client_revoke(*, client: ApiClient, actor: Actor) -> ApiClient:
    """Revoke a client and every token of it at once; its service account is disabled."""
    client = ApiClient.objects.select_for_update().get(pk=client.pk)
    if client.revoked_at is not None:
        return client
    now = clock.now()
    client.revoked_at = now
    client.save(update_fields=["revoked_at", "updated_at"])
    client.tokens.filter(revoked_at__isnull=True).update(revoked_at=now)
    User.objects.filter(pk=client.user_id).update(is_active=False)
    _audit(actor, "api_client_revoke", client, {"name": client.name})
    return client


def token_touch(token: ApiToken) -> None:
    """Note when a token was last used, at most once a minute (a write per request would be
    the busiest row in the database)."""
    now = clock.now()
    if token.last_used_at is None or now - token.last_used_at > dt.timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now


MAX_WEBHOOKS = 5


def _event_floor(at: dt.datetime) -> uuid.UUID:
    """The smallest time-ordered id (UUID 7) of ``at``: the feed's events from then on. Ids
    carry the machine's real time, the project clock may be shifted (tests, demos): undo it."""
    real = at - (clock.now() - dt.datetime.now(dt.UTC))
    unix_ms = int(real.timestamp() * 1000)
    return uuid.UUID(int=(unix_ms << 80) | (0x7 << 76) | (0b10 << 62))


def _check_url(url: str) -> str:
    url = (url or "").strip()
    parts = urlsplit(url)
    allow_http = getattr(settings, "EENLOKET_WEBHOOK_ALLOW_HTTP", settings.EENLOKET_MODE == "demo")
    schemes = ("https", "http") if allow_http else ("https",)
    if parts.scheme not in schemes or not parts.hostname or parts.username or parts.password:
        raise DomainError(
            _("Give an https address without a user name or password in it."), field="url"
        )
    return url


def _check_secret(secret: str | None) -> str:
    if not secret:
        return "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode()
    try:
        key = base64.b64decode(secret.removeprefix("whsec_"), validate=True)
    except ValueError:
        key = b""
    if not 24 <= len(key) <= 64:
        raise DomainError(
            _("The secret is whsec_ followed by 24 to 64 bytes in base64."), field="secret"
        )
    return secret


@transaction.atomic
def webhook_register(
    *, client: ApiClient, url: str, secret: str | None, actor: Actor, replay_from=None
) -> tuple[WebhookEndpoint, str]:
    """Register an endpoint that gets the client's team's events pushed, signed with ``secret``
    (made when not given; returned once). Events from ``replay_from`` on (at most 30 days back),
    else from now: an endpoint registered later can catch up from the feed."""
    url = _check_url(url)
    secret = _check_secret(secret)
    now = clock.now()
    start = replay_from or now
    if start < now - dt.timedelta(days=30) or start > now:
        raise DomainError(
            _("Replay from a moment in the last 30 days, not in the future."), field="replay_from"
        )
    if client.webhooks.filter(disabled_at__isnull=True).count() >= MAX_WEBHOOKS:
        raise DomainError(_("A client has at most 5 webhooks. Remove one first."))
    endpoint = WebhookEndpoint.objects.create(
        client=client,
        url=url,
        secret_encrypted=crypto.encrypt(secret),
        cursor=_event_floor(start),
    )
    _audit(actor, "api_webhook_register", client, {"webhook": str(endpoint.pk), "url": url})
    return endpoint, secret


@transaction.atomic
def webhook_remove(*, endpoint: WebhookEndpoint, actor: Actor) -> WebhookEndpoint:
    """Stop pushing to an endpoint; what it was sent stays on record."""
    endpoint = WebhookEndpoint.objects.select_for_update().get(pk=endpoint.pk)
    if endpoint.disabled_at is None:
        endpoint.disabled_at = clock.now()
        endpoint.save(update_fields=["disabled_at", "updated_at"])
        endpoint.deliveries.filter(status=DeliveryStatus.PENDING).update(
            status=DeliveryStatus.FAILED, last_error="endpoint removed"
        )
        _audit(actor, "api_webhook_remove", endpoint.client, {"webhook": str(endpoint.pk)})
    return endpoint


@transaction.atomic
def delivery_retry(*, delivery: WebhookDelivery, actor: Actor) -> WebhookDelivery:
    """Put a delivery that was given up back in line (the partner fixed its endpoint)."""
    delivery = WebhookDelivery.objects.select_for_update().get(pk=delivery.pk)
    delivery.status = DELIVERY.check(delivery.status, "retry").target
    delivery.attempts = 0
    delivery.next_attempt_at = clock.now()
    delivery.save(update_fields=["status", "attempts", "next_attempt_at", "updated_at"])
    return delivery
