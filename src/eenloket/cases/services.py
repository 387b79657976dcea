"""Writes for cases: intake, the state machine, edits with a version check, contacts with
their documents and confirmations, notes. Every write is atomic and audited in its transaction.
"""

# Services write and lock rows of objects an interface already obtained through the policy
# point, so they use the unguarded ``_base_manager``; the guarded ``objects`` stops interfaces
# from reading persons and cases around the policy point (docs/decisions/0021).

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from eenloket.accounts.models import User
from eenloket.audit import processing
from eenloket.cases import vocabulary
from eenloket.cases.models import (
    DOCUMENT_CONTENT_TYPES,
    DOCUMENT_EXTENSIONS,
    WRITTEN_CHANNELS,
    Case,
    CaseNote,
    CaseStatus,
    CaseStatusChange,
    CaseTeam,
    Confirmation,
    ConfirmationState,
    Contact,
    ContactChannel,
    ContactDocument,
    Direction,
    HoldReason,
    Outcome,
    SummaryState,
    Verification,
)
from eenloket.core import clock
from eenloket.core.actor import Actor
from eenloket.core.errors import DomainError
from eenloket.directory.models import Team
from eenloket.people.models import Channel, Person, Representation


class ConcurrentEdit(DomainError):
    """Someone else saved the case after this worker opened it; nothing was overwritten."""

    def __init__(self, current: Case):
        self.current = current
        super().__init__(
            _(
                "Someone else changed this case while you were working on it. Your changes "
                "were not saved and nothing was overwritten. Below are the current values and "
                "what you entered: check them and save again."
            )
        )


def _check_text(**values) -> None:
    """Refuse text with NUL characters (PostgreSQL cannot store them; no person types them)."""
    for field, value in values.items():
        if isinstance(value, str) and "\x00" in value:
            raise DomainError(_("This text contains a character that is not allowed."), field=field)


def _check_vocabulary(life_events: Iterable[str], needs: Iterable[str]) -> None:
    unknown = [key for key in life_events if key not in vocabulary.LIFE_EVENTS]
    if unknown:
        raise DomainError(_("Unknown life event: %s") % ", ".join(unknown), field="life_events")
    unknown = [key for key in needs if key not in vocabulary.NEEDS]
    if unknown:
        raise DomainError(_("Unknown need: %s") % ", ".join(unknown), field="needs")


def _check_next_step(next_step: str, next_step_due: dt.date | None) -> None:
    if not (next_step or "").strip():
        raise DomainError(_("An open case needs a next step."), field="next_step")
    if next_step_due is None:
        raise DomainError(_("The next step needs a due date."), field="next_step_due")


def _user(actor: Actor) -> User | None:
    return actor.user if actor.is_worker else None


def _team_id(actor: Actor):
    return actor.membership.team_id if actor.membership else None


@transaction.atomic
def case_open(
    *,
    person: Person,
    question_verbatim: str,
    owning_team: Team,
    next_step: str,
    next_step_due: dt.date,
    coordinator: User | None = None,
    summary: str = "",
    life_events: Iterable[str] = (),
    needs: Iterable[str] = (),
    actor: Actor,
) -> Case:
    """Open a case for a person, with the question in their own words and a dated next step.

    Life events and needs are vocabulary keys (cases/vocabulary.py). The question is kept
    exactly as written (only surrounding white space goes). Audited, with a first history row.
    """
    _check_text(question=question_verbatim, summary=summary, next_step=next_step)
    if not question_verbatim.strip():
        raise DomainError(
            _("Write down the question in the citizen's own words."), field="question"
        )
    _check_next_step(next_step, next_step_due)
    life_events, needs = list(dict.fromkeys(life_events)), list(dict.fromkeys(needs))
    _check_vocabulary(life_events, needs)
    if person.merged_into_id:
        raise DomainError(_("This person was merged into another: use that one."), field="person")
    case = Case._base_manager.create(
        person=person,
        question_verbatim=question_verbatim.strip(),
        summary=summary.strip(),
        life_events=life_events,
        needs=needs,
        owning_team=owning_team,
        coordinator=coordinator,
        next_step=next_step.strip(),
        next_step_due=next_step_due,
    )
    CaseStatusChange.objects.create(
        case=case, from_status="", to_status=CaseStatus.OPEN, changed_by=_user(actor)
    )
    processing.record_change(
        actor=actor,
        action="case_open",
        object_type="case",
        object_id=case.pk,
        changes={
            "person": str(person.pk),
            "owning_team": str(owning_team.pk),
            "life_events": life_events,
            "needs": needs,
            "next_step_due": next_step_due.isoformat(),
        },
    )
    return case


