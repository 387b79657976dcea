"""The webhook worker: turn the feed into deliveries, claim a due one, POST it signed, record.

Each event of a team's feed (``cloudevents.team_feed``: handover events, and referral events for
a client that follows referrals; the policy point decides which events a team's client may
have) becomes one ``WebhookDelivery`` per endpoint of its clients;
the delivery's id is the ``webhook-id`` of every attempt. Signed as the Standard Webhooks
specification says: ``webhook-signature: v1,<base64 HMAC-SHA256 of "id.timestamp.body">``
with the endpoint's secret. Like the outbox (``notifications/outbox.py``): claiming, the POST
and recording the outcome are separate steps; a 2xx marks it delivered and it is never sent
again; anything else waits with back-off (30 s doubling, at most 4 hours between attempts,
15 attempts: more than a day) and the partner gets it once it is back. The only possible
duplicate is a crash between the partner's 2xx and our commit: the retry carries the same
``webhook-id``, by which the partner recognises it.

Runs as the periodic job ``webhooks`` (``scheduling/jobs.py``), as the system: endpoints and
deliveries hold no personal data (thin events); each team's events come through the policy
point as that team's client.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json
import logging
import os
import socket
import urllib.error
import urllib.request

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.db.models import Q

from eenloket.access import api as rules
from eenloket.api.cloudevents import team_feed
from eenloket.api.models import DeliveryStatus, WebhookDelivery, WebhookEndpoint
from eenloket.api.states import DELIVERY
from eenloket.core import clock, crypto
from eenloket.core.actor import Actor

logger = logging.getLogger("eenloket.api")

LEASE = dt.timedelta(seconds=60)
TIMEOUT_SECONDS = 10
MAX_ATTEMPTS = 15
BACKOFF_BASE_SECONDS = 30
BACKOFF_MAX = dt.timedelta(hours=4)
BATCH = 100


def sign(secret: str, msg_id: str, timestamp: int, body: str) -> str:
    """The ``webhook-signature`` header value for ``body`` (Standard Webhooks, v1)."""
    key = base64.b64decode(secret.removeprefix("whsec_"))
    content = f"{msg_id}.{timestamp}.{body}".encode()
    digest = hmac.new(key, content, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def client_actor(client) -> Actor:
    """The client acting as its team's system, as a request with its token does."""
    return Actor.worker(client.user, client.membership, via="api")


def _endpoints():
    return (
        WebhookEndpoint.objects.filter(disabled_at__isnull=True, client__revoked_at__isnull=True)
        .select_related("client__user", "client__membership__team")
        .order_by("pk")
    )


def enqueue() -> int:
    """Make a delivery of every new event of each endpoint's team (after its cursor); return how
    many. The events come from the policy point as the client: a team's endpoint gets exactly
    the events its client may poll from the feed."""
    made = 0
    for endpoint in _endpoints():
        granted = set(endpoint.client.scopes)
        if not granted & {rules.HANDOVERS_READ.name, rules.REFERRALS_WRITE.name}:
            continue
        actor = client_actor(endpoint.client)
        while True:
            events = team_feed(actor, granted, after=endpoint.cursor, limit=BATCH)
            if not events:
                break
            with transaction.atomic():
                for event_id, event in events:
                    body = json.dumps(event, cls=DjangoJSONEncoder, separators=(",", ":"))
                    _, created = WebhookDelivery.objects.get_or_create(
                        endpoint=endpoint,
                        event_id=event_id,
                        defaults={"event_type": event["type"], "body": body},
                    )
                    made += created
                endpoint.cursor = events[-1][0]
                WebhookEndpoint.objects.filter(pk=endpoint.pk).update(cursor=endpoint.cursor)
            if len(events) < BATCH:
                break
    return made


def _due():
    now = clock.now()
    pending = Q(status=DeliveryStatus.PENDING, next_attempt_at__lte=now)
    abandoned = Q(status=DeliveryStatus.SENDING, lease_until__lt=now)  # its worker died
    return WebhookDelivery.objects.filter(pending | abandoned).order_by("next_attempt_at", "pk")


