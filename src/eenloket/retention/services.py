"""Retention's writes: the daily job that deletes what has passed its term (``periods.py``), in
bounded batches, with a dry run and a report; placing and releasing legal holds.

Each record goes in its own transaction, so a record that cannot go (another record still
needs it) is reported and the rest continues. A deleted dossier leaves a worker audit entry
with its id and counts, never its content. Files of deleted documents leave storage when the
transaction commits.
"""

# Services delete rows that no request released: they use the unguarded ``_base_manager``
# (docs/decisions/0021 and 0031); nothing here is shown to anyone.

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Max, ProtectedError, Q
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from eenloket.access import capabilities
from eenloket.appointments.models import Appointment, CallbackRequest
from eenloket.audit import processing
from eenloket.cases.models import Case, CaseStatus, Confirmation, ContactDocument
from eenloket.consent.models import Consent, ConsentState
from eenloket.core import clock
from eenloket.core.actor import Actor
from eenloket.core.errors import DomainError, NotFoundOrForbidden
from eenloket.documents.models import Document
from eenloket.insights import capture, refs
from eenloket.notifications import about
from eenloket.notifications.models import Message, MessageStatus, WorkerNotification
from eenloket.people.models import HouseholdMember, Person, Representation
from eenloket.retention import periods
from eenloket.retention.models import HoldKind, LegalHold, SignalCaseLink
from eenloket.signals.models import SignalReport

DEFAULT_BATCH = 200
SYSTEM = Actor.system("retention")


@dataclass
class RuleReport:
    """What one rule found and did in one run."""

    rule: str
    due: int = 0  # passed the term, in this batch
    held: int = 0  # passed the term but under a legal hold
    deleted: int = 0
    kept: list[str] = field(default_factory=list)  # could not go: "<id>: <why>"


@dataclass
class Report:
    dry_run: bool
    at: dt.datetime
    rules: list[RuleReport]

    def as_dict(self) -> dict:
        return {
            "dry_run": self.dry_run,
            "at": self.at.isoformat(),
            "rules": [vars(r) for r in self.rules],
        }


# ------------------------------------------------------------------ legal holds


def _held_case_ids(today: dt.date):
    return LegalHold._base_manager.filter(released_at__isnull=True, until__gte=today).values(
        "case_id"
    )


def _held_person_ids(today: dt.date):
    return LegalHold._base_manager.filter(released_at__isnull=True, until__gte=today).values(
        "case__person_id"
    )


def _may_hold(actor: Actor) -> None:
    if actor.kind != "system" and not capabilities.may_query_processing_log(actor):
        raise NotFoundOrForbidden()


@transaction.atomic
def legal_hold_place(*, case: Case, kind: str, reason: str, until: dt.date, actor: Actor):
    """Stop retention from deleting the dossier (and its person's records) until ``until``:
    a complaint, an objection or a court case, with a reason. Only the privacy officer (or a
    system job). Audited."""
    _may_hold(actor)
    if kind not in HoldKind.values:
        raise DomainError(_("Choose why the dossier must be kept."), field="kind")
    reason = reason.strip()
    if not reason:
        raise DomainError(_("Say why the dossier must be kept."), field="reason")
    if until < clock.today():
        raise DomainError(_("The end date of a hold cannot lie in the past."), field="until")
    hold = LegalHold._base_manager.create(
        case=case, kind=kind, reason=reason, until=until, placed_by=actor.user
    )
    processing.record_change(
        actor=actor,
        action="retention.hold_placed",
        object_type="case",
        object_id=case.pk,
        changes={"hold": str(hold.pk), "kind": kind, "until": until.isoformat()},
    )
    return hold


