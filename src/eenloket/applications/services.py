"""Writes for applications awaited, and the job that reminds and signals overdue ones."""

# Services write and lock rows of objects an interface already obtained through the policy
# point, so they use the unguarded ``_base_manager``; the guarded ``objects`` hands out, while a
# request is served, only what the policy point released (docs/decisions/0021 and 0031).

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from eenloket.applications.models import Application, ApplicationState
from eenloket.applications.states import MACHINE
from eenloket.audit import processing
from eenloket.calendars import statutory
from eenloket.core import clock
from eenloket.core.actor import Actor
from eenloket.core.errors import DomainError
from eenloket.core.states import Lifecycle
from eenloket.notifications import about
from eenloket.notifications.services import worker_notify

# The coordinator is reminded this many days before the expected decision date.
REMIND_DAYS_BEFORE = 5


@transaction.atomic
def application_record(
    *,
    case,
    organisation,
    what: str,
    filed_on: dt.date,
    scheme=None,
    term_value: int | None = None,
    term_unit: str = "",
    actor: Actor,
) -> Application:
    """Record that the citizen applied. Without a term, the scheme's decision term applies,
    else the reasonable term of the Awb (eight weeks, art. 4:13)."""
    if not what.strip():
        raise DomainError(_("Say what was applied for."), field="what")
    if filed_on is None or filed_on > clock.today():
        raise DomainError(_("The filing date cannot lie in the future."), field="filed_on")
    if filed_on.year < statutory.FIRST_SUPPORTED_YEAR:
        # The statutory calendar (Atw holidays) that gives the decision date starts there;
        # found by the API's schemathesis run, where year 165 was a server error (#21).
        raise DomainError(_("The filing date is too long ago."), field="filed_on")
    if scheme is not None and scheme.service.organisation_id != organisation.pk:
        raise DomainError(_("This scheme belongs to another organisation."), field="scheme")
    legal_source = ""
    if term_value is None:
        if (
            scheme is not None
            and scheme.decision_term
            and scheme.decision_term_unit
            in (
                "days",
                "weeks",
            )
        ):
            term_value, term_unit = scheme.decision_term, scheme.decision_term_unit
            legal_source = scheme.legal_source
        else:
            term_value, term_unit, legal_source = 8, "weeks", "art. 4:13 lid 2 Awb"
    if term_unit not in ("days", "weeks") or not 1 <= int(term_value) <= 520:
        raise DomainError(_("Give the decision term in days or weeks."), field="term_value")
    application = Application.objects.create(
        case=case,
        organisation=organisation,
        scheme=scheme,
        what=what.strip()[:200],
        filed_on=filed_on,
        term_value=int(term_value),
        term_unit=term_unit,
        legal_source=legal_source[:300],
        recorded_by=actor.user if actor.is_worker else None,
    )
    application.refresh_due()
    application.save(update_fields=["due_on"])
    processing.record_change(
        actor=actor,
        action="application_record",
        object_type="case",
        object_id=case.pk,
        changes={"application": str(application.pk), "filed_on": filed_on.isoformat()},
    )
    return application


@transaction.atomic
def application_suspend(*, application: Application, start: dt.date, end: dt.date, actor: Actor):
    """The organisation asked for more information (art. 4:15 Awb): the term stands still."""
    _must_allow(application, "suspend")
    if end < start or start < application.filed_on:
        raise DomainError(
            _("The period must start after filing and not end before it starts."), field="start"
        )
    if end > clock.today() + dt.timedelta(days=366):
        raise DomainError(_("The period cannot end more than a year from now."), field="end")
    for other_start, other_end in application.suspensions:
        if start.isoformat() <= other_end and other_start <= end.isoformat():
            raise DomainError(
                _("This period overlaps one already recorded (%(start)s to %(end)s).")
                % {
                    "start": dt.date.fromisoformat(other_start).strftime("%d-%m-%Y"),
                    "end": dt.date.fromisoformat(other_end).strftime("%d-%m-%Y"),
                },
                field="start",
            )
    application.suspensions = [*application.suspensions, [start.isoformat(), end.isoformat()]]
    application.refresh_due()
    # A later date is a new date to remind about.
    application.reminded_at = application.overdue_notified_at = None
    application.save(update_fields=["suspensions", "due_on", "reminded_at", "overdue_notified_at"])
    processing.record_change(
        actor=actor,
        action="application_suspend",
        object_type="case",
        object_id=application.case_id,
        changes={"application": str(application.pk), "from": str(start), "until": str(end)},
    )
    return application


