"""The citizen takes out everything held about them (AVG art. 15 and 20, #23): one function
that gathers every record about the logged-in person, through the policy point, and logs it.

Only the person themselves, or a representative for all their matters (a "whole person"
page, as "who looked at my data"). A representative gets the BSN masked. What is in the
file is the same for the JSON and the readable page: ``citizen_data``.
"""

from __future__ import annotations

from django.db.models import Q

from eenloket.access import subject_records
from eenloket.access.citizens import citizen_may_read
from eenloket.access.logs import _who_looked
from eenloket.access.release import release
from eenloket.appointments.models import Appointment, CallbackRequest
from eenloket.audit import processing, register
from eenloket.cases.models import (
    Case,
    CaseNote,
    CaseTeam,
    Confirmation,
    Contact,
    ContactDocument,
    Fact,
)
from eenloket.consent.models import Consent
from eenloket.core import clock
from eenloket.core.actor import Actor
from eenloket.documents.models import Document
from eenloket.handovers.models import Handover
from eenloket.notifications.models import Message
from eenloket.people import bsn as bsn_rules
from eenloket.people.models import HouseholdMember, Person, Representation
from eenloket.retention.periods import CITIZEN_RULES

# Every category a download holds: it is all of the person's data.
EXPORT_CATEGORIES = (
    "name",
    "contact",
    "identity",
    "household",
    "income",
    "debts",
    "housing",
    "health",
    "justice",
    "case_notes",
    "documents",
    "involvement",
    "processing_log",
)


def _iso(value):
    return value.isoformat() if value else None