@transaction.atomic
def legal_hold_release(*, hold: LegalHold, actor: Actor) -> LegalHold:
    """End a hold before its date (the complaint is settled). Releasing twice is a no-op."""
    _may_hold(actor)
    hold = LegalHold._base_manager.select_for_update().get(pk=hold.pk)
    if hold.released_at is not None:
        return hold
    hold.released_at = clock.now()
    hold.released_by = actor.user
    hold.save(update_fields=["released_at", "released_by"])
    processing.record_change(
        actor=actor,
        action="retention.hold_released",
        object_type="case",
        object_id=hold.case_id,
        changes={"hold": str(hold.pk)},
    )
    return hold


# ------------------------------------------------------------------ what is due


def due_cases(now: dt.datetime):
    """Closed cases whose term has passed, oldest first (holds not yet taken out)."""
    return (
        Case._base_manager.filter(
            status=CaseStatus.CLOSED, closed_at__lte=periods.cutoff(periods.CASE, now)
        )
        .order_by("closed_at", "pk")
        .values_list("pk", flat=True)
    )


def due_consents(now: dt.datetime):
    """Consents not tied to a question that ended before the term, oldest first."""
    ended = (ConsentState.WITHDRAWN, ConsentState.EXPIRED, ConsentState.DECLINED)
    border = periods.cutoff(periods.CONSENT, now)
    return (
        Consent._base_manager.filter(case__isnull=True, state__in=ended)
        .filter(Q(ended_at__lte=border) | Q(ended_at__isnull=True, decided_at__lte=border))
        .order_by("created_at", "pk")
        .values_list("pk", "person_id")
    )


def due_messages(now: dt.datetime):
    """Delivered messages past their term that no consent or confirmation still needs."""

    receipts = Consent._base_manager.filter(receipt_message__isnull=False).values(
        "receipt_message_id"
    )
    confirmations = Confirmation._base_manager.filter(message__isnull=False).values("message_id")
    return (
        Message._base_manager.filter(
            status=MessageStatus.SENT, sent_at__lte=periods.cutoff(periods.MESSAGE, now)
        )
        .exclude(pk__in=receipts)
        .exclude(pk__in=confirmations)
        .order_by("sent_at", "pk")
        .values_list("pk", "recipient_ref")
    )


def due_undelivered(now: dt.datetime):
    """Messages that could not be delivered (given up on every channel), their last attempt
    before the term; those a consent or confirmation still needs stay, as for delivered ones."""
    last_tried = Coalesce(Max("attempts__finished_at"), "created_at")
    return (
        Message._base_manager.filter(status=MessageStatus.DEAD)
        .exclude(pk__in=_needed_messages())
        .annotate(last_tried=last_tried)
        .filter(last_tried__lte=periods.cutoff(periods.UNDELIVERED, now))
        .order_by("last_tried", "pk")
        .values_list("pk", "recipient_ref")
    )


def due_notifications(now: dt.datetime):
    """Worker notifications made before the term, read or not, oldest first; with what they
    are about, so one about a dossier under a legal hold stays."""
    return (
        WorkerNotification._base_manager.filter(
            created_at__lte=periods.cutoff(periods.WORKER_NOTIFICATION, now)
        )
        .order_by("created_at", "pk")
        .values_list("pk", "link")
    )


def _needed_messages() -> set:
    receipts = Consent._base_manager.filter(receipt_message__isnull=False)
    confirmations = Confirmation._base_manager.filter(message__isnull=False)
    return set(receipts.values_list("receipt_message_id", flat=True)) | set(
        confirmations.values_list("message_id", flat=True)
    )


def due_persons(now: dt.datetime):
    """Persons registered before the term without any question left."""

    return (
        Person._base_manager.filter(created_at__lte=periods.cutoff(periods.PERSON, now))
        .exclude(pk__in=Case._base_manager.values("person_id"))
        .order_by("created_at", "pk")
        .values_list("pk", flat=True)
    )


# ------------------------------------------------------------------ deleting


def _files_of(case_id) -> list:

    files = [d.file for d in Document._base_manager.filter(case_id=case_id) if d.file]
    files += [
        d.file for d in ContactDocument._base_manager.filter(contact__case_id=case_id) if d.file
    ]
    return [(f.storage, f.name) for f in files]


