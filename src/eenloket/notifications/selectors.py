"""Reads for a worker's notifications list. What the outbox's manager sees of undeliverable
messages is the policy point's (``access.messages.undeliverable_messages``)."""

from eenloket.notifications.models import WorkerNotification

LIST_SIZE = 100


def notifications_for(*, user, limit: int = LIST_SIZE) -> list[WorkerNotification]:
    """Return the worker's own notifications, newest first."""
    return list(WorkerNotification.objects.filter(user=user)[:limit])
