"""The outbox worker: claim a due message, send it on its channel, record the outcome.

Exactly once, honestly: claiming, starting an attempt and recording the outcome are separate
commits. A crash before the hand-over to a channel is retried after the claim's lease runs out
and sends once. Portal messages, letters and call tasks are written in the same transaction as
the outcome, so they happen exactly once. For e-mail and SMS the only possible duplicate is a
crash between the other side accepting the message and our commit; the resend carries the same
Message-ID (e-mail) or reference (SMS), so it can be recognised.
"""

# A job reading every row as the system: it uses the unguarded ``_base_manager``, so it runs
# the same when called while a request is served (docs/decisions/0021 and 0031).

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import re
import signal

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import connection, transaction
from django.db.models import Q

from eenloket.core import clock, crypto
from eenloket.core.actor import Actor
from eenloket.notifications.gateways import sms_gateway
from eenloket.notifications.models import (
    SHARED_CHANNELS,
    CallTask,
    Channel,
    DeliveryAttempt,
    Letter,
    Message,
    MessageStatus,
    PortalMessage,
)
from eenloket.notifications.pdf import letter_pdf
from eenloket.notifications.services import news_notice_queue, render
from eenloket.notifications.states import LIFECYCLE

logger = logging.getLogger("eenloket.notifications")

LEASE = dt.timedelta(seconds=int(os.environ.get("EENLOKET_OUTBOX_LEASE_SECONDS", "60")))
MAX_ATTEMPTS_PER_CHANNEL = 5
BACKOFF_BASE_SECONDS = 30


SYSTEM = Actor.system("outbox")

_crash_hits: dict[str, int] = {}


def _crash_point(step: str) -> None:
    """Test hook (demo mode only): EENLOKET_TEST_CRASH_AT=<step> kills the worker with SIGKILL
    the Nth time it reaches that step (N = EENLOKET_TEST_CRASH_ON, default 1)."""
    if os.environ.get("EENLOKET_TEST_CRASH_AT") != step or settings.EENLOKET_MODE != "demo":
        return
    _crash_hits[step] = _crash_hits.get(step, 0) + 1
    if _crash_hits[step] == int(os.environ.get("EENLOKET_TEST_CRASH_ON", "1")):
        os.kill(os.getpid(), signal.SIGKILL)


def _due():
    now = clock.now()
    pending = Q(status=MessageStatus.PENDING, next_attempt_at__lte=now)
    abandoned = Q(status=MessageStatus.SENDING, lease_until__lt=now)  # its worker died
    return Message._base_manager.filter(pending | abandoned).order_by("next_attempt_at", "id")


def claim(worker_id: str) -> Message | None:
    """Take the next due message for this worker, or None. Commits the claim."""
    with transaction.atomic():
        candidates = _due()
        if connection.vendor == "postgresql":
            candidates = candidates.select_for_update(skip_locked=True)
        else:
            candidates = candidates.select_for_update()  # SQLite: the write lock is the lock
        message = candidates.first()
        if message is None:
            return None
        lease = {"lease_owner": worker_id, "lease_until": clock.now() + LEASE}
        if message.status == MessageStatus.SENDING:  # its worker died: take it over
            return LIFECYCLE.act(message, "take_over", locked=True, changes=lease)
        return LIFECYCLE.transition(message, "claim", actor=SYSTEM, locked=True, changes=lease)


def _body(message: Message, channel: str) -> tuple[str, str]:
    context = json.loads(crypto.decrypt(message.context_encrypted))
    context.setdefault("desk_phone", settings.EENLOKET_DESK_PHONE)
    shared = channel in SHARED_CHANNELS
    variant = "notice" if shared and not message.detail_on_shared_channels else "detail"
    return render(message.template_key, message.language, variant, context)


def _deliver_outside_transaction(message: Message, channel: str, subject: str, body: str) -> None:
    contact = json.loads(crypto.decrypt(message.contact_encrypted))
    if channel == Channel.EMAIL:
        EmailMessage(
            subject=subject,
            body=body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[contact["email"]],
            headers={"Message-ID": message.message_id},
        ).send(fail_silently=False)
    elif channel == Channel.SMS:
        sms_gateway().send(to=contact["phone"], text=body, reference=message.message_id)


