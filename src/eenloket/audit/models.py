"""The register of processing activities, the processing log, the worker audit log, and what
keeps the logs tamper-evident (chain heads, signed checkpoints, dropped-partition records).

The two logs are append-only: their models refuse update and delete, on PostgreSQL a trigger
refuses them too (and a deployment can give the application an insert-only role on them, see
docs/audit.md), and each is hash-chained per month. On PostgreSQL both are partitioned by month.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from eenloket.core import clock
from eenloket.core.models import BaseModel
from eenloket.core.policy_guard import GuardedQuerySet


class AppendOnlyError(RuntimeError):
    """Someone tried to change or delete a log entry."""


class AppendOnlyQuerySet(GuardedQuerySet):
    """Log lines name (pseudonymised) persons: only the policy point hands them out while a
    request is served (access/logs.py), and nobody changes them."""

    def update(self, **kwargs):
        raise AppendOnlyError("log entries cannot be updated")

    def delete(self):
        raise AppendOnlyError("log entries cannot be deleted (retention drops whole months)")

    def bulk_update(self, objs, fields, batch_size=None):
        raise AppendOnlyError("log entries cannot be updated")


class AppendOnlyModel(models.Model):
    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("log entries cannot be updated")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("log entries cannot be deleted")


class LogName(models.TextChoices):
    PROCESSING = "processing", _("Processing log")
    AUDIT = "audit", _("Worker audit log")


class LegalBasis(models.TextChoices):
    """The grounds of article 6(1) AVG/GDPR that government processing can rest on."""

    CONSENT = "consent", _("Consent (AVG art. 6(1)(a))")
    CONTRACT = "contract", _("Contract (AVG art. 6(1)(b))")
    LEGAL_OBLIGATION = "legal_obligation", _("Legal obligation (AVG art. 6(1)(c))")
    VITAL_INTERESTS = "vital_interests", _("Vital interests (AVG art. 6(1)(d))")
    PUBLIC_TASK = "public_task", _("Public task set by law (AVG art. 6(1)(e))")


class Controllership(BaseModel):
    """Who is responsible for the processing: one organisation, or several jointly (AVG art. 26).

    A 1 Loket run by one municipality for a region with UWV, SVB and others as partners has that
    municipality as lead and the partners as joint controllers, under a written arrangement.
    """

    name = models.CharField(_("name"), max_length=200, unique=True)
    lead = models.ForeignKey(
        "directory.Organisation", on_delete=models.PROTECT, related_name="led_controllerships"
    )
    joint = models.ManyToManyField(
        "directory.Organisation", blank=True, related_name="joint_controllerships"
    )
    arrangement_reference = models.CharField(
        _("where the joint-controller arrangement can be read"), max_length=500, blank=True
    )
    is_default = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"],
                condition=models.Q(is_default=True),
                name="one_default_controllership",
            )
        ]

    def __str__(self):
        return self.name


class ProcessingActivity(BaseModel):
    """A kind of processing the system does; its content lives in versions."""

    key = models.SlugField(max_length=100, unique=True)

    def __str__(self):
        return self.key


class ProcessingActivityVersion(BaseModel):
    """One version of a register entry. Any change makes a new version with a new id; log lines
    name the version they were made under."""

    activity = models.ForeignKey(
        ProcessingActivity, on_delete=models.PROTECT, related_name="versions"
    )
    version = models.PositiveIntegerField()
    name_nl = models.CharField(max_length=200)
    name_en = models.CharField(max_length=200)
    purpose_nl = models.TextField()
    purpose_en = models.TextField()
    legal_basis = models.CharField(max_length=32, choices=LegalBasis.choices)
    # Several laws and articles can be cited (the BSN view cites four): 300 was too short on
    # PostgreSQL, which, unlike SQLite, enforces the length.
    legal_reference = models.CharField(_("law and article"), max_length=1000, blank=True)
    # Each citation with its official text and whether it was confirmed (core/legal_sources).
    legal_sources = models.JSONField(default=list, blank=True)
    data_categories = models.JSONField(default=list)
    retention_months = models.PositiveIntegerField()
    # Confidential activities (e.g. an investigation) are not shown to the citizen line by
    # line; the register decides this per activity, never per line.
    confidential = models.BooleanField(default=False)
    controllership = models.ForeignKey(
        Controllership, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    content_hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["activity__key", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "version"], name="activity_version_unique")
        ]

    def __str__(self):
        return f"{self.activity.key} v{self.version}"


class ProcessingLogEntry(AppendOnlyModel):
    """One processing of one data subject's data (Logboek Dataverwerkingen)."""

    pk = models.CompositePrimaryKey("chain_month", "position")
    chain_month = models.DateField()
    position = models.BigIntegerField()
    trace_id = models.CharField(max_length=32)
    operation_id = models.CharField(max_length=16)
    parent_operation_id = models.CharField(max_length=16, blank=True)
    name = models.CharField(max_length=200)
    start_time = models.DateTimeField()
    end_time = models.DateTimeField()
    status_code = models.CharField(max_length=8)  # unknown | ok | error
    activity_key = models.CharField(max_length=100)
    activity_version_id = models.UUIDField()
    data_subject_id = models.CharField(max_length=64)  # keyed pseudonym, never a BSN
    data_subject_type = models.CharField(max_length=40)
    categories = models.JSONField(default=list)
    attributes = models.JSONField(default=dict)
    prev_hash = models.CharField(max_length=64)
    entry_hash = models.CharField(max_length=64)

    class Meta:
        indexes = [
            models.Index(fields=["data_subject_id", "start_time"], name="proclog_subject"),
            models.Index(fields=["trace_id"], name="proclog_trace"),
            models.Index(fields=["activity_key", "start_time"], name="proclog_activity"),
            models.Index(fields=["operation_id"], name="proclog_operation"),
        ]

    def __str__(self):
        return f"{self.chain_month:%Y-%m}#{self.position} {self.name}"

    @property
    def refusal_reason(self) -> str:
        return self.attributes.get("eenloket.refusal_reason", "")