def _remove_files(files) -> None:
    for storage, name in files:
        storage.delete(name)


@transaction.atomic
def case_delete(*, case_id, actor: Actor = SYSTEM) -> dict:
    """Delete a closed case past its term with everything on it; keep its signals' reports,
    linked to the case's anonymous facts by pseudonym. Refuses a case under a legal hold."""

    case = Case._base_manager.select_for_update().get(pk=case_id)
    today = clock.today()
    if LegalHold._base_manager.filter(
        case=case, released_at__isnull=True, until__gte=today
    ).exists():
        raise DomainError(_("This dossier is under a legal hold."))
    capture.case_changed(case.pk)  # its anonymous facts are up to date before it goes
    case_ref = refs.ref("case", case.pk)
    for report in SignalReport.objects.filter(case_id=case.pk):
        SignalCaseLink.objects.update_or_create(
            report=report, defaults={"case_ref": case_ref, "deleted_on": today}
        )
    files = _files_of(case.pk)
    counts = {
        "appointments": Appointment._base_manager.filter(case=case).delete()[0],
        "callbacks": CallbackRequest._base_manager.filter(case=case).delete()[0],
        "holds_ended": LegalHold._base_manager.filter(case=case).delete()[0],
    }
    deleted, _per_model = Case._base_manager.filter(pk=case.pk).delete()
    counts["rows"] = deleted
    counts["files"] = len(files)
    processing.record_change(
        actor=actor,
        action="retention.case_deleted",
        object_type="case",
        object_id=case.pk,
        changes={"rule": periods.CASE.key, "closed_at": case.closed_at.isoformat()} | counts,
    )
    transaction.on_commit(lambda: _remove_files(files))
    return counts


def _delete_one(model, pk, actor: Actor, rule: str, object_type: str) -> None:
    with transaction.atomic():
        deleted, _per_model = model._base_manager.filter(pk=pk).delete()
        processing.record_change(
            actor=actor,
            action=f"retention.{rule}_deleted",
            object_type=object_type,
            object_id=pk,
            changes={"rule": rule, "rows": deleted},
        )


def _person_delete(person_id, actor: Actor) -> None:
    """Delete a person with no question left: their household rows, their representations
    and consents (none is a basis without a question), then the registration."""

    with transaction.atomic():
        Consent._base_manager.filter(person_id=person_id).delete()
        Representation._base_manager.filter(
            Q(represented_id=person_id) | Q(representative_id=person_id)
        ).delete()
        HouseholdMember._base_manager.filter(
            Q(person_id=person_id) | Q(member_id=person_id)
        ).delete()
        deleted, _per_model = Person._base_manager.filter(pk=person_id).delete()
        processing.record_change(
            actor=actor,
            action="retention.person_deleted",
            object_type="person",
            object_id=person_id,
            changes={"rule": periods.PERSON.key, "rows": deleted},
        )


# A file younger than this may belong to a transaction still under way: left alone.
ORPHAN_GRACE = dt.timedelta(days=1)


def _document_folders() -> list[str]:
    from django.conf import settings

    return ["documents", settings.EENLOKET_DOCUMENT_DIR]


def _stored_files(storage, folder: str):
    """Every file name under ``folder`` (two levels: <case>/<document>), or none."""
    try:
        cases_, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in files:
        yield f"{folder}/{name}"
    for case_folder in cases_:
        try:
            _dirs, inside = storage.listdir(f"{folder}/{case_folder}")
        except FileNotFoundError:
            continue
        for name in inside:
            yield f"{folder}/{case_folder}/{name}"


