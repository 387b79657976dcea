"""Reads for the set-up screens of partner API clients (decision 0040): which clients an
organisation has, acting as which team, with which scopes, and their tokens (never a secret:
only the prefix and the dates). Every read asks ``may_set_up`` first."""

from __future__ import annotations

from django.db.models import F, Max, Prefetch

from eenloket.api.models import ApiClient, ApiToken
from eenloket.core.actor import Actor
from eenloket.directory.models import Organisation
from eenloket.setup.selectors import _one, _require


def organisation(*, actor: Actor, organisation_id) -> Organisation:
    """The organisation alone (the set-up overview loads all it has; this page needs its name)."""
    _require(actor)
    return _one(Organisation.objects.all(), organisation_id)


def clients_of(*, actor: Actor, organisation) -> list[ApiClient]:
    """The organisation's clients with their team and when any of their tokens was last used
    (one query)."""
    _require(actor)
    return list(
        ApiClient.objects.filter(organisation=organisation)
        .select_related("team")
        .annotate(last_used_at=Max("tokens__last_used_at"))
        .order_by(F("revoked_at").asc(nulls_first=True), "name")
    )


def client(*, actor: Actor, client_id) -> ApiClient:
    """One client with its organisation, team and tokens (newest first)."""
    _require(actor)
    return _one(
        ApiClient.objects.select_related("organisation", "team").prefetch_related(
            Prefetch("tokens", queryset=ApiToken.objects.order_by("-created_at"))
        ),
        client_id,
    )


def token(*, actor: Actor, token_id) -> ApiToken:
    _require(actor)
    return _one(ApiToken.objects.select_related("client__organisation"), token_id)
