"""Reads for the notifications list and the dead-letter list."""

from eenloket.notifications.models import Message, MessageStatus, WorkerNotification

LIST_SIZE = 100


def notifications_for(*, user, limit: int = LIST_SIZE) -> list[WorkerNotification]:
    """Return the worker's own notifications, newest first."""
    return list(WorkerNotification.objects.filter(user=user)[:limit])


def undeliverable_messages(*, limit: int = LIST_SIZE) -> list[Message]:
    """Return messages that could not be sent, without personal data (no names or addresses)."""
    return list(
        Message.objects.filter(status=MessageStatus.DEAD)
        .only(
            "id",
            "recipient_kind",
            "purpose",
            "template_key",
            "channels",
            "last_error",
            "created_at",
        )
        .order_by("-created_at")[:limit]
    )
