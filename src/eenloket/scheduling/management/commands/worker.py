import os
import socket
import time
from pathlib import Path

from django.core.management.base import BaseCommand
from django.db import InterfaceError, OperationalError, connections
from django_tasks_db.management.commands.db_worker import Worker as TaskWorker

from eenloket.notifications import outbox
from eenloket.scheduling.services import claim_due_jobs
from eenloket.scheduling.tasks import run_periodic_job


def one_round(worker_id: str, tasks) -> int:
    """Start due periodic jobs, drain the task queue, send what the outbox has due."""
    for name in claim_due_jobs(worker_id):
        run_periodic_job.enqueue(name)
    tasks.run()  # drains the task queue (batch mode)
    return outbox.send_due(worker_id)


def wait_for_database(attempt: int) -> float:
    """Close the broken connections and say how long to wait: 1, 2, 4 ... at most 30 s."""
    connections.close_all()
    return float(min(30, 2 ** (attempt - 1)))


class Command(BaseCommand):
    help = "Run the background worker: periodic jobs, the task queue and the outbox."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="one round, then exit")
        parser.add_argument("--interval", type=float, default=2.0, help="seconds between rounds")
        parser.add_argument("--worker-id", default=f"{socket.gethostname()}-{os.getpid()}")
        parser.add_argument(
            "--heartbeat",
            default="",
            help="a file touched after every round that reached the database (the container's "
            "health check looks at its age)",
        )

    def handle(self, *args, once=False, interval=2.0, worker_id="", heartbeat="", **options):
        if interval <= 0:
            interval = 2.0
        tasks = TaskWorker(
            queue_names=["*"],
            interval=0,
            batch=True,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id=worker_id[:64],
            excluded_queue_names=[],
        )
        self.stdout.write(f"worker {worker_id} started")
        waiting = 0
        while True:
            try:
                sent = one_round(worker_id, tasks)
            except (OperationalError, InterfaceError) as error:
                # The database went away: wait and try again with a fresh connection; what was
                # claimed but not committed is claimed again when its lease runs out (#26).
                waiting += 1
                pause = wait_for_database(waiting)
                self.stderr.write(
                    f"database unavailable ({type(error).__name__}); "
                    f"waiting {pause:.0f} s before trying again"
                )
                time.sleep(pause)
                continue
            if waiting:
                self.stdout.write("database back; working again")
                waiting = 0
            if heartbeat:
                Path(heartbeat).touch()
            if once:
                self.stdout.write(f"one round done: {sent} message(s) handled")
                return
            if not sent:
                time.sleep(interval)
