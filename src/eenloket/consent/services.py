"""Writes for consent, statutory bases and break-glass access. Each is atomic and audited; the
citizen gets a receipt of every consent decision on their own channel. See docs/privacy.md."""

# Services write and lock rows of objects an interface already obtained through the policy
# point, so they use the unguarded ``_base_manager``; the guarded ``objects`` hands out, while a
# request is served, only what the policy point released (docs/decisions/0021 and 0031).

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from eenloket.access import break_glass as break_glass_access
from eenloket.access import capabilities
from eenloket.access.break_glass import BREAK_GLASS_DURATION, CONFIRM_WITHIN
from eenloket.access.disclosure import statutory_bases_in_force
from eenloket.audit import processing
from eenloket.cases.models import Case, ContactDocument, Fact
from eenloket.consent import break_glass, receipts
from eenloket.consent.break_glass_reasons import BY_CODE as BREAK_GLASS_REASONS
from eenloket.consent.categories import BY_CONSENT, CATEGORIES, SPECIAL, category_label
from eenloket.consent.models import (
    BreakGlassAccess,
    Consent,
    ConsentState,
    RecordedVia,
    StatutoryBasis,
)
from eenloket.consent.states import MACHINE
from eenloket.core import clock, legal_sources
from eenloket.core.actor import Actor
from eenloket.core.errors import DomainError, NotFoundOrForbidden
from eenloket.core.states import Lifecycle
from eenloket.directory.models import Organisation, Team
from eenloket.directory.purposes import PURPOSES
from eenloket.notifications import services as messages
from eenloket.notifications.models import RecipientKind
from eenloket.notifications.preferences import ChannelPreferences
from eenloket.people.models import Representation

# A consent runs for at most two years; then it is asked again (AVG art. 7: as easy to
# withdraw as to give, and not open-ended).
MAX_VALIDITY = dt.timedelta(days=730)
MIN_REASON_LENGTH = 20


def _check_items(case: Case, items: Iterable[str]) -> list[str]:
    """Return the items as "fact:<id>" / "document:<id>", each of this case, or raise."""
    checked = []
    for item in items:
        kind, _sep, pk = str(item).partition(":")
        model = {"fact": Fact, "document": ContactDocument}.get(kind)
        if model is None:
            raise DomainError(_("Unknown kind of item: %s") % item, field="items")
        owner = {"fact": "case_id", "document": "contact__case_id"}[kind]
        try:
            exists = model._base_manager.filter(pk=pk, **{owner: case.pk}).exists()
        except (ValueError, ValidationError):  # a malformed id is not an item of this case
            exists = False
        if not exists:
            raise DomainError(_("This item is not part of this case."), field="items")
        checked.append(f"{kind}:{pk}")
    return sorted(set(checked))


def _check_representation(representation, case: Case) -> None:
    if representation is None:
        return
    if representation.represented_id != case.person_id or not representation.is_current():
        raise DomainError(
            _("This representative cannot decide for this person today."),
            field="representation",
        )
    if representation.case_id and representation.case_id != case.pk:
        raise DomainError(
            _("This representative acts for another case only."), field="representation"
        )


def _statute_covering(
    recipient: Organisation, categories: Iterable[str], on: dt.date, team: Team | None = None
) -> dict:
    covered = {}
    purpose = team.purpose if team is not None else None
    for basis in statutory_bases_in_force(recipient.pk, on, team_purpose=purpose):
        for category in basis.categories:
            if category in categories:
                covered.setdefault(category, basis.legal_reference)
    return covered


def _audit(consent: Consent, move, actor: Actor, detail) -> None:
    """The audit entry of a consent's move, in the words each service wrote before."""
    changes = {"consent": str(consent.pk)}
    if move.action in ("give", "decline"):
        changes["state"] = consent.state
    elif move.action == "withdraw":
        changes["via"] = consent.ended_via
    action = {"give": "consent_decide", "decline": "consent_decide"}.get(
        move.action, f"consent_{move.action}"
    )
    processing.record_change(
        actor=actor,
        action=action,
        object_type="person",
        object_id=consent.person_id,
        changes=changes,
    )


