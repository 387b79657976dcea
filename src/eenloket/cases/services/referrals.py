"""Writes for referrals into the loket from a partner (decision 0047; the API's ``/referrals``
and ``/arrears-signals`` call these).

A *question* (a person with a question the partner cannot answer) lands on a case of the
receiving municipality's loket team: the person's open case there, else a new one with a dated
next step and no coordinator yet, so it is in the team's "not picked up" queue. An *arrears
signal* (Wgs art. 3(1)(b) and 5(2)-(3): a landlord, energy or water company or health insurer
reports payment arrears so the municipality can offer help early) is no case: it is an outreach
task for the municipality's debt-help team (or its loket when it has none), and the person's
answer decides what follows (``referral_answer``). A second signal for the same person while
the outreach is open lands on it (one task, the newest figures).

The person is found by BSN, else by surname, date of birth and postal code; otherwise
registered, through ``people.services``. Cases, notes and persons are written through their
own services, so they are audited as everywhere else. ``Idempotency-Key`` makes a retried POST
one referral (``api/idempotency.py``).
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from eenloket.audit import processing
from eenloket.cases.models import Case, CaseStatus, Referral
from eenloket.cases.services.case import case_open, case_update
from eenloket.cases.services.contacts import note_add
from eenloket.cases.services.referral_events import referral_event
from eenloket.cases.states import REFERRAL
from eenloket.core import clock
from eenloket.core.actor import Actor
from eenloket.core.errors import DomainError
from eenloket.directory import purposes
from eenloket.directory.models import Organisation, Team
from eenloket.people import bsn as bsn_rules
from eenloket.people import names
from eenloket.people.models import AddressKind, Person
from eenloket.people.services import persons

DEBT_HELP = "debt_help"
DUE_URGENT = dt.timedelta(days=1)
DUE_NORMAL = dt.timedelta(days=3)
DUE_OUTREACH = dt.timedelta(days=3)


def receiving_team(organisation_id, kind: str) -> Team:
    """The municipality's team a referral goes to: its loket (intake) team for a question; its
    debt-help team for an arrears signal, or the loket when it has none."""
    organisation = Organisation.objects.filter(
        pk=organisation_id, kind=Organisation.Kind.MUNICIPALITY
    ).first()
    if organisation is None:
        raise DomainError(
            _("Send referrals to a municipality of the directory (its id)."),
            field="to_organisation",
        )
    wanted = [DEBT_HELP, purposes.INTAKE] if kind == Referral.Kind.ARREARS else [purposes.INTAKE]
    teams = list(Team.objects.filter(organisation=organisation, purpose__in=wanted))
    for purpose in wanted:
        for team in sorted(teams, key=lambda t: t.name):
            if team.purpose == purpose:
                return team
    raise DomainError(
        _("This municipality has no team that takes referrals yet."), field="to_organisation"
    )


def _find(person: dict) -> Person | None:
    number = bsn_rules.check_bsn(person.get("bsn") or "")
    if number:
        return Person._base_manager.filter(
            bsn_hash=bsn_rules.lookup_hash(number), merged_into__isnull=True
        ).first()
    if not (person.get("birth_date") and person.get("postal_code")):
        raise DomainError(
            _("Without a BSN, give the surname, date of birth and postal code."),
            field="person.birth_date" if not person.get("birth_date") else "person.postal_code",
        )
    code = person["postal_code"].strip().upper().replace(" ", "")
    code = f"{code[:4]} {code[4:]}" if len(code) == 6 else code
    found = list(
        Person._base_manager.filter(
            surname_key=names.surname_key(person.get("surname_prefix", ""), person["surname"]),
            birth_date=person["birth_date"],
            postal_code=code,
            merged_into__isnull=True,
        )[:2]
    )
    return found[0] if len(found) == 1 else None


def _person(person: dict, actor: Actor) -> Person:
    """The person referred: found, or registered with what the partner sent."""
    found = _find(person)
    if found is not None:
        return found
    address = {}
    if person.get("street_and_number") or person.get("city"):
        address = {
            "address_kind": AddressKind.RESIDENTIAL,
            "street_and_number": person.get("street_and_number", ""),
            "postal_code": person.get("postal_code", ""),
            "city": person.get("city", ""),
        }
    elif person.get("postal_code"):
        address = {"postal_code": person["postal_code"]}
    try:
        return persons.person_create(
            surname=person["surname"],
            given_names=person.get("given_names", ""),
            surname_prefix=person.get("surname_prefix", ""),
            birth_date=person.get("birth_date"),
            bsn=person.get("bsn") or "",
            phone=person.get("phone", ""),
            email=person.get("email", ""),
            actor=actor,
            **address,
        )
    except DomainError as error:
        raise DomainError(error.message, field=f"person.{error.field or 'surname'}") from error


def _sender(team: Team) -> str:
    return team.organisation.name


@transaction.atomic
def referral_question(
    *,
    from_team: Team,
    to_organisation,
    person: dict,
    question: str,
    already_done: str = "",
    urgent: bool = False,
    reach: str = "",
    actor: Actor,
) -> Referral:
    """A partner sends a person with a question: it lands on the person's open case of the
    loket team (a note, and the next step brought forward when this one is more urgent), else
    on a new case with a dated next step in that team's queue."""
    if not question.strip():
        raise DomainError(_("Write the person's question."), field="question")
    team = receiving_team(to_organisation, Referral.Kind.QUESTION)
    someone = _person(person, actor)
    due = clock.today() + (DUE_URGENT if urgent else DUE_NORMAL)
    step = _("Contact the person: referred by %(sender)s") % {"sender": _sender(from_team)}
    step = step[:300]
    case = (
        Case._base_manager.filter(person=someone, owning_team=team)
        .exclude(status=CaseStatus.CLOSED)
        .order_by("-opened_at")
        .first()
    )
    text = _("Referral from %(sender)s: %(question)s") % {
        "sender": _sender(from_team),
        "question": question.strip(),
    }
    if already_done.strip():
        text += "\n" + _("Already done: %(done)s") % {"done": already_done.strip()}
    if reach.strip():
        text += "\n" + _("How to reach the person: %(reach)s") % {"reach": reach.strip()}
    if case is None:
        case = case_open(
            person=someone,
            question_verbatim=question.strip(),
            owning_team=team,
            next_step=step,
            next_step_due=due,
            actor=actor,
        )
    elif case.next_step_due is None or case.next_step_due > due:
        case = case_update(
            case=case, expected_version=case.version, actor=actor, next_step=step, next_step_due=due
        )
    else:
        due, step = case.next_step_due, case.next_step
    note_add(case=case, text=text[:5000], actor=actor)
    referral = Referral.objects.create(
        from_team=from_team,
        kind=Referral.Kind.QUESTION,
        state=Referral.State.ON_CASE,
        to_team=team,
        person=someone,
        case=case,
        reason=question.strip(),
        already_done=already_done.strip(),
        urgent=urgent,
        reach=reach.strip()[:300],
        next_step=step,
        next_step_due=due,
    )
    if case.coordinator_id is not None:  # on a case a worker already has: taken up
        referral_event(referral=referral, kind="taken_up", by_team_id=team.pk)
    _audit(actor, "referral_question", referral)
    return referral