class AuditEntry(AppendOnlyModel):
    """What a worker (or the system) did, linked to processing lines by operation id."""

    pk = models.CompositePrimaryKey("chain_month", "position")
    chain_month = models.DateField()
    position = models.BigIntegerField()
    logged_at = models.DateTimeField()
    trace_id = models.CharField(max_length=32)
    operation_id = models.CharField(max_length=16)
    actor_kind = models.CharField(max_length=16)
    user_id = models.CharField(max_length=64, blank=True)
    system_name = models.CharField(max_length=100, blank=True)
    membership_id = models.CharField(max_length=36, blank=True)
    organisation_id = models.CharField(max_length=36, blank=True)
    team_id = models.CharField(max_length=36, blank=True)
    role = models.CharField(max_length=32, blank=True)
    via = models.CharField(max_length=16, blank=True)
    on_behalf_of = models.CharField(max_length=100, blank=True)
    action = models.CharField(max_length=100)
    object_type = models.CharField(max_length=100, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    changes = models.JSONField(default=dict)
    prev_hash = models.CharField(max_length=64)
    entry_hash = models.CharField(max_length=64)

    class Meta:
        indexes = [
            models.Index(fields=["operation_id"], name="auditlog_operation"),
            models.Index(fields=["object_type", "object_id"], name="auditlog_object"),
            models.Index(fields=["user_id", "logged_at"], name="auditlog_user"),
        ]

    def __str__(self):
        return f"{self.chain_month:%Y-%m}#{self.position} {self.action}"


class LogLock(models.Model):
    """One row per lane of a log (``processing:0`` …): an append locks a free lane's row, so
    each lane's chain grows one writer at a time and writers in other lanes go on (0054)."""

    log = models.CharField(max_length=16, primary_key=True)

    def __str__(self):
        return self.log


class ChainHead(models.Model):
    """Where a month's chain of one lane of a log starts (anchor) and where it ends now."""

    log = models.CharField(max_length=16, choices=LogName.choices)
    lane = models.PositiveSmallIntegerField(default=0)
    chain_month = models.DateField()
    anchor_hash = models.CharField(max_length=64)
    last_position = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64)
    entries_since_checkpoint = models.PositiveIntegerField(default=0)
    dropped_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["log", "lane", "chain_month"]
        constraints = [
            models.UniqueConstraint(
                fields=["log", "lane", "chain_month"], name="chain_head_lane_unique"
            )
        ]

    def __str__(self):
        return f"{self.log}/{self.lane} {self.chain_month:%Y-%m} @{self.last_position}"


class Checkpoint(AppendOnlyModel):
    """A signed statement "entry N of this chain has hash H", with a key outside the database."""

    id = models.BigAutoField(primary_key=True)
    log = models.CharField(max_length=16, choices=LogName.choices)
    chain_month = models.DateField()
    position = models.BigIntegerField()
    head_hash = models.CharField(max_length=64)
    signed_at = models.DateTimeField(default=clock.now)
    key_id = models.CharField(max_length=16)
    signature = models.CharField(max_length=128)

    class Meta:
        indexes = [models.Index(fields=["log", "chain_month", "position"], name="checkpoint_at")]

    def __str__(self):
        return f"{self.log} {self.chain_month:%Y-%m}#{self.position}"