LIFECYCLE = Lifecycle(
    machine=MACHINE,
    model=Consent,
    stamps={
        ConsentState.GIVEN: ("decided_at",),
        ConsentState.DECLINED: ("decided_at",),
        ConsentState.WITHDRAWN: ("ended_at",),
        ConsentState.EXPIRED: ("ended_at",),
    },
    audit=_audit,
)


@transaction.atomic
def consent_record(
    *,
    case: Case,
    recipient: Organisation | None = None,
    recipient_team: Team | None = None,
    categories: Iterable[str] = (),
    items: Iterable[str] = (),
    purpose: str,
    valid_until: dt.date,
    given: bool | None,
    explicit_special: bool = False,
    representation: Representation | None = None,
    recorded_via: str,
    actor: Actor,
) -> Consent:
    """Record the citizen's decision on sharing with ``recipient_team`` (a team, the narrow
    consent the law expects) or ``recipient`` (a whole organisation, every team of it): given
    (True), declined (False) or asked and not yet answered (None). The citizen gets a receipt.

    Consent is asked only where it is the basis: a category a law already lets the recipient
    receive, or that the owning team's own task covers, is refused here with that law named,
    and so is the BSN (it always needs a law). A team of the organisation that owns the case
    is a recipient like any other (decision 0039). Special categories need an explicit,
    separate yes. Help never depends on the answer.
    """
    if recipient_team is not None:
        if recipient is not None and recipient.pk != recipient_team.organisation_id:
            raise DomainError(_("This team is not part of this organisation."), field="recipient")
        recipient = recipient_team.organisation
    if recipient is None:
        raise DomainError(_("Choose who may see the data."), field="recipient")
    categories = sorted(set(categories))
    today = clock.today()
    unknown = [c for c in categories if c not in CATEGORIES]
    if unknown:
        raise DomainError(_("Unknown category: %s") % ", ".join(unknown), field="categories")
    if "identity" in categories:
        raise DomainError(
            _(
                "A BSN is shared only where a law allows it, never on consent: "
                "record the statutory basis instead."
            ),
            field="categories",
        )
    not_by_consent = [c for c in categories if c not in BY_CONSENT]
    if not_by_consent:
        raise DomainError(_("This cannot be shared."), field="categories")
    items = _check_items(case, items)
    if not categories and not items:
        raise DomainError(_("Choose what may be shared."), field="categories")
    if recipient_team is not None and recipient_team.pk == case.owning_team_id:
        task = recipient_team.purpose_definition
        own = [c for c in categories if c in task.categories]
        if own:
            raise DomainError(
                _("No consent is needed for %(what)s: it is the task of %(team)s (%(law)s).")
                % {
                    "what": ", ".join(category_label(c) for c in own),
                    "team": recipient_team.name,
                    "law": task.legal_reference,
                },
                field="categories",
            )
    covered = _statute_covering(recipient, categories, today, recipient_team)
    if covered:
        raise DomainError(
            _("No consent is needed for %(what)s: the law (%(law)s) lets %(org)s receive it.")
            % {
                "what": ", ".join(category_label(c) for c in covered),
                "law": "; ".join(sorted(set(covered.values()))),
                "org": recipient.name,
            },
            field="categories",
        )
    if set(categories) & SPECIAL and given and not explicit_special:
        raise DomainError(
            _(
                "Health and justice are special: ask about them separately and tick that the "
                "citizen explicitly agreed."
            ),
            field="explicit_special",
        )
    if recorded_via not in RecordedVia.values:
        raise DomainError(_("Say how the citizen made this decision."), field="recorded_via")
    purpose = purpose.strip()
    if len(purpose) < 10:
        raise DomainError(_("Say what the data will be used for."), field="purpose")
    if valid_until is None or valid_until < today:
        raise DomainError(_("The end date lies in the past."), field="valid_until")
    if valid_until > today + MAX_VALIDITY:
        raise DomainError(_("A consent runs for at most two years."), field="valid_until")
    _check_representation(representation, case)
    state = {True: ConsentState.GIVEN, False: ConsentState.DECLINED, None: ConsentState.REQUESTED}
    consent = Consent.objects.create(
        person_id=case.person_id,
        case=case,
        recipient=recipient,
        recipient_team=recipient_team,
        categories=categories,
        items=items,
        purpose=purpose[:300],
        explicit_special=bool(explicit_special and set(categories) & SPECIAL),
        valid_from=today,
        valid_until=valid_until,
        state=state[given],
        representation=representation,
        recorded_via=recorded_via,
        recorded_by=actor.user if actor.is_worker else None,
        decided_at=clock.now() if given is not None else None,
    )
    processing.record_change(
        actor=actor,
        action="consent_record",
        object_type="person",
        object_id=case.person_id,
        changes={
            "consent": str(consent.pk),
            "recipient": str(recipient.pk),
            "recipient_team": str(recipient_team.pk) if recipient_team else None,
            "categories": categories,
            "items": items,
            "state": consent.state,
            "valid_until": valid_until.isoformat(),
            "representation": str(representation.pk) if representation else None,
        },
    )
    if given is not None:
        _send_receipt(consent, case, actor)
    return consent


