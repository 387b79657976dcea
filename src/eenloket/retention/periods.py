"""How long each kind of record is kept, from which event, and how it ends: declared once here
(#23). The register of processing activities shows this table to the citizen and the privacy
officer (``retention_table``), the daily job ``retention`` applies it (``services.py``), and
docs/privacy.md explains it. Change a term here, nowhere else.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

DELETE = "delete"
KEEP_ANONYMOUS = "anonymous"


@dataclass(frozen=True)
class RetentionRule:
    key: str
    record: object  # what kind of record (lazy text)
    event: object  # the event the term is counted from
    months: int
    ending: object  # what happens after the term
    by_this_job: bool = True  # False: another job applies it (the logs), or nothing expires
    about_citizen: bool = True  # False: shown to the privacy officer, not in the citizen's table


CASE = RetentionRule(
    "case",
    _(
        "A question (dossier): contacts, facts, notes, documents and their files, handovers, "
        "the plan and the team, outcomes, consents for the question, appointments and call backs"
    ),
    _("the question was closed"),
    24,
    _(
        "Deleted. The anonymous figures of the question and the signals it led to stay, without "
        "name, BSN or free text."
    ),
)
CONSENT = RetentionRule(
    "consent",
    _("A consent not tied to one question, with its history"),
    _("the consent ended (withdrawn, expired or declined)"),
    24,
    _("Deleted."),
)
MESSAGE = RetentionRule(
    "message",
    _("A message, letter or portal message to you, with its delivery attempts"),
    _("the message was delivered"),
    12,
    _("Deleted (a consent receipt stays as long as its consent)."),
)
UNDELIVERED = RetentionRule(
    "undelivered_message",
    _("A message to you that could not be delivered on any channel, with its attempts"),
    _("the last attempt to deliver it"),
    6,
    _("Deleted (a consent receipt stays as long as its consent)."),
)
WORKER_NOTIFICATION = RetentionRule(
    "worker_notification",
    _("A notification to a worker (a new task, a handover, a break-glass to confirm)"),
    _("the notification was made"),
    6,
    _("Deleted, read or not, unless it is about a dossier under a legal hold."),
    about_citizen=False,
)
PERSON = RetentionRule(
    "person",
    _("Your registration: name, BSN, contact details, household and representatives"),
    _("you were registered, or your last question was deleted"),
    24,
    _("Deleted once no question, consent, message or appointment of yours is left."),
)
PROCESSING_LOG = RetentionRule(
    "processing_log",
    _("The log of who used your data"),
    _("the end of the month of the line"),
    24,
    _("Deleted by whole months (the audit-retention job); the chain stays verifiable."),
    by_this_job=False,
)
AUDIT_LOG = RetentionRule(
    "audit_log",
    _("The log of what workers did"),
    _("the end of the month of the line"),
    84,
    _("Deleted by whole months (the audit-retention job)."),
    by_this_job=False,
)
FIGURES = RetentionRule(
    "figures",
    _("Anonymous figures and signals (no name, BSN or free text)"),
    "—",
    0,
    _("Kept: they are not personal data."),
    by_this_job=False,
)

RULES: tuple[RetentionRule, ...] = (
    CASE,
    CONSENT,
    MESSAGE,
    UNDELIVERED,
    WORKER_NOTIFICATION,
    PERSON,
    PROCESSING_LOG,
    AUDIT_LOG,
    FIGURES,
)

# The rows of the citizen's own table (Mijn gegevens, the download).
CITIZEN_RULES = tuple(r for r in RULES if r.about_citizen)


def rule(key: str) -> RetentionRule:
    for candidate in RULES:
        if candidate.key == key:
            return candidate
    raise KeyError(key)


def months_before(moment: dt.datetime, months: int) -> dt.datetime:
    """The same moment ``months`` calendar months earlier (the 31st becomes the month's end)."""
    index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(index, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


def cutoff(retention: RetentionRule, now: dt.datetime) -> dt.datetime:
    """Records whose event happened at or before this moment have passed their term."""
    return months_before(now, retention.months)
