"""What came of a case: the worker's outcome per need at close, and the citizen's own verdict
("were you helped?"). Both belong to the case (the comment is the citizen's own words, so
personal data) and go with it; only their codes reach the anonymous facts (docs/insights.md).
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from eenloket.core.models import BaseModel
from eenloket.core.policy_guard import GuardedManager


class NeedOutcomeCode(models.TextChoices):
    SOLVED = "solved", _("Solved")
    PARTLY = "partly", _("Partly solved")
    NOT_SOLVED = "not_solved", _("Not solved")
    REFERRED = "referred", _("Referred to help outside the 1 Loket")
    NO_LONGER_NEEDED = "no_longer_needed", _("No longer needed")


class NeedOutcome(BaseModel):
    """The outcome of one need of a case, recorded by the worker who closes it."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="+")
    need = models.CharField(max_length=40)  # a key of cases.vocabulary.NEEDS
    outcome = models.CharField(max_length=16, choices=NeedOutcomeCode.choices)
    recorded_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = GuardedManager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "need"], name="need_outcome_once_per_need")
        ]


class VerdictAnswer(models.TextChoices):
    YES = "yes", _("Yes")
    PARTLY = "partly", _("Partly")
    NO = "no", _("No")


class VerdictChannel(models.TextChoices):
    PORTAL = "portal", _("In Mijn overzicht")
    LETTER = "letter", _("By letter")
    DESK = "desk", _("At the desk")
    PHONE = "phone", _("By phone")


class Verdict(BaseModel):
    """The citizen is asked, when their case closes, whether they were helped; they may answer
    once (yes, partly, no) and add a comment in their own words."""

    case = models.OneToOneField("cases.Case", on_delete=models.CASCADE, related_name="+")
    asked_at = models.DateTimeField()
    answer = models.CharField(max_length=8, choices=VerdictAnswer.choices, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_via = models.CharField(max_length=8, choices=VerdictChannel.choices, blank=True)
    # A worker who wrote down an answer given at the desk, by phone or on paper.
    recorded_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = GuardedManager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(Q(answer="") & Q(answered_at__isnull=True) & Q(answered_via=""))
                | (~Q(answer="") & Q(answered_at__isnull=False) & ~Q(answered_via="")),
                name="verdict_answered_fields_together",
            )
        ]
