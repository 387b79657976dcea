"""Partner systems that use the API, and their tokens (docs/api.md, decision 0040).

A client belongs to one organisation and one team: handovers, cases and their people are the
team's, so the client acts for it through a service account with a membership of that team
(the policy point then decides for the client exactly as for that team's partner workers). A
token is shown once and stored as the SHA-256 of a high-entropy secret; its prefix finds it.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from eenloket.core import clock
from eenloket.core.models import BaseModel


class ApiClient(BaseModel):
    """A partner system of one organisation's team."""

    name = models.CharField(_("name"), max_length=200)
    organisation = models.ForeignKey(
        "directory.Organisation", on_delete=models.PROTECT, related_name="api_clients"
    )
    team = models.ForeignKey("directory.Team", on_delete=models.PROTECT, related_name="+")
    # The service account the client acts as: no password, never a login to the screens.
    user = models.OneToOneField("accounts.User", on_delete=models.PROTECT, related_name="+")
    membership = models.OneToOneField(
        "accounts.Membership", on_delete=models.PROTECT, related_name="+"
    )
    # What the client may ask (access/api.py: SCOPES); decided by the application manager.
    scopes = models.JSONField(default=list)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["organisation__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="api_client_unique_name")
        ]

    def __str__(self):
        return f"{self.name} ({self.organisation})"

    @property
    def active(self) -> bool:
        return self.revoked_at is None


class ApiToken(BaseModel):
    """One bearer token of a client: ``elk_<prefix>_<secret>``, kept as its SHA-256 only."""

    client = models.ForeignKey(ApiClient, on_delete=models.CASCADE, related_name="tokens")
    prefix = models.CharField(max_length=16, unique=True)
    digest = models.CharField(max_length=64)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_at__gt=models.F("created_at")), name="api_token_expires_later"
            )
        ]

    def __str__(self):
        return f"elk_{self.prefix}_… ({self.client.name})"

    def usable(self, at=None) -> bool:
        at = at or clock.now()
        return self.revoked_at is None and at < self.expires_at


class WebhookEndpoint(BaseModel):
    """Where a client wants its team's events pushed (Standard Webhooks, decision 0047).

    The secret (``whsec_`` + base64) signs every delivery; it is kept encrypted because it must
    be read back to sign. ``cursor`` is the last event of the feed turned into a delivery, so
    each event becomes one delivery per endpoint, also while the partner is down."""

    client = models.ForeignKey(ApiClient, on_delete=models.CASCADE, related_name="webhooks")
    url = models.URLField(_("URL"), max_length=500)
    secret_encrypted = models.TextField()
    cursor = models.UUIDField(null=True, blank=True)
    disabled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self):
        return f"{self.url} ({self.client.name})"


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("waiting to be sent")
    SENDING = "sending", _("being sent")
    DELIVERED = "delivered", _("delivered")
    FAILED = "failed", _("given up")


class WebhookDelivery(BaseModel):
    """One event for one endpoint. Its id is the ``webhook-id`` of every attempt, so a partner
    that receives a retry can tell it saw it before; delivered once, never sent again."""

    endpoint = models.ForeignKey(
        WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries"
    )
    event_id = models.UUIDField()
    event_type = models.CharField(max_length=100)
    body = models.TextField()  # the exact bytes signed and sent (a thin CloudEvent)
    status = models.CharField(
        max_length=12, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=clock.now)
    lease_owner = models.CharField(max_length=100, blank=True)
    lease_until = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    last_status_code = models.PositiveIntegerField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["event_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["endpoint", "event_id"], name="webhook_delivery_once_per_event"
            )
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self):
        return f"{self.event_type} → {self.endpoint_id} ({self.status})"


class IdempotentRequest(BaseModel):
    """A POST with an ``Idempotency-Key``: which request it was (a hash of method, path and
    body) and the answer it got, so a retry gets the same answer and writes nothing twice.
    The answer can name a person: it is kept encrypted, and for a day only."""

    client = models.ForeignKey(ApiClient, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=255)
    fingerprint = models.CharField(max_length=64)
    status_code = models.PositiveIntegerField(null=True, blank=True)  # None: still running
    response_encrypted = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["client", "key"], name="idempotency_key_once")
        ]

    def __str__(self):
        return f"{self.key} ({self.status_code})"


class RateWindow(models.Model):
    """How many requests one caller made in one window of the API's rate limit (api/rate.py).

    In the database, not in a process's memory: every app process and every app machine counts
    the same caller together (#27, "past one machine"). No created/updated columns: one
    statement adds to it on every request. Ended windows are removed by the job
    ``api-rate-windows``."""

    # "client:<id>", or "address:<keyed hash of the IP address>" for the public directory
    caller = models.CharField(max_length=80)
    window_start = models.BigIntegerField()  # seconds since the epoch
    window_end = models.BigIntegerField(db_index=True)
    hits = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["caller", "window_start"], name="rate_window_once")
        ]

    def __str__(self):
        return f"{self.caller} {self.window_start}: {self.hits}"
