"""Anonymous facts for the figures (docs/insights.md).

These rows are what the dashboard counts. They hold no name, no BSN, no address, no free text
and no id of a case, person or handover: only a keyed pseudonym of each (``*_ref``, HMAC with
EENLOKET_PSEUDONYM_KEY, a key outside the database), codes, organisations, teams and moments.
The pseudonyms let a case's facts be rebuilt while the case exists and let a figure count
*distinct persons* for the suppression rule; once the case is deleted (retention, #23) nobody
can link them to anyone, and they stay: figures outlive the cases they were made from.

No foreign key points to a case, person or handover, so deleting those never touches a fact.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from eenloket.core.ids import uuid7


class SupportLevel(models.TextChoices):
    SELF_RELIANT = "self_reliant", _("Self-reliant")
    LIGHT = "light", _("Light support")
    INTENSIVE = "intensive", _("Intensive support")


class CaseFact(models.Model):
    """One case, anonymised: where it was taken in, when, what it was about, how it ended."""

    id = models.UUIDField(primary_key=True, default=uuid7, editable=False)
    case_ref = models.CharField(max_length=64, unique=True)
    person_ref = models.BigIntegerField()
    # Where: the organisation and team that own the case; the municipality of that organisation.
    municipality = models.ForeignKey(
        "directory.Municipality", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    organisation = models.ForeignKey(
        "directory.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    team = models.ForeignKey("directory.Team", on_delete=models.PROTECT, related_name="+")
    opened_at = models.DateTimeField()
    # The first contact a worker recorded with the citizen (any channel, either direction).
    first_contact_at = models.DateTimeField(null=True, blank=True)
    first_contact_seconds = models.BigIntegerField(null=True, blank=True)
    status = models.CharField(max_length=16)  # open, on_hold, closed (cases.CaseStatus)
    next_step_due = models.DateField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=16, blank=True)  # cases.Outcome
    support_start = models.CharField(max_length=16, blank=True, choices=SupportLevel.choices)
    support_close = models.CharField(max_length=16, blank=True, choices=SupportLevel.choices)
    # The citizen's verdict at close: yes, partly, no; and how it was asked.
    verdict = models.CharField(max_length=8, blank=True)
    verdict_channel = models.CharField(max_length=8, blank=True)
    # Invented history (``eenloket seed --history``, the demo): never in a production database.
    invented = models.BooleanField(default=False)

    class Meta:
        indexes = [
            models.Index(fields=["opened_at"], name="casefact_opened"),
            models.Index(fields=["organisation", "opened_at"], name="casefact_org_opened"),
            models.Index(fields=["status", "next_step_due"], name="casefact_status_due"),
        ]

    def __str__(self):
        return f"case {self.case_ref[:8]}"


class TopicFact(models.Model):
    """A life event or a need of a case; for a need, the outcome the worker recorded at close."""

    LIFE_EVENT, NEED = "life_event", "need"

    case = models.ForeignKey(CaseFact, on_delete=models.CASCADE, related_name="topics")
    kind = models.CharField(max_length=12)
    key = models.CharField(max_length=40)
    outcome = models.CharField(max_length=16, blank=True)  # outcomes.NeedOutcomeCode

    class Meta:
        indexes = [models.Index(fields=["kind", "key"], name="topicfact_kind_key")]

    def __str__(self):
        return f"{self.kind} {self.key}"


class ContactFact(models.Model):
    """A contact with the citizen: only its channel, direction and moment."""

    case = models.ForeignKey(CaseFact, on_delete=models.CASCADE, related_name="contacts")
    channel = models.CharField(max_length=20)
    direction = models.CharField(max_length=10)
    occurred_at = models.DateTimeField()

    def __str__(self):
        return self.channel


class HandoverFact(models.Model):
    """A handover that was sent: between which organisations, teams and direct line, and how
    long each step took (seconds; ``answer`` is accepted or declined)."""

    id = models.UUIDField(primary_key=True, default=uuid7, editable=False)
    handover_ref = models.CharField(max_length=64, unique=True)
    case = models.ForeignKey(CaseFact, on_delete=models.CASCADE, related_name="handovers")
    person_ref = models.BigIntegerField()
    municipality = models.ForeignKey(
        "directory.Municipality", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    from_organisation = models.ForeignKey(
        "directory.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    from_team = models.ForeignKey("directory.Team", on_delete=models.PROTECT, related_name="+")
    to_organisation = models.ForeignKey(
        "directory.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    to_team = models.ForeignKey("directory.Team", on_delete=models.PROTECT, related_name="+")
    contact_point = models.ForeignKey(
        "directory.ContactPoint", on_delete=models.PROTECT, related_name="+"
    )
    sent_at = models.DateTimeField()
    answer = models.CharField(max_length=10, blank=True)  # accepted, declined
    answered_at = models.DateTimeField(null=True, blank=True)
    answer_seconds = models.BigIntegerField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    complete_seconds = models.BigIntegerField(null=True, blank=True)
    state = models.CharField(max_length=20)  # handovers.State
    decline_reason = models.CharField(max_length=20, blank=True)
    outcome = models.CharField(max_length=20, blank=True)
    escalated = models.BooleanField(default=False)
    invented = models.BooleanField(default=False)

    class Meta:
        indexes = [
            models.Index(fields=["sent_at"], name="handoverfact_sent"),
            models.Index(fields=["to_organisation", "sent_at"], name="handoverfact_to_sent"),
            models.Index(fields=["from_organisation", "sent_at"], name="handoverfact_from_sent"),
        ]

    def __str__(self):
        return f"handover {self.handover_ref[:8]}"


class AppointmentFact(models.Model):
    """An appointment at a desk: when, where, and whether it was kept, missed or cancelled."""

    BOOKED, KEPT, MISSED, CANCELLED = "booked", "kept", "missed", "cancelled"

    id = models.UUIDField(primary_key=True, default=uuid7, editable=False)
    appointment_ref = models.CharField(max_length=64, unique=True)
    case = models.ForeignKey(
        CaseFact, on_delete=models.CASCADE, null=True, blank=True, related_name="appointments"
    )
    person_ref = models.BigIntegerField()
    municipality = models.ForeignKey(
        "directory.Municipality", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    organisation = models.ForeignKey(
        "directory.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    starts_at = models.DateTimeField()
    state = models.CharField(max_length=10)
    invented = models.BooleanField(default=False)

    def __str__(self):
        return f"appointment {self.appointment_ref[:8]}"


class MonthReport(models.Model):
    """The figures of one closed month, computed at night by the scheduler (decision 0050) for
    the whole chain, one municipality or one organisation, in one language: the page's tables
    as shown at ``k`` — aggregates only; a suppressed cell is stored without its number and
    without its count of persons. No free text, no person or case reference."""

    ALL, MUNICIPALITY, ORGANISATION = "all", "municipality", "organisation"

    id = models.UUIDField(primary_key=True, default=uuid7, editable=False)
    month = models.DateField()  # the month's first day
    dimension = models.CharField(max_length=12)
    subject = models.CharField(max_length=40, blank=True)  # the municipality's or organisation's id
    language = models.CharField(max_length=8)
    k = models.PositiveSmallIntegerField()
    figures = models.JSONField()
    computed_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["month", "dimension", "subject", "language"], name="monthreport_unique"
            )
        ]

    def __str__(self):
        return f"figures of {self.month:%Y-%m} ({self.dimension} {self.subject})".strip()