@transaction.atomic
def consent_decide(
    *,
    consent: Consent,
    given: bool,
    recorded_via: str,
    actor: Actor,
    explicit_special: bool = False,
) -> Consent:
    """Record the answer to a consent that was asked: given or declined. Receipt sent.
    ``explicit_special``: the citizen ticked, separately, that they agree to share health or
    justice data (they answer it themselves in Mijn overzicht)."""
    consent = LIFECYCLE.locked(consent)
    if MACHINE.move(consent.state, "give") is None:
        raise DomainError(_("This consent was already answered."))
    if recorded_via not in RecordedVia.values:
        raise DomainError(_("Say how the citizen made this decision."), field="recorded_via")
    special = bool(set(consent.categories) & SPECIAL)
    if given and special and not (consent.explicit_special or explicit_special):
        raise DomainError(
            _("Health and justice are special: record their explicit consent separately."),
            field="explicit_special",
        )
    consent = LIFECYCLE.transition(
        consent,
        "give" if given else "decline",
        actor=actor,
        locked=True,
        changes={
            "recorded_via": recorded_via,
            "explicit_special": consent.explicit_special or bool(given and special),
        },
    )
    _send_receipt(consent, Case._base_manager.get(pk=consent.case_id), actor)
    return consent


@transaction.atomic
def consent_withdraw(*, consent: Consent, via: str, actor: Actor) -> Consent:
    """Withdraw a given consent: from this moment on, the recipient gets nothing more on it
    (pages, exports, summaries, searches, jobs all ask the policy point). The citizen is told
    that what was already shared stays with the recipient under its own rules."""
    consent = LIFECYCLE.locked(consent)
    if MACHINE.move(consent.state, "withdraw") is None:
        raise DomainError(_("Only a consent that is in force can be withdrawn."))
    if via not in RecordedVia.values:
        raise DomainError(_("Say how the citizen withdrew the consent."), field="via")
    consent = LIFECYCLE.transition(
        consent, "withdraw", actor=actor, locked=True, changes={"ended_via": via}
    )
    _send_receipt(consent, Case._base_manager.get(pk=consent.case_id), actor)
    return consent


def consents_expire() -> int:
    """Mark consents past their end date as expired (the policy point already stops using them
    on that date: this job keeps the states, the receipts and the overview true)."""
    today = clock.today()
    actor = Actor.system("consent-expiry")
    expired = 0
    due = Consent._base_manager.filter(state=ConsentState.GIVEN, valid_until__lt=today)
    for consent in due.select_related("case")[:1000]:
        with transaction.atomic():
            current = LIFECYCLE.locked(consent)
            if current.state != ConsentState.GIVEN:
                continue  # withdrawn (or expired by another worker) meanwhile
            LIFECYCLE.transition(current, "expire", actor=actor, locked=True)
            expired += 1
    return expired