@transaction.atomic
def referral_arrears(
    *,
    from_team: Team,
    to_organisation,
    person: dict,
    creditor: str,
    amount_euros: int,
    months: int,
    already_done: str = "",
    reach: str = "",
    actor: Actor,
) -> Referral:
    """An early-warning signal of payment arrears: an outreach task for the municipality's
    debt-help team (Wgs art. 3(1)(b) and 5(2)-(3)), not a case. A second signal while the outreach
    is open updates that task."""
    if creditor not in Referral.Creditor.values:
        raise DomainError(_("Unknown kind of creditor."), field="creditor")
    if amount_euros <= 0 or months <= 0:
        field = "amount_euros" if amount_euros <= 0 else "months"
        raise DomainError(_("Give the arrears: an amount and a number of months."), field=field)
    team = receiving_team(to_organisation, Referral.Kind.ARREARS)
    someone = _person(person, actor)
    open_task = (
        Referral._base_manager.select_for_update()
        .filter(
            person=someone,
            to_team=team,
            kind=Referral.Kind.ARREARS,
            creditor=creditor,
            state=Referral.State.OUTREACH,
        )
        .first()
    )
    if open_task is not None:
        open_task.arrears_cents = amount_euros * 100
        open_task.months_in_arrears = months
        open_task.save(update_fields=["arrears_cents", "months_in_arrears", "updated_at"])
        _audit(actor, "referral_arrears_again", open_task)
        return open_task
    step = _("Offer help with the arrears (%(creditor)s, %(months)s months): call or visit") % {
        "creditor": Referral.Creditor(creditor).label,
        "months": months,
    }
    referral = Referral.objects.create(
        from_team=from_team,
        kind=Referral.Kind.ARREARS,
        state=Referral.State.OUTREACH,
        to_team=team,
        person=someone,
        reason=_("Payment arrears reported by %(sender)s") % {"sender": _sender(from_team)},
        already_done=already_done.strip(),
        reach=reach.strip()[:300],
        creditor=creditor,
        arrears_cents=amount_euros * 100,
        months_in_arrears=months,
        next_step=step[:300],
        next_step_due=clock.today() + DUE_OUTREACH,
    )
    _audit(actor, "referral_arrears", referral)
    return referral


@transaction.atomic
def referral_answer(*, referral: Referral, answer: str, actor: Actor, note: str = "") -> Referral:
    """Record the person's answer to the offer of help (``help_accepted``, ``help_declined``,
    ``unreachable``), by a worker of the receiving team, with a note (for ``unreachable`` the
    attempts made, required). Accepted: a case of that team, with the arrears as its question,
    a next step and the note on it."""
    referral = Referral._base_manager.select_for_update().get(pk=referral.pk)
    if actor.membership is None or actor.membership.team_id != referral.to_team_id:
        raise DomainError(_("Only the team the signal went to records the answer."))
    note = note.strip()
    if answer == "unreachable" and not note:
        raise DomainError(_("Write down when and how you tried to reach the person."), field="note")
    referral.state = REFERRAL.check(referral.state, answer).target
    referral.answered_at = clock.now()
    referral.answer_note = note[:2000]
    if referral.state == Referral.State.HELP_ACCEPTED:
        referral.case = case_open(
            person=referral.person,
            question_verbatim=referral.reason,
            owning_team=referral.to_team,
            coordinator=actor.user,
            next_step=_("Make an appointment for debt help"),
            next_step_due=clock.today() + dt.timedelta(days=5),
            needs=(),
            actor=actor,
        )
        if note:
            note_add(case=referral.case, text=note[:5000], actor=actor)
    referral.save(update_fields=["state", "answered_at", "answer_note", "case", "updated_at"])
    referral_event(referral=referral, kind="answered", by_team_id=referral.to_team_id)
    _audit(actor, f"referral_{answer}", referral)
    return referral


def _audit(actor: Actor, action: str, referral: Referral) -> None:
    processing.record_change(
        actor=actor,
        action=action,
        object_type="referral",
        object_id=referral.pk,
        changes={
            "person": str(referral.person_id),
            "team": str(referral.to_team_id),
            "state": referral.state,
            "case": str(referral.case_id) if referral.case_id else "",
        },
    )