def _deliver_inside_transaction(message: Message, channel: str, subject: str, body: str) -> None:
    if channel == Channel.PORTAL:
        PortalMessage.objects.create(
            message=message,
            recipient_ref=message.recipient_ref,
            case_ref=message.case_ref,
            subject=subject,
            body=body,
        )
        news_notice_queue(message=message)
    elif channel == Channel.LETTER:
        contact = json.loads(crypto.decrypt(message.contact_encrypted))
        pdf = letter_pdf(
            title=subject,
            body=body,
            address_lines=contact.get("postal_address", []),
            language=message.language,
        )
        Letter.objects.create(message=message, pdf=pdf)
    elif channel == Channel.CALL:
        CallTask.objects.create(message=message, subject=subject, body=body)


def send(message: Message, worker_id: str) -> str:
    """Send a claimed message on its current channel; return its new status."""
    channel = message.current_channel
    attempt = DeliveryAttempt.objects.create(message=message, channel=channel, worker_id=worker_id)
    _crash_point("attempt_started")
    try:
        subject, body = _body(message, channel)
        if channel in SHARED_CHANNELS:
            _deliver_outside_transaction(message, channel, subject, body)
            _crash_point("handed_over")
        with transaction.atomic():
            if channel not in SHARED_CHANNELS:
                _deliver_inside_transaction(message, channel, subject, body)
            _record_success(message, attempt, channel)
        _crash_point("committed")
        return MessageStatus.SENT
    except Exception as error:  # any failure of a channel is retried, then the next channel
        logger.warning("message %s on %s failed: %s", message.pk, channel, safe_error(error))
        return _record_failure(message, attempt, error)


def _record_success(message: Message, attempt: DeliveryAttempt, channel: str) -> None:
    now = clock.now()
    attempt.outcome = DeliveryAttempt.Outcome.ACCEPTED
    attempt.finished_at = now
    attempt.save(update_fields=["outcome", "finished_at"])
    LIFECYCLE.transition(
        message,
        "deliver",
        actor=SYSTEM,
        locked=True,  # the lease is the lock (notifications/states.py)
        changes={"sent_at": now, "channel_used": channel, "lease_until": None},
    )


@transaction.atomic
def _record_failure(message: Message, attempt: DeliveryAttempt, error: Exception) -> str:
    now = clock.now()
    attempt.outcome = DeliveryAttempt.Outcome.FAILED
    attempt.finished_at = now
    attempt.error = safe_error(error)
    attempt.save(update_fields=["outcome", "finished_at", "error"])
    attempts, channel_index = message.attempts_on_channel + 1, message.channel_index
    if attempts >= MAX_ATTEMPTS_PER_CHANNEL:
        channel_index, attempts = channel_index + 1, 0
    changes: dict[str, object] = {
        "attempts_on_channel": attempts,
        "channel_index": channel_index,
        "last_error": attempt.error,
        "lease_until": None,
    }
    action = "give_up" if channel_index >= len(message.channels) else "retry_later"
    if action == "retry_later":
        backoff = BACKOFF_BASE_SECONDS * 2 ** max(attempts - 1, 0)
        changes["next_attempt_at"] = now + dt.timedelta(seconds=backoff)
    LIFECYCLE.transition(message, action, actor=SYSTEM, locked=True, changes=changes)
    return message.status


_EMAIL_OR_PHONE = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+|\+?\d[\d \-]{7,}\d")


def safe_error(error: Exception) -> str:
    """Return the error text without e-mail addresses or phone numbers: it is shown to
    application managers, who have no business with the recipient's contact details."""
    return _EMAIL_OR_PHONE.sub("[…]", str(error))[:1000]


def send_due(worker_id: str, limit: int = 100) -> int:
    """Send up to ``limit`` due messages; return how many were handled."""
    handled = 0
    while handled < limit:
        message = claim(worker_id)
        if message is None:
            break
        _crash_point("claimed")
        send(message, worker_id)
        handled += 1
    return handled
