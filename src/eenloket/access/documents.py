"""Documents of a case: a scan a citizen brought to the desk (``cases.ContactDocument``) and a
document added from the portal or by a worker (``documents.Document``). A worker sees one when
their organisation may see the category "documents", or the citizen shared that document on
its own; the read is logged, a refusal too."""

from __future__ import annotations

from uuid import UUID

from eenloket.access._common import refuse, uuid_or_none
from eenloket.access.casework import case_for
from eenloket.access.release import release
from eenloket.audit import processing, register
from eenloket.cases.models import Case, ContactDocument
from eenloket.core.actor import Actor
from eenloket.core.errors import NotFoundOrForbidden
from eenloket.documents.models import Document


def document_for(actor: Actor, case_id, document_id) -> tuple[Case, ContactDocument]:
    """Return a case and one of its documents (a scan the citizen brought) when the actor may
    see it (the category "documents", or this document shared on its own), logging the read;
    else NotFoundOrForbidden (a document of another case gives the same answer as a missing
    one; a document without a basis is a logged refusal)."""
    case = case_for(actor, case_id, activity=register.CASE_DOCUMENT_VIEW, log=False)
    try:
        document_id = UUID(str(document_id))
    except ValueError:
        raise NotFoundOrForbidden() from None
    document = (
        release(ContactDocument)
        .filter(pk=document_id, contact__case_id=case.pk)
        .select_related("contact")
        .first()
    )
    if document is None:
        raise NotFoundOrForbidden()
    disclosure = case.disclosure
    # "documents" and what its contact is about (decision 0046), or shared on its own.
    if not disclosure.allows_labelled("document", document.pk, "documents", document.contact.about):
        refuse(
            actor,
            register.CASE_DOCUMENT_VIEW,
            case.person_id,
            ["documents"],
            "no_basis_for_category",
            "document",
            document.pk,
        )
        raise NotFoundOrForbidden()
    basis = disclosure.bases.get("documents") or disclosure.items.get(f"document:{document.pk}")
    processing.record(
        activity=register.CASE_DOCUMENT_VIEW,
        actor=actor,
        subject_ids=[case.person_id],
        categories=["documents"],
        status=processing.STATUS_OK,
        object_type="document",
        object_id=document.pk,
        bases={} if basis == "task" else {"documents": basis},
    )
    return case, document


def uploaded_document_for(actor: Actor, case_id, document_id):
    """Return a case and a document added to it (``documents.Document``: from the portal or a
    worker) when the actor may see it: the category "documents", or this document shared on
    its own. Logged like ``document_for``; else NotFoundOrForbidden (another case's document
    gives the same answer as a missing one)."""
    case = case_for(actor, case_id, activity=register.CASE_DOCUMENT_VIEW, log=False)
    document = release(Document).filter(pk=uuid_or_none(document_id), case_id=case.pk).first()
    if document is None:
        raise NotFoundOrForbidden()
    if not case.disclosure.allows_labelled("document", document.pk, "documents", document.about):
        refuse(
            actor,
            register.CASE_DOCUMENT_VIEW,
            case.person_id,
            ["documents"],
            "no_basis_for_category",
            "document",
            document.pk,
        )
        raise NotFoundOrForbidden()
    basis = case.disclosure.bases.get("documents") or case.disclosure.items.get(
        f"document:{document.pk}"
    )
    processing.record(
        activity=register.CASE_DOCUMENT_VIEW,
        actor=actor,
        subject_ids=[case.person_id],
        categories=["documents"],
        status=processing.STATUS_OK,
        object_type="document",
        object_id=document.pk,
        bases={} if basis == "task" else {"documents": basis},
    )
    return case, document


def uploaded_document_to_label(actor: Actor, case_id, document_id):
    """A case and a document added to it, for the owning team to say what the document is
    about (decision 0046): the owning team only (it answers for the dossier); anyone else gets
    NotFoundOrForbidden, a worker of another team on the case as a logged refusal."""
    case, document = uploaded_document_for(actor, case_id, document_id)
    if case.disclosure.relation != "owner":
        refuse(
            actor,
            register.CASE_DOCUMENT_VIEW,
            case.person_id,
            ["documents"],
            "only_the_owning_team_labels",
            "document",
            document.pk,
        )
        raise NotFoundOrForbidden()
    return case, document
