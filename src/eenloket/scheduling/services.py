"""The scheduler: claim due periodic jobs, exactly one worker per turn."""

from django.db import transaction

from eenloket.core import clock
from eenloket.scheduling.jobs import JOBS
from eenloket.scheduling.models import PeriodicJob


def claim_due_jobs(worker_id: str) -> list[str]:
    """Return the names of the periodic jobs this worker won for this turn.

    Each claim is one conditional UPDATE (``next_run_at <= now``) that moves ``next_run_at`` on:
    of several workers, exactly one sees a row change.
    """
    now = clock.now()
    won = []
    for job in JOBS:
        PeriodicJob.objects.get_or_create(name=job.name, defaults={"next_run_at": now})
        with transaction.atomic():
            claimed = PeriodicJob.objects.filter(name=job.name, next_run_at__lte=now).update(
                next_run_at=now + job.every, last_claimed_by=worker_id, last_claimed_at=now
            )
        if claimed:
            won.append(job.name)
    return won