@transaction.atomic
def application_extend(*, application: Application, days: int, actor: Actor):
    """The organisation put off its decision (art. 4:14 lid 3 Awb, or a scheme's own
    "verdaging"): the days it announced are added to the term."""
    _must_allow(application, "extend")
    if not 1 <= int(days) <= 365:
        raise DomainError(_("Give the extension in days, from 1 to 365."), field="days")
    application.extension_days += int(days)
    application.refresh_due()
    application.reminded_at = application.overdue_notified_at = None
    application.save(
        update_fields=["extension_days", "due_on", "reminded_at", "overdue_notified_at"]
    )
    processing.record_change(
        actor=actor,
        action="application_extend",
        object_type="case",
        object_id=application.case_id,
        changes={"application": str(application.pk), "days": int(days)},
    )
    return application


@transaction.atomic
def application_withdraw(*, application: Application, reason: str, actor: Actor):
    """The citizen withdrew the application; nobody waits for a decision any more."""
    return LIFECYCLE.transition(
        application, "withdraw", actor=actor, changes={"outcome": reason.strip()[:300]}
    )


def _must_allow(application: Application, act: str) -> None:
    # Re-read under a row lock: two workers on the same application see each other's change.
    current = LIFECYCLE.locked(application)
    MACHINE.require(current.state, act)
    application.suspensions = current.suspensions
    application.extension_days = current.extension_days


@transaction.atomic
def application_decided(*, application: Application, decided_on: dt.date, outcome: str, actor):
    """Record the decision: the date it was taken and what it was."""
    current = LIFECYCLE.locked(application)
    MACHINE.check(current.state, "decide")
    if decided_on < current.filed_on or decided_on > clock.today():
        raise DomainError(_("The decision date is not possible."), field="decided_on")
    return LIFECYCLE.transition(
        current,
        "decide",
        actor=actor,
        locked=True,
        changes={"decided_on": decided_on, "outcome": outcome.strip()[:300]},
    )


def _audit(application: Application, move, actor: Actor, detail) -> None:
    changes = {"application": str(application.pk)}
    if move.action == "decide":
        changes["decided_on"] = str(application.decided_on)
    processing.record_change(
        actor=actor,
        action="application_decided" if move.action == "decide" else "application_withdraw",
        object_type="case",
        object_id=application.case_id,
        changes=changes,
    )


LIFECYCLE = Lifecycle(machine=MACHINE, model=Application, audit=_audit)


def applications_remind() -> int:
    """Tell the case's coordinator, once, when a decision is due within five days, and once
    when it is overdue. Returns the number of notifications."""

    today = clock.today()
    sent = 0
    waiting = Application._base_manager.filter(
        state=ApplicationState.WAITING,
        overdue_notified_at__isnull=True,
        due_on__lte=today + dt.timedelta(days=REMIND_DAYS_BEFORE),
    ).select_related("case__coordinator", "organisation")
    for application in waiting.order_by("due_on")[:2000]:
        coordinator = application.case.coordinator
        expected = application.due_on
        link = about.about(about.CASE, application.case_id)
        if today > expected:
            field, text = (
                "overdue_notified_at",
                _("A decision is overdue: %(org)s should have decided by %(date)s.")
                % {"org": application.organisation.name, "date": expected.strftime("%d-%m-%Y")},
            )
        elif (expected - today).days <= REMIND_DAYS_BEFORE and application.reminded_at is None:
            field, text = (
                "reminded_at",
                _("A decision is due soon: %(org)s, by %(date)s.")
                % {"org": application.organisation.name, "date": expected.strftime("%d-%m-%Y")},
            )
        else:
            continue
        updated = Application._base_manager.filter(pk=application.pk, **{f"{field}__isnull": True})
        if not updated.update(**{field: clock.now()}):
            continue  # another worker sent it
        if coordinator is not None:
            worker_notify(user=coordinator, kind="application", text=text, link=link)
            sent += 1
    return sent
