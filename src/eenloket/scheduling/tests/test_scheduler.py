import datetime as dt
import threading

import pytest
from django.core.management import call_command
from django.db import connection

from eenloket.core import clock
from eenloket.scheduling import jobs, services, tasks
from eenloket.scheduling.models import DeadLetter, PeriodicJob

pytestmark = pytest.mark.django_db

START = dt.datetime(2026, 11, 30, 9, tzinfo=dt.UTC)


def test_each_job_is_claimed_once_per_turn_whatever_the_number_of_workers():
    with clock.frozen(START):
        first = services.claim_due_jobs("worker-a")
        second = services.claim_due_jobs("worker-b")
    assert sorted(first) == sorted(job.name for job in jobs.JOBS)
    assert second == []


def test_a_job_is_due_again_after_its_interval():
    with clock.frozen(START):
        services.claim_due_jobs("a")
        clock.advance(dt.timedelta(minutes=5))
        # The partner webhooks go out every minute (#21).
        assert sorted(services.claim_due_jobs("b")) == ["audit-checkpoint", "webhooks"]
        clock.advance(dt.timedelta(days=1))
        assert sorted(services.claim_due_jobs("a")) == [
            "api-idempotency",
            "api-rate-windows",
            "application-reminders",
            "audit-checkpoint",
            "audit-partitions",
            "audit-retention",
            "break-glass-end",
            "consent-expiry",
            "handover-escalation",
            "handover-stalls",
            "insights-report",
            "invariants",
            "plan-reminders",
            "retention",
            "webhooks",
        ]


@pytest.mark.django_db(transaction=True)
def test_concurrent_workers_never_claim_the_same_turn_on_postgresql(postgres_only):
    with clock.frozen(START):
        services.claim_due_jobs("warm-up")  # create the rows
    PeriodicJob.objects.update(next_run_at=START)
    results, barrier = {}, threading.Barrier(4)

    def claim(worker):
        barrier.wait()
        results[worker] = services.claim_due_jobs(worker)
        connection.close()

    # The clock is one value for every thread: freeze it here, never inside the threads (their
    # blocks would end out of order and leave it frozen for the next test).
    with clock.frozen(START + dt.timedelta(days=2)):
        threads = [threading.Thread(target=claim, args=(f"w{n}",)) for n in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    claimed = [name for names in results.values() for name in names]
    assert sorted(claimed) == sorted(job.name for job in jobs.JOBS)  # each exactly once


def test_a_failing_job_is_retried_with_backoff_then_dead_lettered(monkeypatch):
    from django_tasks_db.models import DBTaskResult

    calls = []

    def broken(self):
        calls.append(self.name)
        raise RuntimeError("storage unavailable")

    monkeypatch.setattr(jobs, "JOBS", (jobs.Job("broken", dt.timedelta(minutes=1), "x.y"),))
    monkeypatch.setattr(jobs.Job, "run", broken)
    with clock.frozen(START):
        for attempt in range(1, tasks.MAX_ATTEMPTS + 1):
            tasks.run_periodic_job.call("broken", attempt)
    assert calls == ["broken"] * tasks.MAX_ATTEMPTS
    retries = DBTaskResult.objects.order_by("run_after")
    delays = [(retry.run_after - START).total_seconds() for retry in retries]
    assert delays == [60, 120, 240, 480]  # doubling backoff, then no more retries
    assert [r.args_kwargs["args"] for r in retries] == [["broken", n] for n in (2, 3, 4, 5)]
    (letter,) = DeadLetter.objects.all()
    assert letter.task == "periodic:broken" and "storage unavailable" in letter.error


@pytest.mark.django_db(transaction=True)  # the task worker closes connections between tasks
def test_worker_once_runs_the_periodic_jobs_through_the_task_queue(capsys, tmp_path):
    from eenloket.audit.models import Checkpoint
    from eenloket.audit.tests.helpers import make_history

    make_history(["p-1"])
    alive = tmp_path / "worker.alive"
    call_command("worker", "--once", "--worker-id", "test-worker", "--heartbeat", str(alive))
    assert Checkpoint.objects.exists()  # audit-checkpoint ran
    assert alive.exists()  # the container's health check looks at its age (compose.yaml)
    assert "one round done" in capsys.readouterr().out