def _send_receipt(consent: Consent, case: Case, actor: Actor) -> None:
    """Queue the receipt of a consent decision to the person (and the representative who
    decided), on their own channel, in this transaction; keep the message on the consent."""
    person = case.person
    recipients = [(person, RecipientKind.PERSON)]
    if consent.representation_id:
        recipients.append((consent.representation.representative, RecipientKind.REPRESENTATIVE))
    first = None
    for recipient, kind in recipients:
        message = messages.message_queue(
            recipient_kind=kind,
            recipient_ref=recipient.pk,
            recipient_name=recipient.full_name,
            contact=recipient.message_contact(),
            preferences=ChannelPreferences.of_person(recipient),
            purpose="consent_receipt",
            template_key="consent_receipt",
            context=receipts.message_context(consent, recipient.full_name),
            language=recipient.preferred_language,
            actor=actor,
        )
        first = first or message
    Consent._base_manager.filter(pk=consent.pk).update(receipt_message=first)
    consent.receipt_message = first


# ------------------------------------------------------------------ statutory bases


@transaction.atomic
def statutory_basis_add(
    *,
    recipient: Organisation,
    categories: Iterable[str],
    purpose: str,
    legal_reference: str,
    source_url: str,
    valid_from: dt.date,
    valid_until: dt.date | None = None,
    team_purpose: str = "",
    confirmed_by: str = "",
    confirmed_on: dt.date | None = None,
    actor: Actor,
) -> StatutoryBasis:
    """Record that a law lets ``recipient`` receive these categories (application managers,
    with the privacy officer's review of the register): for every team of it, or only for its
    teams with ``team_purpose`` (directory/purposes.py)."""
    if team_purpose and team_purpose not in PURPOSES:
        raise DomainError(_("Choose the team's purpose."), field="team_purpose")
    categories = sorted(set(categories))
    if not categories or any(c not in CATEGORIES or c == "processing_log" for c in categories):
        raise DomainError(_("Choose the categories the law covers."), field="categories")
    if not legal_reference.strip():
        raise DomainError(_("Name the law and article."), field="legal_reference")
    if not source_url.startswith("https://"):
        raise DomainError(_("Give the official source (an https address)."), field="source_url")
    if valid_until and valid_until < valid_from:
        raise DomainError(_("The end date lies before the start date."), field="valid_until")
    confirmed_by = confirmed_by.strip()
    if confirmed_by and not legal_sources.is_official(confirmed_by.split(" ", 1)[0]):
        raise DomainError(
            _("Start the confirmation with the address of the official page you read."),
            field="confirmed_by",
        )
    if bool(confirmed_by) != (confirmed_on is not None):
        raise DomainError(
            _("A confirmation needs both the official page and the day you read it."),
            field="confirmed_on",
        )
    basis = StatutoryBasis.objects.create(
        recipient=recipient,
        team_purpose=team_purpose,
        categories=categories,
        purpose=purpose.strip(),
        legal_reference=legal_reference.strip(),
        source_url=source_url,
        confirmed_by=confirmed_by,
        confirmed_on=confirmed_on,
        valid_from=valid_from,
        valid_until=valid_until,
    )
    processing.record_change(
        actor=actor,
        action="statutory_basis_add",
        object_type="organisation",
        object_id=recipient.pk,
        changes={
            "basis": str(basis.pk),
            "categories": categories,
            "law": legal_reference,
            "confirmed": basis.confirmed,
        },
    )
    return basis