@transaction.atomic
def case_add_team(*, case: Case, team: Team, actor: Actor) -> CaseTeam:
    """Let another team work on the case (and so see it). Adding a team twice is a no-op."""
    link, created = CaseTeam.objects.get_or_create(case=case, team=team)
    if created:
        processing.record_change(
            actor=actor,
            action="case_add_team",
            object_type="case",
            object_id=case.pk,
            changes={"team": str(team.pk)},
        )
    return link


def _locked(case: Case, expected_version: int | None) -> Case:
    current = Case._base_manager.select_for_update().get(pk=case.pk)
    if expected_version is not None and current.version != expected_version:
        raise ConcurrentEdit(current)
    return current


def _save(case: Case, changed: list[str]) -> None:
    case.version += 1
    case.updated_at = clock.now()
    case.save(update_fields=[*changed, "version", "updated_at"])


EDITABLE = ("summary", "life_events", "needs", "next_step", "next_step_due", "coordinator")


def _audit_value(value):
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, User):
        return str(value.pk)
    return value


@transaction.atomic
def case_update(*, case: Case, expected_version: int, actor: Actor, **changes) -> Case:
    """Change the summary, life events, needs, next step or coordinator of a case.

    Refuses with ConcurrentEdit when the case changed since ``expected_version`` (the version
    the worker's form was based on): nothing is overwritten. While open, the next step and its
    due date stay required. Saves and audits only what changed (old and new). A changed summary
    goes back to "not yet confirmed by the citizen".
    """
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise TypeError(f"not editable here: {sorted(unknown)}")
    _check_text(**changes)
    current = _locked(case, expected_version)
    if "summary" in changes:
        changes["summary"] = (changes["summary"] or "").strip()
    if "next_step" in changes:
        changes["next_step"] = (changes["next_step"] or "").strip()
    _check_vocabulary(changes.get("life_events", ()), changes.get("needs", ()))
    if current.status == CaseStatus.OPEN:
        _check_next_step(
            changes.get("next_step", current.next_step),
            changes.get("next_step_due", current.next_step_due),
        )
    changed = [field for field, value in changes.items() if getattr(current, field) != value]
    if not changed:
        return current
    audit = {
        field: [_audit_value(getattr(current, field)), _audit_value(changes[field])]
        for field in changed
    }
    for field in changed:
        setattr(current, field, changes[field])
    if "summary" in changed and current.summary_state != SummaryState.DRAFT:
        current.summary_state = SummaryState.DRAFT
        changed.append("summary_state")
    _save(current, changed)
    processing.record_change(
        actor=actor, action="case_update", object_type="case", object_id=current.pk, changes=audit
    )
    return current


@transaction.atomic
def case_summary_confirm(
    *, case: Case, expected_version: int, correction: str = "", actor: Actor
) -> Case:
    """Record that the citizen confirmed the summary, or corrected it (their words are kept
    next to the summary; the worker then rewrites the summary, which needs confirming again)."""
    _check_text(correction=correction)
    current = _locked(case, expected_version)
    if not current.summary:
        raise DomainError(_("Write a summary before asking the citizen to confirm it."))
    correction = correction.strip()
    current.summary_state = SummaryState.CORRECTED if correction else SummaryState.CONFIRMED
    current.summary_correction = correction
    _save(current, ["summary_state", "summary_correction"])
    processing.record_change(
        actor=actor,
        action="case_summary_confirm",
        object_type="case",
        object_id=current.pk,
        changes={"state": current.summary_state, "correction": bool(correction)},
    )
    return current


# The state machine: (from, to) → what the transition needs.
TRANSITIONS = {
    (CaseStatus.OPEN, CaseStatus.ON_HOLD): "hold_reason",
    (CaseStatus.OPEN, CaseStatus.CLOSED): "outcome",
    (CaseStatus.ON_HOLD, CaseStatus.OPEN): "next_step",
    (CaseStatus.ON_HOLD, CaseStatus.CLOSED): "outcome",
    (CaseStatus.CLOSED, CaseStatus.OPEN): "next_step",
}