def claim(worker_id: str) -> WebhookDelivery | None:
    """Take the next due delivery for this worker, or None. Commits the claim."""
    with transaction.atomic():
        candidates = _due()
        if connection.vendor == "postgresql":
            candidates = candidates.select_for_update(skip_locked=True)
        else:
            candidates = candidates.select_for_update()
        delivery = candidates.first()
        if delivery is None:
            return None
        DELIVERY.require(delivery.status, "take_over" if delivery.status == "sending" else "claim")
        delivery.status = DeliveryStatus.SENDING
        delivery.lease_owner = worker_id[:100]
        delivery.lease_until = clock.now() + LEASE
        delivery.save(update_fields=["status", "lease_owner", "lease_until"])
    return delivery


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A redirect is an answer that is not a 2xx: never follow it somewhere else."""

    def redirect_request(self, *args, **kwargs):
        return None


_opener = urllib.request.build_opener(_NoRedirect)


def _post(delivery: WebhookDelivery, endpoint: WebhookEndpoint) -> int:
    timestamp = int(clock.now().timestamp())
    msg_id = str(delivery.pk)
    secret = crypto.decrypt(endpoint.secret_encrypted)
    if not endpoint.url.startswith(("https://", "http://")):
        raise ValueError("not an http(s) address")
    # The scheme is checked here and at registration (services.webhook_register).
    request = urllib.request.Request(  # noqa: S310
        endpoint.url,
        data=delivery.body.encode(),
        method="POST",
        headers={
            "Content-Type": "application/json",
            "User-Agent": "eenloket-webhooks/1",
            "webhook-id": msg_id,
            "webhook-timestamp": str(timestamp),
            "webhook-signature": sign(secret, msg_id, timestamp, delivery.body),
        },
    )
    try:
        with _opener.open(request, timeout=TIMEOUT_SECONDS) as answer:
            return answer.status
    except urllib.error.HTTPError as error:
        return error.code


def send(delivery: WebhookDelivery) -> str:
    """POST a claimed delivery; return its new status."""
    endpoint = WebhookEndpoint.objects.get(pk=delivery.endpoint_id)
    status_code, error = None, ""
    try:
        status_code = _post(delivery, endpoint)
    except (TimeoutError, OSError, ValueError) as failure:  # refused, unreachable, timed out
        error = f"{type(failure).__name__}: {failure}"[:500]
    with transaction.atomic():
        delivery.attempts += 1
        delivery.last_status_code = status_code
        delivery.lease_until = None
        if status_code is not None and 200 <= status_code < 300:
            delivery.status = DELIVERY.check(delivery.status, "deliver").target
            delivery.delivered_at = clock.now()
            delivery.last_error = ""
        else:
            delivery.last_error = error or f"HTTP {status_code}"
            if delivery.attempts >= MAX_ATTEMPTS:
                delivery.status = DELIVERY.check(delivery.status, "give_up").target
            else:
                delivery.status = DELIVERY.check(delivery.status, "retry_later").target
                delivery.next_attempt_at = clock.now() + backoff(delivery.attempts)
        delivery.save()
    if delivery.status != DeliveryStatus.DELIVERED:
        logger.warning("webhook delivery %s failed: %s", delivery.pk, delivery.last_error)
    return delivery.status


def backoff(attempts: int) -> dt.timedelta:
    """How long to wait after ``attempts`` failed attempts: 30 s, 1 min, 2 min … at most 4 h."""
    seconds = BACKOFF_BASE_SECONDS * 2 ** max(attempts - 1, 0)
    return min(dt.timedelta(seconds=seconds), BACKOFF_MAX)


def send_due(worker_id: str, limit: int = 100) -> int:
    """Send up to ``limit`` due deliveries; return how many were handled."""
    handled = 0
    while handled < limit:
        delivery = claim(worker_id)
        if delivery is None:
            break
        send(delivery)
        handled += 1
    return handled


def deliver_due() -> int:
    """The periodic job: new events into deliveries, then send what is due."""
    enqueue()
    return send_due(f"webhooks-{socket.gethostname()}-{os.getpid()}")
