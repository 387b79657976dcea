import os
import socket
import time

from django.core.management.base import BaseCommand
from django_tasks_db.management.commands.db_worker import Worker as TaskWorker

from eenloket.notifications import outbox
from eenloket.scheduling.services import claim_due_jobs
from eenloket.scheduling.tasks import run_periodic_job


class Command(BaseCommand):
    help = "Run the background worker: periodic jobs, the task queue and the outbox."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="one round, then exit")
        parser.add_argument("--interval", type=float, default=2.0, help="seconds between rounds")
        parser.add_argument("--worker-id", default=f"{socket.gethostname()}-{os.getpid()}")

    def handle(self, *args, once=False, interval=2.0, worker_id="", **options):
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
        while True:
            for name in claim_due_jobs(worker_id):
                run_periodic_job.enqueue(name)
            tasks.run()  # drains the task queue (batch mode)
            sent = outbox.send_due(worker_id)
            if once:
                self.stdout.write(f"one round done: {sent} message(s) handled")
                return
            if not sent:
                time.sleep(interval)
