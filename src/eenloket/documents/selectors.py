"""Reads for documents. The case always comes from the policy point; a single document for a
worker through ``access.documents.uploaded_document_for`` (which logs the read)."""

from __future__ import annotations

from eenloket.access.release import rows_of
from eenloket.core import crypto
from eenloket.documents.models import Document, UploaderKind


def citizen_uploads(*, case, person_id) -> list[Document]:
    """The documents the citizen added to their own question (released by
    ``access.citizens.citizen_case``), newest first: name, date, size and scan status only."""
    return list(
        rows_of(Document, case)
        .filter(uploaded_by_kind=UploaderKind.CITIZEN, uploaded_by_ref=str(person_id))
        .only("id", "case_id", "original_name", "size", "scan_status", "created_at")
    )


def of_case(*, case) -> list[Document]:
    """Every document of a case the policy point released with the category "documents"."""
    return list(rows_of(Document, case))


def content(document: Document) -> bytes:
    """The original content of a document the policy point released: the file on disk holds
    it encrypted with the field keys."""
    with document.file.open("rb") as stored:
        return crypto.decrypt_bytes(stored.read())
