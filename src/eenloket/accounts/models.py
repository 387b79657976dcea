"""Workers, what they work as (memberships), and the login throttle."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from eenloket.core import clock
from eenloket.core.models import BaseModel


class Role(models.TextChoices):
    FRONTLINE_WORKER = "frontline_worker", _("Frontline worker")
    PARTNER_WORKER = "partner_worker", _("Partner worker")
    COORDINATOR = "coordinator", _("Team coordinator")
    APPLICATION_MANAGER = "application_manager", _("Application manager")
    PRIVACY_OFFICER = "privacy_officer", _("Privacy officer")
    # The programme behind the 1 Loket: anonymous figures and signals of every organisation.
    PROGRAMME_STAFF = "programme_staff", _("Programme and policy staff")


# Roles that work on cases, and so need a team: a case is owned by, or worked on by, a team.
CASEWORK_ROLES = (Role.FRONTLINE_WORKER, Role.PARTNER_WORKER, Role.COORDINATOR)


class User(AbstractUser):
    """A worker's account. Citizens log in through OpenID Connect and have no account here."""

    display_name = models.CharField(_("display name"), max_length=200, blank=True)
    # Demo accounts exist only in demo mode; production refuses to start while one is active.
    is_demo = models.BooleanField(default=False)
    # Encrypted with the field keys (core/crypto.py); empty until the worker enrols.
    totp_secret_encrypted = models.TextField(blank=True, default="")
    totp_confirmed_at = models.DateTimeField(null=True, blank=True)
    # The last accepted time step, so one code cannot be used twice.
    totp_last_step = models.BigIntegerField(null=True, blank=True)
    # Also send the worker's notifications by e-mail (without case details).
    notify_by_email = models.BooleanField(default=False)
    # Raised on every change of password or memberships: sessions that began under an older
    # epoch end at their next request (accounts/middleware.py).
    session_epoch = models.PositiveIntegerField(default=0)

    def __str__(self):
        return self.display_name or self.username


class Membership(BaseModel):
    """A worker works for an organisation, in a team, in a role, for a period."""

    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="memberships")
    organisation = models.ForeignKey(
        "directory.Organisation", on_delete=models.PROTECT, related_name="memberships"
    )
    team = models.ForeignKey(
        "directory.Team",
        on_delete=models.PROTECT,
        related_name="memberships",
        null=True,
        blank=True,
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    valid_from = models.DateField(default=clock.today)
    valid_until = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["organisation__name", "team__name", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "team", "role"], name="membership_unique"
            ),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("valid_from")),
                name="membership_period_valid",
            ),
            models.CheckConstraint(
                condition=~Q(role__in=[role.value for role in CASEWORK_ROLES])
                | Q(team__isnull=False),
                name="membership_casework_needs_team",
            ),
        ]

    def __str__(self):
        team = f", {self.team.name}" if self.team_id else ""
        return f"{self.get_role_display()} — {self.organisation.name}{team}"

    def is_current(self, on=None) -> bool:
        on = on or clock.today()
        return self.valid_from <= on and (self.valid_until is None or on <= self.valid_until)


class LoginThrottle(models.Model):
    """Failed logins per user name and per client address (both hashed), whether or not an
    account has that name (accounts/services.py: the back-off).

    Counting by name for every name means a waiting name tells an attacker nothing about
    whether the account exists.
    """

    name_digest = models.CharField(max_length=64, primary_key=True)
    failures = models.PositiveIntegerField(default=0)
    window_started_at = models.DateTimeField()
    # The next attempt is refused (not counted) until then: the back-off.
    locked_until = models.DateTimeField(null=True, blank=True)
    last_failed_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"{self.name_digest[:12]}: {self.failures} failures"


class WorkerInvitation(BaseModel):
    """A single-use link by e-mail with which an invited worker sets their password (and then
    enrols the second factor). Only the link's digest is stored; the link itself is in the
    e-mail alone. Used once, or refused after ``expires_at``; a new invitation ends older ones."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="invitations")
    token_digest = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    invited_by = models.CharField(max_length=200)

    def is_open(self, now=None) -> bool:
        now = now or clock.now()
        return self.used_at is None and self.revoked_at is None and now < self.expires_at
