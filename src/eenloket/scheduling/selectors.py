"""Reads of the background work's failures."""

from eenloket.scheduling.models import DeadLetter

LIST_SIZE = 100


def unresolved_dead_letters(*, limit: int = LIST_SIZE) -> list[DeadLetter]:
    """The jobs that failed every retry and nobody resolved yet, newest first."""
    return list(DeadLetter.objects.filter(resolved_at__isnull=True)[:limit])
