"""Support assessments of a case, kept over time (docs/assessment.md)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from eenloket.assessment import rules
from eenloket.core import clock
from eenloket.core.models import BaseModel
from eenloket.core.policy_guard import GuardedManager


class Assessment(BaseModel):
    """One assessment: a score (1 to 5) and the worker's own rationale per domain, the capacity to
    act with its rationale, and the support level the rule gives. Never changed afterwards."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="+")
    assessed_on = models.DateField(_("assessed on"), default=clock.today)
    scores = models.JSONField()  # {domain: 1..5}
    rationales = models.JSONField()  # {domain: text}
    capacity = models.CharField(max_length=16, choices=list(rules.CAPACITY.items()))
    capacity_rationale = models.TextField()
    support_level = models.CharField(max_length=16, choices=list(rules.LEVELS.items()))
    assessed_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = GuardedManager()

    class Meta:
        ordering = ["assessed_on", "created_at"]
