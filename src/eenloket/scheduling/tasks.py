"""Background tasks (Django's tasks API, django-tasks-db backend) with retries and dead letters."""

import datetime as dt

from django_tasks import task

from eenloket.audit import trace
from eenloket.core import clock

MAX_ATTEMPTS = 5
BACKOFF_BASE_SECONDS = 60


@task()
def run_periodic_job(name: str, attempt: int = 1) -> None:
    """Run one turn of a periodic job; on failure retry with backoff, then dead-letter it."""
    from eenloket.scheduling.jobs import job
    from eenloket.scheduling.models import DeadLetter

    try:
        with trace.operation():
            job(name).run()
    except Exception as error:
        if attempt >= MAX_ATTEMPTS:
            DeadLetter.objects.create(
                task=f"periodic:{name}",
                arguments={"name": name},
                attempts=attempt,
                error=repr(error),
            )
            return
        delay = dt.timedelta(seconds=BACKOFF_BASE_SECONDS * 2 ** (attempt - 1))
        run_periodic_job.using(run_after=clock.now() + delay).enqueue(name, attempt + 1)