def _transition(
    *,
    case: Case,
    to: str,
    expected_version: int | None,
    actor: Actor,
    reason: str = "",
    note: str = "",
    next_step: str = "",
    next_step_due: dt.date | None = None,
) -> Case:
    _check_text(note=note, next_step=next_step)
    current = _locked(case, expected_version)
    if current.status == to:
        return current  # asking for the state you are in is a no-op
    needs = TRANSITIONS.get((current.status, to))
    if needs is None:
        raise DomainError(
            _("A case cannot go from %(from)s to %(to)s.")
            % {"from": current.get_status_display(), "to": CaseStatus(to).label}
        )
    changed = ["status", "status_note"]
    before = current.status
    current.status, current.status_note = to, note.strip()
    if needs == "hold_reason":
        if reason not in HoldReason.values:
            raise DomainError(_("Say why the case is on hold."), field="reason")
        current.hold_reason = reason
        changed.append("hold_reason")
    elif needs == "outcome":
        if reason not in Outcome.values:
            raise DomainError(_("Say what the outcome is."), field="reason")
        current.outcome, current.hold_reason, current.closed_at = reason, "", clock.now()
        changed += ["outcome", "hold_reason", "closed_at"]
    else:
        _check_next_step(next_step, next_step_due)
        current.next_step, current.next_step_due = next_step.strip(), next_step_due
        current.hold_reason, current.outcome, current.closed_at = "", "", None
        changed += ["next_step", "next_step_due", "hold_reason", "outcome", "closed_at"]
    _save(current, changed)
    CaseStatusChange.objects.create(
        case=current,
        from_status=before,
        to_status=to,
        reason=reason if needs != "next_step" else "",
        note=note.strip(),
        changed_by=_user(actor),
    )
    processing.record_change(
        actor=actor,
        action=f"case_{to}",
        object_type="case",
        object_id=current.pk,
        changes={"status": [before, to], "reason": reason, "note": note.strip()},
    )
    return current


@transaction.atomic
def case_hold(
    *, case: Case, reason: str, note: str = "", expected_version: int | None = None, actor: Actor
) -> Case:
    """Put an open case on hold, with a reason (e.g. waiting for the citizen)."""
    return _transition(
        case=case,
        to=CaseStatus.ON_HOLD,
        reason=reason,
        note=note,
        expected_version=expected_version,
        actor=actor,
    )


@transaction.atomic
def case_resume(
    *,
    case: Case,
    next_step: str,
    next_step_due: dt.date | None,
    expected_version: int | None = None,
    actor: Actor,
) -> Case:
    """Open a case on hold or closed again; it needs a dated next step."""
    return _transition(
        case=case,
        to=CaseStatus.OPEN,
        next_step=next_step,
        next_step_due=next_step_due,
        expected_version=expected_version,
        actor=actor,
    )


@transaction.atomic
def case_close(
    *,
    case: Case,
    outcome: str,
    note: str = "",
    expected_version: int | None = None,
    actor: Actor,
) -> Case:
    """Close a case with an outcome. The citizen is told: a confirmation is written."""
    closed = _transition(
        case=case,
        to=CaseStatus.CLOSED,
        reason=outcome,
        note=note,
        expected_version=expected_version,
        actor=actor,
    )
    _confirm(
        case=closed,
        contact=None,
        recipients=[closed.person],
        understood=_("Your question is closed: %s") % Outcome(outcome).label,
        next_steps=note.strip() or _("Nothing more is needed from you."),
        actor=actor,
    )
    return closed


# ---------------------------------------------------------------- contacts and confirmations


