"""Writes for signals: report one (grouped with a similar open one), and the organisation
concerned moving it through its states with an answer every reporter sees."""

from __future__ import annotations

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from eenloket.access import insights as insights_access
from eenloket.audit import processing
from eenloket.core import clock
from eenloket.core.actor import Actor
from eenloket.core.errors import DomainError
from eenloket.core.states import Lifecycle
from eenloket.notifications import about
from eenloket.notifications.services import worker_notify
from eenloket.signals import regulations, text
from eenloket.signals.models import Effect, Kind, Signal, SignalEvent, SignalReport, Source
from eenloket.signals.states import MACHINE, NEEDS_ANSWER, OPEN

TEXT_MAX = 2000
# Descriptions that share at least this share of their content words are the same blocker.
SIMILAR = 0.5


def _check_text(field: str, value: str, *, required: bool, missing: str) -> str:
    value = (value or "").strip()
    if required and not value:
        raise DomainError(missing, field=field)
    if "\x00" in value:
        raise DomainError(_("This text contains a character that is not allowed."), field=field)
    if len(value) > TEXT_MAX:
        raise DomainError(
            _("This text is too long: at most %(max)d characters.") % {"max": TEXT_MAX},
            field=field,
        )
    if text.has_personal_data(value):
        raise DomainError(
            _(
                "Write this without personal data: no citizen service number, date, postcode, "
                "phone number, e-mail address or bank account. A signal goes to another "
                "organisation and is kept after the case is gone."
            ),
            field=field,
        )
    return value


def _similar_open(*, organisation, regulation: str, kind: str, what_happened: str):
    candidates = Signal.objects.filter(
        organisation=organisation, regulation=regulation, kind=kind, state__in=OPEN
    ).only("pk", "title")
    best, best_score = None, SIMILAR
    for candidate in candidates[:200]:
        score = text.similarity(candidate.title, what_happened)
        if score >= best_score:
            best, best_score = candidate, score
    return best


def _notify(users, text_: str, link: str) -> None:

    for user in {u.pk: u for u in users}.values():
        worker_notify(user=user, kind="signal", text=text_, link=link)


@transaction.atomic
def signal_report(
    *,
    regulation: str,
    kind: str,
    organisation,
    what_happened: str,
    effect: str,
    suggested_fix: str = "",
    actor: Actor,
    case=None,
    breakthrough=None,
    join: Signal | None = None,
) -> SignalReport:
    """Report where a law, rule, system or organisation blocked help, without personal data.

    The report joins ``join`` when given (an open signal of the same organisation), else the
    open signal of the same organisation, regulation and kind whose description is most alike
    (at least half the content words in common), else starts a new signal — routed to the
    organisation concerned, whose coordinators are told (the programme staff when it has none).
    """
    if not insights_access.may_report_signal(actor):
        raise DomainError(_("Only a worker who works on cases reports a signal."))
    if regulation not in regulations.BY_CODE and regulation != regulations.OTHER:
        raise DomainError(_("Choose the regulation, or “another rule”."), field="regulation")
    if kind not in Kind.values:
        raise DomainError(_("Say what kind of blocker it is."), field="kind")
    if organisation is None:
        raise DomainError(_("Choose the organisation concerned."), field="organisation")
    if effect not in Effect.values:
        raise DomainError(_("Say what it meant for the citizen."), field="effect")
    what_happened = _check_text(
        "what_happened", what_happened, required=True, missing=_("Say what happened.")
    )
    suggested_fix = _check_text("suggested_fix", suggested_fix, required=False, missing="")
    now = clock.now()
    if join is not None:
        signal = Signal.objects.select_for_update().get(pk=join.pk)
        if signal.state not in OPEN or signal.organisation_id != organisation.pk:
            raise DomainError(
                _("That signal is closed or about another organisation: report a new one."),
                field="join",
            )
    else:
        signal = _similar_open(
            organisation=organisation, regulation=regulation, kind=kind, what_happened=what_happened
        )
    created = signal is None
    if created:
        signal = Signal.objects.create(
            regulation=regulation,
            kind=kind,
            organisation=organisation,
            title=what_happened[:300],
        )
    source = Source.BREAKTHROUGH if breakthrough else (Source.CASE if case else Source.STANDALONE)
    report = SignalReport.objects.create(
        signal=signal,
        what_happened=what_happened,
        effect=effect,
        suggested_fix=suggested_fix,
        source=source,
        reported_by=actor.user,
        reporter_team=actor.membership.team,
        case=case,
        breakthrough=breakthrough,
    )
    Signal.objects.filter(pk=signal.pk).update(
        report_count=F("report_count") + 1, last_reported_at=now, updated_at=now
    )
    signal.refresh_from_db()
    SignalEvent.objects.create(
        signal=signal, text="", by_user=actor.user, by_organisation=actor.membership.organisation
    )
    processing.record_change(
        actor=actor,
        action="signal_report",
        object_type="signal",
        object_id=signal.pk,
        changes={"report": str(report.pk), "new": created, "source": source},
    )
    if created:
        _notify(
            insights_access.signal_recipients(organisation),
            _("A new signal for your organisation: %(title)s") % {"title": signal.title[:80]},
            about.about(about.SIGNAL, signal.pk),
        )
    return report


def _history(signal: Signal, move, actor: Actor, detail) -> None:
    SignalEvent.objects.create(
        signal=signal,
        source=move.source,
        target=move.target,
        text=detail.get("answer", ""),
        by_user=actor.user,
        by_organisation=actor.membership.organisation,
    )


def _audit(signal: Signal, move, actor: Actor, detail) -> None:
    processing.record_change(
        actor=actor,
        action="signal_transition",
        object_type="signal",
        object_id=signal.pk,
        changes={"state": [move.source, move.target], "answer": bool(detail.get("answer"))},
    )


LIFECYCLE = Lifecycle(
    machine=MACHINE,
    model=Signal,
    lock=lambda signal: Signal.objects.select_for_update().get(pk=signal.pk),
    history=_history,
    audit=_audit,
)


@transaction.atomic
def signal_transition(*, signal: Signal, target: str, answer: str = "", actor: Actor) -> Signal:
    """Move a signal on (acknowledged, being addressed, solved, will not be changed), with an
    answer; solved and "will not be changed" need one. Only a coordinator of the organisation
    concerned. Every reporter is told and reads the answer. Asking for the current state
    changes nothing."""
    signal = LIFECYCLE.locked(signal)
    if not insights_access.may_answer_signal(actor, signal):
        raise DomainError(_("Only the organisation concerned answers this signal."))
    if signal.state == target:
        return signal
    if MACHINE.move(signal.state, target) is None:
        raise DomainError(_("A signal cannot move on like this."), field="target")
    answer = _check_text(
        "answer",
        answer,
        required=target in NEEDS_ANSWER,
        missing=_("Explain what was done, or why it will not be changed."),
    )
    changes = {"answer": answer, "answered_at": clock.now()} if answer else {}
    signal = LIFECYCLE.transition(
        signal, target, actor=actor, locked=True, changes=changes, detail={"answer": answer}
    )
    reporters = [r.reported_by for r in signal.reports.select_related("reported_by")]
    _notify(
        reporters,
        _("%(organisation)s answered a signal you reported: %(title)s")
        % {"organisation": signal.organisation.name, "title": signal.title[:80]},
        about.about(about.SIGNAL, signal.pk),
    )
    return signal
