"""Signals ("knelpunten"): where a law, rule, system or organisation blocked help
(docs/signals.md).

A ``Signal`` is one blocker, routed to the organisation that can do something about it, with
its own states; every time a worker meets it again a ``SignalReport`` is added to it (the
count). Neither holds personal data: texts are checked for BSNs, dates, postcodes, phone
numbers and e-mail addresses when written. A report made on a case remembers that case only
while it exists (``SET_NULL``): deleting the case leaves the report, its signal and the count.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from eenloket.core.models import BaseModel


class Kind(models.TextChoices):
    LAW = "law", _("A law or regulation")
    RULE = "rule", _("A policy rule or way of working")
    SYSTEM = "system", _("A system, form or digital service")
    ORGANISATION = "organisation", _("How an organisation works together with others")


class Effect(models.TextChoices):
    NO_INCOME = "no_income", _("Went without income or with too little")
    DEBTS_GREW = "debts_grew", _("Debts grew")
    HOUSING_AT_RISK = "housing_at_risk", _("Eviction or cut-off threatened")
    NO_CARE = "no_care", _("Did not get care or support in time")
    LONG_WAIT = "long_wait", _("Had to wait long for a decision")
    TOLD_AGAIN = "told_again", _("Had to tell their story again and again")
    OTHER = "other", _("Other")


class State(models.TextChoices):
    NEW = "new", _("New")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    BEING_ADDRESSED = "being_addressed", _("Being addressed")
    SOLVED = "solved", _("Solved")
    WONT_FIX = "wont_fix", _("Will not be changed")


class Source(models.TextChoices):
    CASE = "case", _("On a case")
    BREAKTHROUGH = "breakthrough", _("At the breakthrough table")
    STANDALONE = "standalone", _("On its own")


class Signal(BaseModel):
    """One blocker, with how often it was met, routed to the organisation concerned."""

    regulation = models.CharField(max_length=32)  # a code of regulations.REGULATIONS, or "other"
    kind = models.CharField(max_length=16, choices=Kind.choices)
    organisation = models.ForeignKey(
        "directory.Organisation", on_delete=models.PROTECT, related_name="signals"
    )
    title = models.CharField(_("what blocks help"), max_length=300)
    state = models.CharField(max_length=16, choices=State.choices, default=State.NEW)
    # The organisation's latest answer, which every reporter sees; the history has them all.
    answer = models.TextField(blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    report_count = models.PositiveIntegerField(default=0)
    last_reported_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-last_reported_at"]
        indexes = [
            models.Index(fields=["organisation", "state"], name="signal_inbox"),
            models.Index(fields=["regulation", "state"], name="signal_regulation"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(state="wont_fix") | ~Q(answer=""), name="signal_wont_fix_has_reason"
            )
        ]

    def __str__(self):
        return self.title


class SignalReport(BaseModel):
    """One time a worker met the blocker: what happened, the effect on the citizen, a
    suggested fix. No personal data; its case link goes when the case goes."""

    signal = models.ForeignKey(Signal, on_delete=models.PROTECT, related_name="reports")
    what_happened = models.TextField(_("what happened"))
    effect = models.CharField(_("effect on the citizen"), max_length=20, choices=Effect.choices)
    suggested_fix = models.TextField(_("suggested fix"), blank=True)
    source = models.CharField(max_length=16, choices=Source.choices)
    reported_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    reporter_team = models.ForeignKey("directory.Team", on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey(
        "cases.Case", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    breakthrough = models.OneToOneField(
        "teamwork.Breakthrough",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="signal_report",
    )

    class Meta:
        ordering = ["created_at"]
        indexes = [models.Index(fields=["reported_by", "created_at"], name="signal_report_mine")]


class SignalEvent(BaseModel):
    """One step in a signal's life: a state change with its answer, or a report added."""

    signal = models.ForeignKey(Signal, on_delete=models.CASCADE, related_name="events")
    source = models.CharField(max_length=16, blank=True)
    target = models.CharField(max_length=16, blank=True)
    text = models.TextField(blank=True)
    by_user = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    by_organisation = models.ForeignKey(
        "directory.Organisation", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["created_at"]
