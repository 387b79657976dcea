"""Handovers between organisations, their history, the call before a warm one, and the
question to a colleague that carries no personal data (docs/handovers.md)."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from eenloket.core import clock
from eenloket.core.models import BaseModel
from eenloket.core.policy_guard import GuardedManager
from eenloket.handovers.states import FINAL, State

# States that come only after an accept: they always have ``accepted_at``.
WORKED_ON = (State.ACCEPTED, State.IN_PROGRESS, State.ON_HOLD, State.COMPLETED, State.FAILED)


class Urgency(models.TextChoices):
    NORMAL = "normal", _("Normal")
    URGENT = "urgent", _("Urgent")


class Warmth(models.TextChoices):
    WARM = "warm", _("Warm: call first, the receiver contacts the citizen")
    GUIDED = "guided", _("Guided referral")
    INFORMATION = "information", _("Information only")


class Handover(BaseModel):
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="handovers")
    from_team = models.ForeignKey("directory.Team", on_delete=models.PROTECT, related_name="+")
    from_user = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    contact_point = models.ForeignKey(
        "directory.ContactPoint", on_delete=models.PROTECT, related_name="handovers"
    )
    to_team = models.ForeignKey("directory.Team", on_delete=models.PROTECT, related_name="+")
    to_user = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    question = models.TextField(_("the question, written for the receiver"))
    why_this_organisation = models.TextField(_("why this organisation"))
    asked = models.TextField(_("what is asked"))
    # What the handover's messages (question, why, what is asked) are about: a data category,
    # "team" or "" not said; another team reads them only when it may see that, the citizen's
    # representative only within their scope (decisions 0039 and 0046).
    about = models.CharField(_("about"), max_length=32, blank=True)
    # The day the receiver's work may start ("from the day of release"); its answer term
    # counts from that day (None: from sending).
    starts_on = models.DateField(_("start date"), null=True, blank=True)
    urgency = models.CharField(max_length=8, choices=Urgency.choices, default=Urgency.NORMAL)
    warmth = models.CharField(max_length=12, choices=Warmth.choices, default=Warmth.GUIDED)
    # What the policy point released to the receiving organisation when it was sent, by
    # category and basis ("consent:<id>", "statute:<law>", "relation").
    shared = models.JSONField(default=dict, blank=True)
    channels = models.JSONField(default=list, blank=True)  # the citizen's, when sent
    state = models.CharField(max_length=20, choices=State.choices, default=State.DRAFT)
    sent_at = models.DateTimeField(null=True, blank=True)
    due_at = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    receiver_reference = models.CharField(
        _("the receiver's own reference"), max_length=60, blank=True
    )
    reason_code = models.CharField(max_length=20, blank=True)
    reason_text = models.TextField(blank=True)
    decision_on = models.DateField(null=True, blank=True)
    suggested_contact_point = models.ForeignKey(
        "directory.ContactPoint", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    rerouted_from = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="rerouted_to"
    )
    # Escalation is a flag with its own history (HandoverEvent kind "escalated"), not a state.
    escalated_at = models.DateTimeField(null=True, blank=True)
    # An accepted handover that made no progress within its term: reminded once (decision 0046).
    stall_reminded_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    objects = GuardedManager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["state", "due_at"], name="handover_due"),
            models.Index(fields=["to_team", "state"], name="handover_inbox"),
        ]
        # The timestamps go with the states (handovers/states.py, decision 0038). Cancelled
        # and entered in error can follow either side of sending or accepting, so they fix
        # only what they always have.
        constraints = [
            models.CheckConstraint(
                condition=Q(state=State.DRAFT, sent_at__isnull=True)
                | Q(state=State.ENTERED_IN_ERROR)
                | (~Q(state__in=(State.DRAFT, State.ENTERED_IN_ERROR)) & Q(sent_at__isnull=False)),
                name="handover_sent_at_matches_state",
            ),
            models.CheckConstraint(
                condition=Q(state__in=FINAL, closed_at__isnull=False)
                | (~Q(state__in=FINAL) & Q(closed_at__isnull=True)),
                name="handover_closed_at_matches_state",
            ),
            models.CheckConstraint(
                condition=Q(state__in=WORKED_ON, accepted_at__isnull=False)
                | Q(state__in=(State.CANCELLED, State.ENTERED_IN_ERROR))
                | Q(state__in=(State.DRAFT, State.SENT, State.DECLINED), accepted_at__isnull=True),
                name="handover_accepted_at_matches_state",
            ),
        ]

    def __str__(self):
        return f"{self.case_id} → {self.contact_point_id} ({self.state})"

    @property
    def overdue(self) -> bool:
        return self.state == State.SENT and self.due_at is not None and clock.now() > self.due_at


class HandoverEvent(BaseModel):
    """One line of a handover's history: a transition, an escalation, a recorded call."""

    handover = models.ForeignKey(Handover, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=16)  # transition, escalated, call, reference
    source = models.CharField(max_length=20, blank=True)
    target = models.CharField(max_length=20, blank=True)
    by_user = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    by_team = models.ForeignKey(
        "directory.Team", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reason_code = models.CharField(max_length=20, blank=True)
    text = models.TextField(blank=True)

    objects = GuardedManager()

    class Meta:
        ordering = ["created_at"]

    @property
    def target_label(self) -> str:
        return State(self.target).label if self.target in State.values else self.target


class WarmCall(BaseModel):
    """The call with the receiving direct line that an intensive-support handover needs before
    it is sent: who, when, what was agreed."""

    handover = models.ForeignKey(Handover, on_delete=models.CASCADE, related_name="calls")
    spoke_with = models.CharField(_("spoke with"), max_length=200)
    called_at = models.DateTimeField(_("when"))
    agreed = models.TextField(_("what was agreed"))
    recorded_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")

    objects = GuardedManager()


class ColleagueQuestion(BaseModel):
    """A question to a direct line without personal data ("does your team handle X for someone
    in situation Y?"), and its answer, kept on the case."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="+")
    contact_point = models.ForeignKey(
        "directory.ContactPoint", on_delete=models.PROTECT, related_name="+"
    )
    asked_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    question = models.TextField()
    capacity_seen = models.CharField(max_length=20, blank=True)
    answer = models.TextField(blank=True)
    answered_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    objects = GuardedManager()
