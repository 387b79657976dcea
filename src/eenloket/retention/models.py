"""Retention (#23, docs/privacy.md): legal holds that stop the deletion of one dossier, and the
anonymised link that keeps a signal's report tied to its case's anonymous facts after the case
is gone. The retention periods themselves are declared in ``periods.py``."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from eenloket.core import clock
from eenloket.core.models import BaseModel
from eenloket.core.policy_guard import GuardedManager


class HoldKind(models.TextChoices):
    COMPLAINT = "complaint", _("A complaint")
    OBJECTION = "objection", _("An objection or appeal")
    COURT_CASE = "court_case", _("A court case")


class LegalHold(BaseModel):
    """While a hold is in force (not released, its end date not passed), nothing of the
    dossier's person is deleted by retention: not the case, not their consents or messages."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("why"), max_length=16, choices=HoldKind.choices)
    reason = models.CharField(_("reason"), max_length=300)
    until = models.DateField(_("until"))
    placed_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    released_at = models.DateTimeField(null=True, blank=True)
    released_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = GuardedManager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(released_at__isnull=True) | Q(released_by__isnull=False),
                name="legal_hold_released_by_someone",
            )
        ]

    def __str__(self):
        return f"hold {self.kind} on {self.case_id} until {self.until}"

    def in_force(self, on=None) -> bool:
        return self.released_at is None and self.until >= (on or clock.today())


class SignalCaseLink(models.Model):
    """A signal's report whose case was deleted: the case's insights pseudonym (the same as its
    anonymous facts' ``case_ref``), so what the programme learns keeps its figures without the
    person. No name, no BSN, no free text."""

    report = models.OneToOneField(
        "signals.SignalReport", on_delete=models.CASCADE, related_name="+"
    )
    case_ref = models.CharField(max_length=64, db_index=True)
    deleted_on = models.DateField()

    def __str__(self):
        return f"{self.report_id} → {self.case_ref[:8]}"