@transaction.atomic
def statutory_basis_end(*, basis: StatutoryBasis, on: dt.date, actor: Actor) -> StatutoryBasis:
    """End a statutory basis: from the day after ``on`` it no longer lets its recipient see the
    categories (a law changed, or it was recorded by mistake). Ending it earlier than it
    already ends is allowed; a day before it starts is not (that would be deleting it)."""
    basis = StatutoryBasis.objects.select_for_update().get(pk=basis.pk)
    if on < basis.valid_from:
        raise DomainError(_("The end date lies before the start date."), field="valid_until")
    if basis.valid_until is not None and basis.valid_until <= on:
        return basis
    before = basis.valid_until
    basis.valid_until = on
    basis.updated_at = clock.now()
    basis.save(update_fields=["valid_until", "updated_at"])
    processing.record_change(
        actor=actor,
        action="statutory_basis_end",
        object_type="organisation",
        object_id=basis.recipient_id,
        changes={
            "basis": str(basis.pk),
            "valid_until": [before.isoformat() if before else "", on.isoformat()],
        },
    )
    return basis


# ------------------------------------------------------------------ break-glass


def break_glass_open(*, case_id, reason: str, actor: Actor, reason_code: str) -> BreakGlassAccess:
    """Open a case urgently, beyond the normal rules: only a named role whose team has a
    relation to the case (``access.break_glass``; anyone else: NotFoundOrForbidden, as for a
    case that does not exist), for a listed reason (it says which categories open) and the
    worker's words. Ends after the hour unless a second worker confirms (decision 0049).
    Always logged, with the relation; the privacy officer reviews it; the citizen is told."""
    # Outside the transaction: a refused attempt stays in the log.
    case, relation = break_glass_access.case_for_break_glass(actor, case_id)
    return _break_glass_open(
        case=case, relation=relation, reason=reason, reason_code=reason_code, actor=actor
    )


@transaction.atomic
def _break_glass_open(
    *, case: Case, relation: str, reason: str, reason_code: str, actor: Actor
) -> BreakGlassAccess:
    membership = actor.membership
    reason = reason.strip()
    if reason_code not in BREAK_GLASS_REASONS:
        raise DomainError(_("Choose the reason from the list."), field="reason_code")
    if len(reason) < MIN_REASON_LENGTH:
        raise DomainError(
            _("Say why this cannot wait (at least %d characters).") % MIN_REASON_LENGTH,
            field="reason",
        )
    now = clock.now()
    access = BreakGlassAccess.objects.create(
        case=case,
        user=actor.user,
        membership=membership,
        reason=reason,
        reason_code=reason_code,
        opened_at=now,
        expires_at=now + BREAK_GLASS_DURATION,
        confirm_before=now + CONFIRM_WITHIN,
    )
    processing.record_change(
        actor=actor,
        action="break_glass_open",
        object_type="case",
        object_id=case.pk,
        changes={
            "access": str(access.pk),
            "reason": reason,
            "reason_code": reason_code,
            "relation": relation,
        },
    )
    break_glass.tell_privacy_officers(access)
    break_glass.tell_the_citizen(access, case, actor)
    break_glass.ask_for_confirmation(access)
    return access


@transaction.atomic
def break_glass_review(
    *, access: BreakGlassAccess, justified: bool, note: str, actor: Actor
) -> BreakGlassAccess:
    """The privacy officer's finding on a break-glass access: justified or not, with a note."""
    if not capabilities.may_query_processing_log(actor):
        raise NotFoundOrForbidden()
    access = BreakGlassAccess._base_manager.select_for_update().get(pk=access.pk)
    if access.reviewed_at is not None:
        raise DomainError(_("This access was already reviewed."))
    if not justified and not note.strip():
        raise DomainError(_("Say what was not justified."), field="note")
    access.reviewed_by = actor.user
    access.reviewed_at = clock.now()
    access.review_finding = "justified" if justified else "not_justified"
    access.review_note = note.strip()
    access.save(update_fields=["reviewed_by", "reviewed_at", "review_finding", "review_note"])
    processing.record_change(
        actor=actor,
        action="break_glass_review",
        object_type="case",
        object_id=access.case_id,
        changes={"access": str(access.pk), "finding": access.review_finding},
    )
    return access
