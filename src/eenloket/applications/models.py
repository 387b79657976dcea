"""Applications the citizen is waiting on, with the decision term on the statutory calendar
(docs/applications.md)."""

import datetime as dt

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from eenloket.calendars import decision_terms
from eenloket.core import clock
from eenloket.core.models import BaseModel
from eenloket.core.policy_guard import GuardedManager


class ApplicationState(models.TextChoices):
    WAITING = "waiting", _("Waiting for the decision")
    DECIDED = "decided", _("Decided")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Application(BaseModel):
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey(
        "directory.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    scheme = models.ForeignKey(
        "directory.Scheme", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    what = models.CharField(_("what was applied for"), max_length=200)
    filed_on = models.DateField(_("filed on"))
    term_value = models.PositiveSmallIntegerField(_("decision term"))
    term_unit = models.CharField(
        _("unit"),
        max_length=8,
        choices=[("days", _("days")), ("weeks", _("weeks"))],
    )
    legal_source = models.CharField(max_length=300, blank=True)
    # Periods the term stood still (art. 4:15 Awb): [[from, until], …] as ISO dates.
    suspensions = models.JSONField(default=list, blank=True)
    extension_days = models.PositiveSmallIntegerField(default=0)  # art. 4:14 Awb
    state = models.CharField(
        max_length=16, choices=ApplicationState.choices, default=ApplicationState.WAITING
    )
    decided_on = models.DateField(null=True, blank=True)
    outcome = models.CharField(max_length=300, blank=True)
    # ``expected_on`` stored on every write, so the overdue list and the reminder job can
    # select in the database instead of computing the calendar for every waiting application.
    due_on = models.DateField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    overdue_notified_at = models.DateTimeField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = GuardedManager()

    class Meta:
        ordering = ["filed_on"]
        indexes = [
            models.Index(fields=["state", "case"], name="application_waiting"),
            models.Index(fields=["state", "due_on"], name="application_due"),
        ]
        constraints = [
            # A decided application has its decision date; one that waits or was withdrawn
            # has none (applications/states.py, decision 0038).
            models.CheckConstraint(
                condition=Q(state="decided", decided_on__isnull=False)
                | (~Q(state="decided") & Q(decided_on__isnull=True)),
                name="application_decided_on_matches_state",
            ),
        ]

    def term(self) -> decision_terms.DecisionTerm:
        return decision_terms.DecisionTerm(
            value=self.term_value,
            unit=decision_terms.TermUnit(self.term_unit),
            start_event="receipt of the application",
            legal_source=self.legal_source or "art. 4:13 Awb",
        )

    @property
    def expected_on(self) -> dt.date:
        """The last day the decision is due, on the statutory calendar (Awb, Atw)."""
        return decision_terms.expected_decision_date(
            self.filed_on,
            self.term(),
            suspensions=self.suspension_periods,
            extensions=[self.extension_days] if self.extension_days else [],
        )

    @property
    def suspension_periods(self) -> list[tuple[dt.date, dt.date]]:
        return [(dt.date.fromisoformat(a), dt.date.fromisoformat(b)) for a, b in self.suspensions]

    def refresh_due(self) -> None:
        self.due_on = self.expected_on

    @property
    def overdue(self) -> bool:
        return self.state == ApplicationState.WAITING and clock.today() > self.expected_on