def citizen_data(actor: Actor) -> dict:
    """Return every record held about the logged-in person, as plain data; log the read
    (register "portal-data-export"). NotFoundOrForbidden for anyone but a citizen; a
    representative for some matters only gets NotForRepresentative."""

    representation = citizen_may_read(actor, whole_person=True)
    person = release(Person).get(pk=actor.person_id)
    bsn = bsn_rules.bsn_of(person) if person.has_bsn else ""
    if representation is not None and bsn:
        bsn = bsn_rules.mask(bsn)
    cases = list(
        release(Case)
        .filter(person_id=person.pk)
        .select_related("owning_team__organisation")
        .order_by("opened_at")
    )
    case_ids = [c.pk for c in cases]

    def by_case(model, via="case"):
        grouped: dict = {}
        rows = release(model).filter(**{f"{via}__in": case_ids})
        for row in rows:
            key = row.case_id if via == "case" else row.contact.case_id
            grouped.setdefault(key, []).append(row)
        return grouped

    contacts = by_case(Contact)
    facts = by_case(Fact)
    notes = by_case(CaseNote)
    confirmations = by_case(Confirmation)
    teams: dict = {}
    for link in release(CaseTeam).filter(case_id__in=case_ids).select_related("team"):
        teams.setdefault(link.case_id, []).append(link)
    handovers: dict = {}
    for h in release(Handover).filter(case_id__in=case_ids).select_related("to_team"):
        handovers.setdefault(h.case_id, []).append(h)
    uploads: dict = {}
    for d in release(Document).filter(case_id__in=case_ids):
        uploads.setdefault(d.case_id, []).append(d)
    scans: dict = {}
    for d in (
        release(ContactDocument).filter(contact__case_id__in=case_ids).select_related("contact")
    ):
        scans.setdefault(d.contact.case_id, []).append(d)

    data = {
        "made_at": clock.now().isoformat(),
        "person": {
            "id": str(person.pk),
            "name": person.full_name,
            "birth_date": _iso(person.birth_date),
            "bsn": bsn,
            "phone": person.phone,
            "email": person.email,
            "address": person.message_contact().get("postal_address", []),
            "preferred_language": person.preferred_language,
        },
        "household": [
            {
                "id": str(h.pk),
                "relation": h.relation,
                "name": h.member.full_name,
                "since": _iso(h.since),
            }
            for h in release(HouseholdMember).filter(person_id=person.pk).select_related("member")
        ],
        "representatives": [
            {
                "id": str(r.pk),
                "name": r.representative.full_name,
                "matters": r.matters,
                "from": _iso(r.valid_from),
                "until": _iso(r.valid_until),
            }
            for r in release(Representation)
            .filter(represented_id=person.pk)
            .select_related("representative")
        ],
        "questions": [
            {
                "id": str(c.pk),
                "opened_at": _iso(c.opened_at),
                "status": c.status,
                "closed_at": _iso(c.closed_at),
                "organisation": str(c.owning_team.organisation),
                "team": str(c.owning_team),
                "question": c.question_verbatim,
                "summary": c.summary,
                "next_step": c.next_step,
                "teams": [
                    {
                        "id": str(t.pk),
                        "team": str(t.team),
                        "since": _iso(t.since),
                        "ended": _iso(t.ended_at),
                    }
                    for t in teams.get(c.pk, [])
                ],
                "contacts": [
                    {
                        "id": str(x.pk),
                        "at": _iso(x.occurred_at),
                        "channel": x.channel,
                        "direction": x.direction,
                        "summary": x.summary,
                        "follow_up": x.follow_up,
                    }
                    for x in contacts.get(c.pk, [])
                ],
                "facts": [
                    {
                        "id": str(f.pk),
                        "category": f.category,
                        "what": f.label,
                        "value": f.value,
                        "as_of": _iso(f.as_of),
                        "source": f.source,
                    }
                    for f in facts.get(c.pk, [])
                ],
                "notes": [
                    {
                        "id": str(n.pk),
                        "at": _iso(n.created_at),
                        "text": n.text,
                        "internal": n.internal,
                    }
                    for n in notes.get(c.pk, [])
                ],
                "confirmations": [
                    {
                        "id": str(x.pk),
                        "at": _iso(x.created_at),
                        "understood": x.understood,
                        "next": x.next_steps,
                    }
                    for x in confirmations.get(c.pk, [])
                ],
                "handovers": [
                    {
                        "id": str(h.pk),
                        "to": str(h.to_team),
                        "state": h.state,
                        "sent_at": _iso(h.sent_at),
                    }
                    for h in handovers.get(c.pk, [])
                ],
                "documents": [
                    {
                        "id": str(d.pk),
                        "name": d.original_name,
                        "type": d.content_type,
                        "at": _iso(d.created_at),
                    }
                    for d in uploads.get(c.pk, []) + scans.get(c.pk, [])
                ],
            }
            for c in cases
        ],
        "consents": [
            {
                "id": str(x.pk),
                "to": str(x.recipient),
                "categories": x.categories,
                "items": x.items,
                "purpose": x.purpose,
                "state": x.state,
                "from": _iso(x.valid_from),
                "until": _iso(x.valid_until),
                "ended_at": _iso(x.ended_at),
            }
            for x in release(Consent)
            .filter(person_id=person.pk)
            .select_related("recipient")
            .order_by("created_at")
        ],
        "appointments": [
            {
                "id": str(a.pk),
                "starts_at": _iso(a.starts_at),
                "state": a.state,
                "where": str(a.location),
            }
            for a in release(Appointment)
            .filter(person_id=person.pk)
            .select_related("location")
            .order_by("starts_at")
        ],
        "call_backs": [
            {
                "id": str(x.pk),
                "asked_at": _iso(x.created_at),
                "phone": x.phone,
                "when": x.part_of_day,
            }
            for x in release(CallbackRequest).filter(person_id=person.pk)
        ],
        "messages": [
            {
                "id": str(m.pk),
                "purpose": m.purpose,
                "status": m.status,
                "channels": m.channels,
                "sent_at": _iso(m.sent_at),
            }
            for m in release(Message).filter(Q(recipient_ref=str(person.pk))).order_by("created_at")
        ],
        "who_used_my_data": [
            {
                "when": _iso(a.when),
                "organisation": a.organisation,
                "role": str(a.role),
                "what": [str(w) for w in a.what],
                "why": str(a.why),
                "basis": str(a.basis),
                "refused": a.refused,
                "yourself": a.own,
            }
            for a in _who_looked(person.pk)
        ],
        # Every other kind of record about the person (access/subject_records.py).
        "more_records": subject_records.more_records(person, case_ids),
        "retention": [
            {
                "record": str(rule.record),
                "counted_from": str(rule.event),
                "months": rule.months,
                "then": str(rule.ending),
            }
            for rule in CITIZEN_RULES
        ],
    }
    processing.record(
        activity=register.PORTAL_DATA_EXPORT,
        actor=actor,
        subject_ids=[person.pk],
        categories=EXPORT_CATEGORIES,
        status=processing.STATUS_OK,
        object_type="person",
        object_id=person.pk,
    )
    return data
