"""Writes to who a person lives with and who may act for them: household members and
representations (with their scope and period)."""

# Services write and lock rows of objects an interface already obtained through the policy
# point, so they use the unguarded ``_base_manager``; the guarded ``objects`` hands out, while a
# request is served, only what the policy point released (docs/decisions/0021 and 0031).

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from eenloket.audit import processing
from eenloket.core import clock
from eenloket.core.actor import Actor
from eenloket.core.errors import DomainError
from eenloket.people.models import (
    HouseholdMember,
    HouseholdRelation,
    Matter,
    Person,
    Representation,
    RepresentationBasis,
    RepresentationKind,
)
from eenloket.people.services.persons import _check_no_nul, _plain


@transaction.atomic
def household_member_add(
    *,
    person: Person,
    member: Person,
    relation: str,
    since: dt.date | None = None,
    until: dt.date | None = None,
    actor: Actor,
) -> HouseholdMember:
    """Record that ``member`` lives with ``person`` (partner, child, parent, other) from
    ``since`` (until ``until``). Not with oneself, not twice for an overlapping period."""
    if relation not in HouseholdRelation.values:
        raise DomainError(_("Unknown relation."), field="relation")
    if member.pk == person.pk:
        raise DomainError(_("A person is not a member of their own household."), field="member")
    if since and until and until < since:
        raise DomainError(_("The end date lies before the start date."), field="until")
    if since and since > clock.today():
        raise DomainError(_("The start date lies in the future."), field="since")
    overlapping = HouseholdMember._base_manager.filter(
        person=person, member=member, until__isnull=True
    )
    if overlapping.exists():
        raise DomainError(_("This person is already in the household."), field="member")
    link = HouseholdMember.objects.create(
        person=person, member=member, relation=relation, since=since, until=until
    )
    processing.record_change(
        actor=actor,
        action="household_member_add",
        object_type="person",
        object_id=person.pk,
        changes={"member": str(member.pk), "relation": relation, "since": _plain(since)},
    )
    return link


@transaction.atomic
def household_member_end(*, link: HouseholdMember, until: dt.date, actor: Actor) -> HouseholdMember:
    """End a household membership on ``until``: the member no longer lives with the person.

    ``until`` is not before the start date and not after today; a membership that already has an
    end date cannot be ended again. Audited.
    """
    link = HouseholdMember._base_manager.select_for_update().get(pk=link.pk)
    if link.until is not None:
        raise DomainError(
            _("This household membership already ended on %(date)s.")
            % {"date": link.until.strftime("%d-%m-%Y")},
            field="until",
        )
    if until is None:
        raise DomainError(_("Give the date the member stopped living here."), field="until")
    if link.since and until < link.since:
        raise DomainError(
            _("The end date lies before the start date (%(date)s).")
            % {"date": link.since.strftime("%d-%m-%Y")},
            field="until",
        )
    if until > clock.today():
        raise DomainError(
            _("The end date lies in the future: end the membership on or after that day."),
            field="until",
        )
    link.until = until
    link.updated_at = clock.now()
    link.save(update_fields=["until", "updated_at"])
    processing.record_change(
        actor=actor,
        action="household_member_end",
        object_type="person",
        object_id=link.person_id,
        changes={"link": str(link.pk), "member": str(link.member_id), "until": _plain(until)},
    )
    return link


@transaction.atomic
def representation_create(
    *,
    represented: Person,
    representative: Person,
    kind: str,
    matters: list[str],
    basis: str,
    valid_from: dt.date,
    valid_until: dt.date | None = None,
    case=None,
    basis_note: str = "",
    actor: Actor,
) -> Representation:
    """Record that ``representative`` may act for ``represented`` in ``matters`` (optionally
    only for one case) from ``valid_from`` (until ``valid_until``), and how that was
    established. DigiD Machtigen is not connected yet and cannot be chosen. Audited."""
    if representative.pk == represented.pk:
        raise DomainError(_("A person cannot represent themselves."), field="representative")
    if kind not in RepresentationKind.values:
        raise DomainError(_("Unknown kind of representative."), field="kind")
    if not matters:
        raise DomainError(_("Say for which matters the representative acts."), field="matters")
    if any(matter not in Matter.values for matter in matters):
        raise DomainError(_("Unknown matter."), field="matters")
    if basis not in RepresentationBasis.values:
        raise DomainError(_("Say how the representation was established."), field="basis")
    if basis == RepresentationBasis.DIGID_MACHTIGEN:
        raise DomainError(
            _("DigiD Machtigen is not connected yet: record the authorisation you have seen."),
            field="basis",
        )
    if basis == RepresentationBasis.COURT_DECISION and kind not in (
        RepresentationKind.ADMINISTRATOR,
        RepresentationKind.MENTOR,
    ):
        raise DomainError(
            _("A court decision appoints an administrator or a mentor."), field="kind"
        )
    if valid_until and valid_until < valid_from:
        raise DomainError(_("The end date lies before the start date."), field="valid_until")
    if case is not None and case.person_id != represented.pk:
        raise DomainError(_("This case belongs to someone else."), field="case")
    representation = Representation.objects.create(
        represented=represented,
        representative=representative,
        kind=kind,
        matters=sorted(set(matters)),
        basis=basis,
        basis_note=basis_note.strip(),
        valid_from=valid_from,
        valid_until=valid_until,
        case=case,
        recorded_by=actor.user if actor.is_worker else None,
    )
    processing.record_change(
        actor=actor,
        action="representation_create",
        object_type="person",
        object_id=represented.pk,
        changes={
            "representative": str(representative.pk),
            "kind": kind,
            "matters": representation.matters,
            "basis": basis,
            "case": str(case.pk) if case else None,
            "valid_from": _plain(valid_from),
            "valid_until": _plain(valid_until),
        },
    )
    return representation


@transaction.atomic
def representation_end(
    *, representation: Representation, reason: str, actor: Actor
) -> Representation:
    """End a representation now (the authorisation was withdrawn, the court ended it): the
    representative can no longer act for the person. Needs a reason; an ended representation
    cannot be ended again. Audited with the reason."""
    _check_no_nul(reason=reason)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Say why the representation ends."), field="reason")
    representation = Representation._base_manager.select_for_update().get(pk=representation.pk)
    if representation.ended_at is not None:
        raise DomainError(
            _("This representation already ended on %(date)s.")
            % {"date": timezone.localdate(representation.ended_at).strftime("%d-%m-%Y")},
            field="reason",
        )
    representation.ended_at = clock.now()
    representation.updated_at = representation.ended_at
    representation.save(update_fields=["ended_at", "updated_at"])
    processing.record_change(
        actor=actor,
        action="representation_end",
        object_type="person",
        object_id=representation.represented_id,
        changes={
            "representation": str(representation.pk),
            "representative": str(representation.representative_id),
            "reason": reason,
        },
    )
    return representation
