"""A contact with the citizen, for a partner system that exports it as a Klantinteracties
``klantcontact`` (docs/standards.md; ``api/klantinteracties.py`` makes the shape).

The client's team reaches a contact only through its case, as on the screens: the case must be
one the policy point releases to the team (``casework.case_for``: a handover it sent or
received, or a place on the case's team), and the contact must be one the team may read —
"notes on the question", and the category the contact is about when it has a label (decision
0046, ``Disclosure.allows_labelled``). The read is logged with the client's organisation; a
contact of a released case that the team may not read is logged as refused. Missing and
forbidden look the same.
"""

from __future__ import annotations

from eenloket.access._common import refuse
from eenloket.access.casework import case_for
from eenloket.access.disclosure import ABOUT_TEAM, ABOUT_UNSAID
from eenloket.access.release import release
from eenloket.audit import processing
from eenloket.cases.models import Contact
from eenloket.core.actor import Actor
from eenloket.core.errors import NotFoundOrForbidden

NOT_SHARED = "contact_not_shared"


def contact_for_export(actor: Actor, contact_id) -> Contact:
    """The contact with its case (carrying the disclosure) and person, when the actor's team may
    read it; logged as a read of the name and the notes (and the label's category)."""
    contact = release(Contact).filter(pk=contact_id).only("pk", "case_id").first()
    if contact is None:
        raise NotFoundOrForbidden()
    case = case_for(actor, contact.case_id, log=False)
    contact = release(Contact).select_related("representation").get(pk=contact.pk)
    categories = ["name", "case_notes"]
    if contact.about not in (ABOUT_UNSAID, ABOUT_TEAM):
        categories.append(contact.about)
    disclosure = case.disclosure  # type: ignore[attr-defined]  # set by case_for
    if not disclosure.allows_labelled("contact", contact.pk, "case_notes", contact.about):
        refuse(
            actor,
            processing.CASE_VIEW,
            case.person_id,
            categories,
            NOT_SHARED,
            "contact",
            contact.pk,
        )
        raise NotFoundOrForbidden()
    processing.record(
        activity=processing.CASE_VIEW,
        actor=actor,
        subject_ids=[case.person_id],
        categories=categories,
        status=processing.STATUS_OK,
        object_type="api_contact_export",
        object_id=contact.pk,
    )
    contact.case = case
    return contact
