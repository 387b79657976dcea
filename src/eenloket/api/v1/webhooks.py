"""/api/v1/webhooks: where the team's events are pushed, signed (Standard Webhooks), and how
each delivery went (decision 0047). The events are the feed's (``/events``); the worker
delivers them (``api/webhooks.py``)."""

from __future__ import annotations

from uuid import UUID

from django.http import Http404
from ninja import Query, Router, Status

from eenloket.access import api as rules
from eenloket.api import selectors, services
from eenloket.api.idempotency import idempotent
from eenloket.api.v1.common import ERRORS, WRITE_ERRORS, actor, next_id_cursor, scopes
from eenloket.api.v1.schemas import (
    DeliveryPage,
    WebhookCreated,
    WebhookIn,
    WebhookList,
    WebhookOut,
)

router = Router(tags=["webhooks"])
CURSOR = Query(None, description="next_cursor of the previous page.")


def _webhook(endpoint) -> dict:
    return {
        "id": endpoint.pk,
        "url": endpoint.url,
        "created_at": endpoint.created_at,
        "active": endpoint.disabled_at is None,
    }


def _endpoint(request, webhook_id):
    rules.require(scopes(request), rules.WEBHOOKS_MANAGE)
    endpoint = selectors.webhook_of(request.api_client, webhook_id)
    if endpoint is None:
        raise Http404
    return endpoint


@router.post(
    "/register",
    response={201: WebhookCreated, **WRITE_ERRORS},
    operation_id="webhook_register",
    url_name="webhook_register",
    summary="Register an endpoint for the team's events; the secret is shown once",
)
@idempotent
def webhook_register(request, payload: WebhookIn):
    rules.require(scopes(request), rules.WEBHOOKS_MANAGE)
    endpoint, secret = services.webhook_register(
        client=request.api_client,
        url=payload.url,
        secret=payload.secret,
        replay_from=payload.replay_from,
        actor=actor(request),
    )
    return Status(201, {**_webhook(endpoint), "secret": secret})


@router.get(
    "",
    response={200: WebhookList, **ERRORS},
    operation_id="webhook_list",
    url_name="webhook_list",
    summary="The client's registered endpoints",
)
def webhook_list(request):
    rules.require(scopes(request), rules.WEBHOOKS_MANAGE)
    return {"items": [_webhook(e) for e in selectors.webhooks_of(request.api_client)]}


@router.post(
    "/{webhook_id}/remove",
    response={200: WebhookOut, **WRITE_ERRORS},
    operation_id="webhook_remove",
    url_name="webhook_remove",
    summary="Stop pushing to an endpoint (what was sent stays on record)",
)
@idempotent
def webhook_remove(request, webhook_id: UUID):
    endpoint = services.webhook_remove(
        endpoint=_endpoint(request, webhook_id), actor=actor(request)
    )
    return _webhook(endpoint)


@router.get(
    "/{webhook_id}/deliveries",
    response={200: DeliveryPage, **ERRORS},
    operation_id="webhook_deliveries",
    url_name="webhook_deliveries",
    summary="How the deliveries to an endpoint went, newest first",
)
def webhook_deliveries(
    request,
    webhook_id: UUID,
    cursor: UUID | None = CURSOR,
    limit: int = Query(50, ge=1, le=100),
):
    page = selectors.deliveries_of(_endpoint(request, webhook_id), after=cursor, limit=limit)
    return {"items": page, "next_cursor": next_id_cursor(page, limit)}
