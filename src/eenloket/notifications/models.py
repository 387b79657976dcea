"""Messages to citizens, representatives and workers; the outbox they wait in; every attempt.

A message is written in the same transaction as the change that causes it (the outbox); the
worker sends it later. Contact details and the message's context are encrypted at rest.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from eenloket.core import clock
from eenloket.core.models import BaseModel
from eenloket.core.policy_guard import GuardedManager


class Channel(models.TextChoices):
    PORTAL = "portal", _("Message in Mijn overzicht")
    EMAIL = "email", _("E-mail")
    SMS = "sms", _("Text message (SMS)")
    LETTER = "letter", _("Letter")
    CALL = "call", _("Phone call or visit by a worker")


# Channels that other people may see or that pass through other systems: they carry only the
# news that there is news, unless the person chose otherwise.
SHARED_CHANNELS = frozenset({Channel.EMAIL, Channel.SMS})


class RecipientKind(models.TextChoices):
    PERSON = "person", _("Citizen")
    REPRESENTATIVE = "representative", _("Representative")
    WORKER = "worker", _("Worker")


class MessageStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    SENDING = "sending", _("Being sent")
    SENT = "sent", _("Sent")
    DEAD = "dead", _("Could not be sent: needs a person")


class Message(BaseModel):
    recipient_kind = models.CharField(max_length=16, choices=RecipientKind.choices)
    recipient_ref = models.CharField(max_length=64)  # id of the person or worker
    recipient_name = models.CharField(max_length=200)
    # The question (case) the message is about, when there is one: the citizen's messages are
    # listed per question, and an answer lands on that case.
    case_ref = models.CharField(max_length=64, blank=True, default="")
    contact_encrypted = models.TextField()  # JSON: email, phone, postal address lines
    purpose = models.CharField(max_length=100)
    template_key = models.CharField(max_length=100)
    language = models.CharField(max_length=8, default="nl")
    context_encrypted = models.TextField()  # JSON context for the template
    # The channels to try, in the recipient's order, refused ones already left out.
    channels = models.JSONField(default=list)
    channel_index = models.PositiveSmallIntegerField(default=0)
    detail_on_shared_channels = models.BooleanField(default=False)
    # Channels that also get "there is news in Mijn overzicht" when this message lands in the
    # portal (the person's "also tell me by e-mail/SMS"); a notice without content.
    news_also = models.JSONField(default=list, blank=True)
    status = models.CharField(
        max_length=16, choices=MessageStatus.choices, default=MessageStatus.PENDING
    )
    # One RFC 5322 Message-ID for the life of the message: a resend after a crash carries the
    # same one, so the receiving side can recognise the duplicate.
    message_id = models.CharField(max_length=200, unique=True)
    attempts_on_channel = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=clock.now)
    lease_owner = models.CharField(max_length=64, blank=True)
    lease_until = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    channel_used = models.CharField(max_length=16, choices=Channel.choices, blank=True)
    last_error = models.TextField(blank=True)

    objects = GuardedManager()

    class Meta:
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="outbox_due")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="sent") | Q(sent_at__isnull=False),
                name="message_sent_has_time",
            )
        ]

    def __str__(self):
        return f"{self.template_key} → {self.recipient_kind} ({self.status})"

    @property
    def current_channel(self) -> str | None:
        return (
            self.channels[self.channel_index] if self.channel_index < len(self.channels) else None
        )


class DeliveryAttempt(BaseModel):
    class Outcome(models.TextChoices):
        STARTED = "started", _("Started (no outcome recorded: the worker stopped)")
        ACCEPTED = "accepted", _("Accepted")
        FAILED = "failed", _("Failed")

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="attempts")
    channel = models.CharField(max_length=16, choices=Channel.choices)
    worker_id = models.CharField(max_length=64)
    started_at = models.DateTimeField(default=clock.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=16, choices=Outcome.choices, default=Outcome.STARTED)
    error = models.TextField(blank=True)

    objects = GuardedManager()

    def __str__(self):
        return f"{self.channel} {self.outcome}"


class PortalMessage(BaseModel):
    """A message in the citizen's (or representative's) Mijn overzicht."""

    message = models.OneToOneField(Message, on_delete=models.CASCADE, related_name="portal_copy")
    recipient_ref = models.CharField(max_length=64, db_index=True)
    case_ref = models.CharField(max_length=64, blank=True, default="")
    subject = models.CharField(max_length=200)
    body = models.TextField()
    read_at = models.DateTimeField(null=True, blank=True)

    objects = GuardedManager()

    def __str__(self):
        return self.subject


class Letter(BaseModel):
    """A letter as a PDF, queued for printing and posting."""

    message = models.OneToOneField(Message, on_delete=models.CASCADE, related_name="letter")
    pdf = models.BinaryField()
    printed_at = models.DateTimeField(null=True, blank=True)

    objects = GuardedManager()

    def __str__(self):
        return f"letter {self.pk}"


class CallTask(BaseModel):
    """A worker must call or see the person and tell them the message."""

    message = models.OneToOneField(Message, on_delete=models.CASCADE, related_name="call_task")
    subject = models.CharField(max_length=200)
    body = models.TextField()
    done_at = models.DateTimeField(null=True, blank=True)

    objects = GuardedManager()

    def __str__(self):
        return self.subject


class WorkerNotification(BaseModel):
    """News for a worker in the backoffice: a queue change, an escalation."""

    user = models.ForeignKey(
        "accounts.User", on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=32)
    text = models.CharField(max_length=500)
    link = models.CharField(max_length=300, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "read_at"], name="worker_notification_unread")]

    def __str__(self):
        return self.text