def check_document(upload: UploadedFile) -> tuple[str, str]:
    """Return (extension, content type) of an upload that is an allowed document, or raise.

    Allowed: PDF and common scan images, up to EENLOKET_DOCUMENT_MAX_BYTES; the content must
    match the extension (the first bytes are checked), so a renamed program is refused.
    """
    name = upload.name or ""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in DOCUMENT_EXTENSIONS:
        raise DomainError(
            _("Only PDF and scans (JPG, PNG, HEIC, TIFF) can be added, not “%s”.") % name,
            field="documents",
        )
    limit = settings.EENLOKET_DOCUMENT_MAX_BYTES
    if upload.size > limit:
        raise DomainError(
            _("“%(name)s” is larger than %(mb)s MB.") % {"name": name, "mb": limit // 1_048_576},
            field="documents",
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not _content_matches(extension, head):
        raise DomainError(
            _("“%s” is not the kind of file its name says.") % name, field="documents"
        )
    return extension, DOCUMENT_CONTENT_TYPES[extension]


def _content_matches(extension: str, head: bytes) -> bool:
    if extension == "pdf":
        return head.startswith(b"%PDF-")
    if extension in ("jpg", "jpeg"):
        return head.startswith(b"\xff\xd8\xff")
    if extension == "png":
        return head.startswith(b"\x89PNG\r\n\x1a\n")
    if extension in ("tif", "tiff"):
        return head[:4] in (b"II*\x00", b"MM\x00*")
    if extension == "heic":
        return head[4:8] == b"ftyp"
    return False


@dataclass(frozen=True)
class ChannelChoice:
    channel: str  # a people.Channel value, or "" when the person allows none we can use
    with_detail: bool


def _reachable(person: Person, channel: str) -> bool:
    if channel in (Channel.PHONE, Channel.SMS):
        return bool(person.phone)
    if channel == Channel.EMAIL:
        return bool(person.email)
    if channel == Channel.LETTER:
        return person.has_letter_address
    return True  # desk, home visit and portal need no address


def confirmation_channel(person: Person) -> ChannelChoice:
    """Return the first channel the person prefers, does not refuse and can be reached on.

    Without preferences: letter when an address for letters is known, else phone, else none.
    A channel others may see carries detail only when the person allowed it.
    """
    from eenloket.people.models import SHARED_CHANNELS

    order = person.channels_preferred or [Channel.LETTER, Channel.PHONE, Channel.EMAIL]
    for channel in order:
        if channel in person.channels_refused or not _reachable(person, channel):
            continue
        detail = channel not in SHARED_CHANNELS or person.shared_channels_may_carry_detail
        return ChannelChoice(channel, detail)
    return ChannelChoice("", False)


def _reach_text(actor: Actor) -> str:
    membership = actor.membership
    if membership is None or membership.team is None:
        return _("the desk that helped you")
    who = actor.user.display_name or actor.user.username if actor.user else ""
    return f"{who}, {membership.team}".strip(", ")


def _confirm(*, case, contact, recipients, understood, next_steps, actor) -> list[Confirmation]:
    rows = []
    for recipient in recipients:
        choice = confirmation_channel(recipient)
        in_person = contact is not None and contact.channel in (
            ContactChannel.DESK,
            ContactChannel.HOME_VISIT,
            ContactChannel.COMMUNITY_CENTRE,
        )
        state = (
            ConfirmationState.HANDED_OVER_IN_PERSON
            if in_person and choice.channel in (Channel.DESK, Channel.HOME_VISIT)
            else ConfirmationState.AWAITING_OUTBOX
        )
        rows.append(
            Confirmation.objects.create(
                case=case,
                contact=contact,
                recipient=recipient,
                channel=choice.channel,
                with_detail=choice.with_detail,
                understood=understood,
                next_steps=next_steps,
                reach=_reach_text(actor),
                state=state,
            )
        )
    return rows


@transaction.atomic
def contact_record(
    *,
    case: Case,
    channel: str,
    direction: str,
    verification: str,
    summary: str,
    follow_up: str = "",
    verification_note: str = "",
    representation: Representation | None = None,
    occurred_at: dt.datetime | None = None,
    documents: Iterable[tuple[UploadedFile, str]] = (),
    actor: Actor,
) -> Contact:
    """Record a contact on any channel, with who spoke and how their identity was verified,
    the documents they brought, and a confirmation to the person (and to the representative
    who spoke), on the channel each prefers.

    A conversation needs a real verification; "not needed" is only for written channels. A
    representative must be current and represent this person, for this case or all cases.
    Confirmations are rows for the outbox of the messages issue (#4), not sent yet.
    """
    if channel not in ContactChannel.values:
        raise DomainError(_("Choose the channel."), field="channel")
    if direction not in Direction.values:
        raise DomainError(_("Choose the direction."), field="direction")
    if verification not in Verification.values:
        raise DomainError(_("Say how you verified who you spoke with."), field="verification")
    if verification == Verification.NOT_NEEDED and channel not in WRITTEN_CHANNELS:
        raise DomainError(
            _("You spoke with someone: say how you verified who it was."), field="verification"
        )
    if verification == Verification.WRITTEN_AUTHORISATION and representation is None:
        raise DomainError(
            _("A written authorisation is for a representative: choose who spoke."),
            field="verification",
        )
    _check_text(summary=summary, follow_up=follow_up, verification_note=verification_note)
    if not summary.strip():
        raise DomainError(_("Write down what was said."), field="summary")
    if representation is not None:
        if representation.represented_id != case.person_id:
            raise DomainError(
                _("This representative does not act for this person."), field="representation"
            )
        if representation.case_id and representation.case_id != case.pk:
            raise DomainError(
                _("This representative acts for another case only."), field="representation"
            )
        if not representation.is_current():
            raise DomainError(_("This representation is not valid today."), field="representation")
    occurred_at = occurred_at or clock.now()
    if occurred_at > clock.now() + dt.timedelta(minutes=5):
        raise DomainError(_("The contact lies in the future."), field="occurred_at")
    checked = [(upload, description, *check_document(upload)) for upload, description in documents]
    contact = Contact.objects.create(
        case=case,
        channel=channel,
        direction=direction,
        verification=verification,
        verification_note=verification_note.strip(),
        representation=representation,
        summary=summary.strip(),
        follow_up=follow_up.strip(),
        occurred_at=occurred_at,
        recorded_by=_user(actor),
        team_id=_team_id(actor),
    )
    for upload, description, _extension, content_type in checked:
        document = ContactDocument(
            contact=contact,
            original_name=(upload.name or "")[:255],
            content_type=content_type,
            size=upload.size,
            description=description.strip(),
        )
        document.file.save("document", upload, save=False)
        document.save()
    recipients = [case.person]
    if representation is not None:
        recipients.append(representation.representative)
    next_steps = follow_up.strip() or _("Next step: %(step)s (by %(due)s)") % {
        "step": case.next_step,
        "due": case.next_step_due.strftime("%d-%m-%Y") if case.next_step_due else "—",
    }
    _confirm(
        case=case,
        contact=contact,
        recipients=recipients,
        understood=summary.strip(),
        next_steps=next_steps,
        actor=actor,
    )
    Case._base_manager.filter(pk=case.pk).update(version=F("version") + 1, updated_at=clock.now())
    processing.record_change(
        actor=actor,
        action="contact_record",
        object_type="case",
        object_id=case.pk,
        changes={
            "contact": str(contact.pk),
            "channel": channel,
            "direction": direction,
            "verification": verification,
            "representation": str(representation.pk) if representation else None,
            "documents": len(checked),
        },
    )
    return contact


@transaction.atomic
def note_add(*, case: Case, text: str, internal: bool = True, actor: Actor) -> CaseNote:
    """Add a note to the case; internal notes are never shown to the citizen."""
    _check_text(text=text)
    if not text.strip():
        raise DomainError(_("Write the note."), field="text")
    note = CaseNote.objects.create(
        case=case,
        text=text.strip(),
        internal=internal,
        written_by=_user(actor),
        team_id=_team_id(actor),
    )
    processing.record_change(
        actor=actor,
        action="note_add",
        object_type="case",
        object_id=case.pk,
        changes={"note": str(note.pk), "internal": internal},
    )
    return note


@transaction.atomic
def intake_register(
    *,
    person: Person | None = None,
    person_values: dict | None = None,
    case_values: dict,
    actor: Actor,
) -> Case:
    """Take a question in: register the person (or use one already known, found through the
    policy point) and open their case, in one transaction, owned by the actor's team with the
    actor as coordinator. Either both exist afterwards or neither does."""
    from eenloket.people import services as people_services

    membership = actor.membership
    if membership is None or membership.team is None:
        raise DomainError(_("Only a worker in a team can take a question in."))
    if (person is None) == (person_values is None):
        raise TypeError("give either person or person_values")
    if person is None:
        person = people_services.person_create(**person_values, actor=actor)
    return case_open(
        person=person,
        owning_team=membership.team,
        coordinator=actor.user,
        actor=actor,
        **case_values,
    )


@transaction.atomic
def household_member_register(
    *,
    case: Case,
    relation: str,
    member_values: dict,
    since: dt.date | None = None,
    actor: Actor,
):
    """Register someone new who lives with the case's person, and link them to the household."""
    from eenloket.people import services as people_services

    member = people_services.person_create(**member_values, actor=actor)
    return people_services.household_member_add(
        person=case.person, member=member, relation=relation, since=since, actor=actor
    )


@transaction.atomic
def representative_register(
    *,
    case: Case,
    person_values: dict,
    kind: str,
    matters: list[str],
    basis: str,
    valid_from: dt.date,
    valid_until: dt.date | None = None,
    basis_note: str = "",
    this_case_only: bool = False,
    actor: Actor,
) -> Representation:
    """Register a representative (a new person) for the case's person, within a scope, a period
    and with how it was established; ``this_case_only`` narrows the scope to this case."""
    from eenloket.people import services as people_services

    representative = people_services.person_create(**person_values, actor=actor)
    return people_services.representation_create(
        represented=case.person,
        representative=representative,
        kind=kind,
        matters=matters,
        basis=basis,
        basis_note=basis_note,
        valid_from=valid_from,
        valid_until=valid_until,
        case=case if this_case_only else None,
        actor=actor,
    )
