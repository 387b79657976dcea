"""The periodic jobs eenloket runs, and how often. Later capabilities add theirs here."""

import datetime as dt
from dataclasses import dataclass

from django.utils.module_loading import import_string

from eenloket.audit.retention import apply_retention
from eenloket.core.actor import Actor


@dataclass(frozen=True)
class Job:
    name: str
    every: dt.timedelta
    function: str  # dotted path, called without arguments

    def run(self):
        return import_string(self.function)()


JOBS = (
    Job("audit-checkpoint", dt.timedelta(minutes=5), "eenloket.audit.chain.checkpoint_all"),
    Job("audit-partitions", dt.timedelta(days=1), "eenloket.scheduling.jobs.audit_partitions"),
    Job("audit-retention", dt.timedelta(days=1), "eenloket.scheduling.jobs.audit_retention"),
    # Records past their term (retention/periods.py), in bounded batches (#23).
    Job("retention", dt.timedelta(days=1), "eenloket.retention.services.retention_job"),
    # Records the end of break-glass nobody confirmed within the hour (decision 0049).
    Job(
        "break-glass-end",
        dt.timedelta(minutes=15),
        "eenloket.consent.break_glass.break_glass_end_unconfirmed",
    ),
    Job("consent-expiry", dt.timedelta(hours=1), "eenloket.consent.services.consents_expire"),
    Job(
        "application-reminders",
        dt.timedelta(hours=6),
        "eenloket.applications.services.applications_remind",
    ),
    Job(
        "handover-escalation",
        dt.timedelta(minutes=15),
        "eenloket.handovers.services.handovers_escalate",
    ),
    # An accepted handover whose work did not start in its term (decision 0046).
    Job(
        "handover-stalls",
        dt.timedelta(hours=6),
        "eenloket.handovers.services.handovers_stall_remind",
    ),
    # Partner webhooks: the feed into deliveries, then what is due (api/webhooks.py, #21).
    Job("webhooks", dt.timedelta(minutes=1), "eenloket.api.webhooks.deliver_due"),
    Job("api-idempotency", dt.timedelta(hours=1), "eenloket.api.idempotency.forget_old"),
    # The API's rate limit: windows that have ended (api/rate.py, decision 0057).
    Job("api-rate-windows", dt.timedelta(minutes=10), "eenloket.api.rate.forget_old"),
    Job("plan-reminders", dt.timedelta(hours=1), "eenloket.teamwork.services.actions_remind"),
    # The figures of closed months, stored for the figures page (decision 0050, #24).
    Job("insights-report", dt.timedelta(days=1), "eenloket.insights.reports.reports_refresh"),
    Job("invariants", dt.timedelta(hours=1), "eenloket.handovers.invariants.report_violations"),
)


def audit_partitions():
    from django.core.management import call_command

    call_command("audit", "partitions", "--months", "3", verbosity=0)


def audit_retention():

    return len(apply_retention(actor=Actor.system("retention")))


def job(name: str) -> Job:
    for candidate in JOBS:
        if candidate.name == name:
            return candidate
    raise KeyError(name)
