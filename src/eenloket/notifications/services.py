"""Writes for messages: queue a message in the caller's transaction; notify a worker."""

# Services write and lock rows of objects an interface already obtained through the policy
# point, so they use the unguarded ``_base_manager``; the guarded ``objects`` hands out, while a
# request is served, only what the policy point released (docs/decisions/0021 and 0031).

from __future__ import annotations

import json
import uuid

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from eenloket.core import clock, crypto
from eenloket.core.actor import Actor
from eenloket.core.errors import DomainError
from eenloket.notifications.models import (
    Channel,
    Message,
    MessageStatus,
    PortalMessage,
    RecipientKind,
    WorkerNotification,
)
from eenloket.notifications.preferences import ChannelPreferences
from eenloket.notifications.states import LIFECYCLE, MESSAGE

LANGUAGES = ("nl", "en")
# Which contact detail each channel needs; portal and call need none here.
NEEDS = {Channel.EMAIL: "email", Channel.SMS: "phone", Channel.LETTER: "postal_address"}


def render(template_key: str, language: str, variant: str, context: dict) -> tuple[str, str]:
    """Return (subject, body) of a message template; ``variant`` is 'detail' or 'notice'."""
    base = f"notifications/messages/{template_key}/{language}"
    # The subject may differ per variant: on a shared channel it must not give anything away.
    context = {**context, "variant": variant}
    subject = render_to_string(f"{base}/subject.txt", context).strip()
    body = render_to_string(f"{base}/{variant}.txt", context).strip()
    return subject, body


def channels_for(preferences: ChannelPreferences, contact: dict) -> list[str]:
    """Return the channels to try, in the recipient's order: never a refused channel, never one
    we have no address for. A conversation task ('call') is the last resort unless refused."""
    channels = []
    for channel in preferences.ordered:
        if channel not in Channel.values or channel in preferences.refused:
            continue
        if channel in NEEDS and not contact.get(NEEDS[channel]):
            continue
        if channel not in channels:
            channels.append(channel)
    if Channel.CALL not in channels and Channel.CALL not in preferences.refused:
        channels.append(Channel.CALL)  # a human is always reachable
    return channels


def message_queue(
    *,
    recipient_kind: str,
    recipient_ref: object,
    recipient_name: str,
    contact: dict,
    preferences: ChannelPreferences,
    purpose: str,
    template_key: str,
    context: dict,
    language: str = "nl",
    case_ref: object = "",
    actor: Actor,
) -> Message:
    """Put a message in the outbox, in the caller's transaction (so it exists exactly when the
    change that causes it does). The worker sends it on the first allowed channel."""
    if recipient_kind not in RecipientKind.values:
        raise DomainError(_("Unknown kind of recipient."))
    if language not in LANGUAGES:
        language = "nl"
    render(template_key, language, "notice", context)  # a missing template fails here, now
    channels = channels_for(preferences, contact)
    message = Message(
        recipient_kind=recipient_kind,
        recipient_ref=str(recipient_ref),
        recipient_name=recipient_name,
        case_ref=str(case_ref or ""),
        contact_encrypted=crypto.encrypt(json.dumps(contact)),
        purpose=purpose,
        template_key=template_key,
        language=language,
        context_encrypted=crypto.encrypt(json.dumps(context, default=str)),
        channels=channels,
        detail_on_shared_channels=preferences.detail_on_shared_channels,
        news_also=[c for c in preferences.news_also if c in NEEDS and contact.get(NEEDS[c])],
        message_id=f"<{uuid.uuid4()}@{settings.EENLOKET_MAIL_DOMAIN}>",
    )
    if not channels:
        # Every channel refused: a person at the desk must decide how to reach them.
        message.status = MessageStatus.DEAD
        message.last_error = "no allowed channel: the person refused every channel"
    with transaction.atomic():
        message.save()
    return message


def news_notice_queue(*, message: Message) -> list[Message]:
    """A message just landed in Mijn overzicht: tell the person by e-mail or SMS that there is
    news, as they asked — the notice says only that, nothing of the content. In the caller's
    transaction (the outbox's delivery), so it is queued exactly once."""
    notices = []
    for channel in message.news_also:
        notices.append(
            Message.objects.create(
                recipient_kind=message.recipient_kind,
                recipient_ref=message.recipient_ref,
                recipient_name=message.recipient_name,
                case_ref=message.case_ref,
                contact_encrypted=message.contact_encrypted,
                purpose="portal_news",
                template_key="portal_news",
                language=message.language,
                context_encrypted=crypto.encrypt(
                    json.dumps({"name": message.recipient_name}, default=str)
                ),
                channels=[channel],  # this channel only: the news itself is in the portal
                detail_on_shared_channels=False,
                message_id=f"<{uuid.uuid4()}@{settings.EENLOKET_MAIL_DOMAIN}>",
            )
        )
    return notices


def portal_message_read(*, portal_message: PortalMessage, actor: Actor) -> PortalMessage:
    """Mark a message in Mijn overzicht as read by its recipient (the first time only).
    ``portal_message`` comes from the policy point (``access.messages.citizen_message``)."""
    if portal_message.read_at is None:
        portal_message.read_at = clock.now()
        PortalMessage._base_manager.filter(pk=portal_message.pk, read_at__isnull=True).update(
            read_at=portal_message.read_at, updated_at=portal_message.read_at
        )
    return portal_message


@transaction.atomic
def message_retry(*, message: Message, actor: Actor) -> Message:
    """Put a message that could not be sent back in the outbox, from its first channel."""
    message = LIFECYCLE.locked(message)
    MESSAGE.check(message.status, "retry")
    if not message.channels:
        raise DomainError(_("This person refused every channel: contact them another way."))
    return LIFECYCLE.transition(
        message,
        "retry",
        actor=actor,
        locked=True,
        changes={"channel_index": 0, "attempts_on_channel": 0, "last_error": ""},
    )


def worker_notify(*, user, kind: str, text: str, link: str = "") -> WorkerNotification:
    """Tell a worker something in their notifications list (and by e-mail if they want)."""
    notification = WorkerNotification.objects.create(user=user, kind=kind, text=text, link=link)
    if user.notify_by_email and user.email:
        message_queue(
            recipient_kind=RecipientKind.WORKER,
            recipient_ref=user.pk,
            recipient_name=str(user),
            contact={"email": user.email},
            preferences=ChannelPreferences(ordered=(Channel.EMAIL,)),
            purpose="worker_notification",
            template_key="worker_notification",
            context={"name": str(user), "text": text},
            language="nl",
            actor=Actor.system("notifications"),
        )
    return notification