def orphan_files(limit: int) -> list[str]:
    """Files in the document folders that no document row names, older than a day: left by a
    transaction that failed after the file was written (or by a deletion that crashed before
    its files went). At most ``limit``.

    A file's age is measured on the file system's own clock (its modification time against
    the machine's time), not on the project clock: the file system never follows a shifted or
    frozen project clock."""
    import time

    from django.core.files.storage import default_storage

    known = set(Document._base_manager.values_list("file", flat=True))
    known |= set(ContactDocument._base_manager.values_list("file", flat=True))
    found = []
    for folder in _document_folders():
        for name in _stored_files(default_storage, folder):
            if name in known:
                continue
            written = os.path.getmtime(default_storage.path(name))
            if written > time.time() - ORPHAN_GRACE.total_seconds():
                continue
            found.append(name)
            if len(found) >= limit:
                return found
    return found


def retention_apply(
    *, dry_run: bool = False, batch: int = DEFAULT_BATCH, actor: Actor = SYSTEM
) -> Report:
    """Apply every retention rule of this job once: at most ``batch`` records per rule, each in
    its own transaction; skip what a legal hold keeps; report what was due, held, deleted and
    kept. With ``dry_run`` nothing changes."""

    now = clock.now()
    today = now.date()
    held_cases = set(_held_case_ids(today).values_list("case_id", flat=True))
    held_persons = {
        str(p) for p in _held_person_ids(today).values_list("case__person_id", flat=True)
    }
    reports = []

    cases = RuleReport(periods.CASE.key)
    for case_id in due_cases(now)[:batch]:
        if case_id in held_cases:
            cases.held += 1
            continue
        cases.due += 1
        if dry_run:
            continue
        try:
            case_delete(case_id=case_id, actor=actor)
        except (ProtectedError, DomainError) as error:
            cases.kept.append(f"{case_id}: {type(error).__name__}")
        else:
            cases.deleted += 1
    reports.append(cases)

    def simple(rule, rows, model, object_type, held=held_persons):
        report = RuleReport(rule.key)
        for pk, person_ref in rows[:batch]:
            if str(person_ref) in held:
                report.held += 1
                continue
            report.due += 1
            if dry_run:
                continue
            try:
                _delete_one(model, pk, actor, rule.key, object_type)
            except ProtectedError:
                report.kept.append(f"{pk}: still needed")
            else:
                report.deleted += 1
        return report

    reports.append(simple(periods.CONSENT, due_consents(now), Consent, "consent"))
    reports.append(simple(periods.MESSAGE, due_messages(now), Message, "message"))
    reports.append(simple(periods.UNDELIVERED, due_undelivered(now), Message, "message"))
    held_links = {about.about(about.CASE, case_id) for case_id in held_cases}
    notifications = due_notifications(now)
    reports.append(
        simple(
            periods.WORKER_NOTIFICATION,
            notifications,
            WorkerNotification,
            "notification",
            held_links,
        )
    )

    persons = RuleReport(periods.PERSON.key)
    for person_id in due_persons(now)[:batch]:
        if str(person_id) in held_persons:
            persons.held += 1
            continue
        persons.due += 1
        if dry_run:
            continue
        try:
            _person_delete(person_id, actor)
        except ProtectedError:
            persons.kept.append(f"{person_id}: still needed (an appointment, a message)")
        else:
            persons.deleted += 1
    reports.append(persons)

    orphans = RuleReport("orphan_files")
    from django.core.files.storage import default_storage

    for name in orphan_files(batch):
        orphans.due += 1
        if not dry_run:
            default_storage.delete(name)
            orphans.deleted += 1
    if orphans.deleted:
        processing.record_change(
            actor=actor,
            action="retention.orphan_files_deleted",
            object_type="storage",
            object_id="documents",
            changes={"files": orphans.deleted},
        )
    reports.append(orphans)
    return Report(dry_run=dry_run, at=now, rules=reports)


def retention_job() -> int:
    """The daily job: apply retention once, with the default batch; return how many went."""
    report = retention_apply()
    return sum(r.deleted for r in report.rules)
