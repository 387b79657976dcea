"""Cases ("vraag", dossier): one per person's situation, shared by every organisation involved.

The intake issue adds contacts, the timeline, life events and needs."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from eenloket.core import clock
from eenloket.core.models import BaseModel
from eenloket.core.policy_guard import GuardedManager


class CaseStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ON_HOLD = "on_hold", _("On hold")
    CLOSED = "closed", _("Closed")


class Case(BaseModel):
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="cases")
    # The question as the citizen said it, kept verbatim: never edited after intake.
    question_verbatim = models.TextField(_("question in the citizen's own words"))
    owning_team = models.ForeignKey(
        "directory.Team", on_delete=models.PROTECT, related_name="owned_cases"
    )
    coordinator = models.ForeignKey(
        "accounts.User",
        on_delete=models.PROTECT,
        related_name="coordinated_cases",
        null=True,
        blank=True,
    )
    status = models.CharField(max_length=16, choices=CaseStatus.choices, default=CaseStatus.OPEN)
    next_step = models.CharField(_("next step"), max_length=500, blank=True)
    next_step_due = models.DateField(_("next step due"), null=True, blank=True)
    opened_at = models.DateTimeField(default=clock.now)
    closed_at = models.DateTimeField(null=True, blank=True)

    objects = GuardedManager()

    class Meta:
        indexes = [models.Index(fields=["owning_team", "status", "next_step_due"])]
        constraints = [
            # Nobody falls through the cracks: an open case always has a dated next step.
            models.CheckConstraint(
                condition=~Q(status="open") | (Q(next_step_due__isnull=False) & ~Q(next_step="")),
                name="case_open_has_next_step",
            ),
            models.CheckConstraint(
                condition=Q(status="closed", closed_at__isnull=False)
                | (~Q(status="closed") & Q(closed_at__isnull=True)),
                name="case_closed_at_matches_status",
            ),
        ]

    def __str__(self):
        return f"{_('Case')} {str(self.pk)[:8]}"


class CaseTeam(BaseModel):
    """A team that works on a case besides the owning team (after a handover or invitation)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="teams")
    team = models.ForeignKey("directory.Team", on_delete=models.PROTECT, related_name="case_links")
    since = models.DateTimeField(default=clock.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "team"], name="case_team_unique")]
