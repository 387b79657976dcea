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
