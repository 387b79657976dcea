"""Writes for documents: add one to a question, after every check (docs/messages-and-documents.md).

Order: a file at all, not empty, not too big, an allowed type by its content and name, then the
virus scanner. Nothing is stored before all of them pass. An infected file is refused and logged
(never stored); an unreachable scanner refuses the file ("try again later"), never accepts it.
"""

from __future__ import annotations

import hashlib
import logging

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from eenloket.access import disclosure as disclosure_rules
from eenloket.audit import processing
from eenloket.core import crypto
from eenloket.core.actor import Actor
from eenloket.core.errors import DomainError
from eenloket.documents import checks, scanner
from eenloket.documents.models import Document, ScanStatus, UploaderKind
from eenloket.notifications import about
from eenloket.notifications.services import worker_notify

logger = logging.getLogger("eenloket.documents")


class DocumentRefused(DomainError):
    """The upload was refused; ``reason`` says why in one word, for tests and the log."""

    def __init__(self, message: str, *, reason: str):
        super().__init__(message, field="file")
        self.reason = reason


def _max_mb() -> str:
    return f"{round(settings.EENLOKET_DOCUMENT_MAX_BYTES / 1_048_576, 1):g}"


def _texts() -> dict[str, str]:
    """Every refusal, in plain words (measured in the readability report)."""
    return {
        "too_large_read": _("This file is too big. A file can be at most %(mb)s MB."),
        "no_file": _("Choose a file to send."),
        "empty": _("The file “%(name)s” is empty. Choose another file."),
        "too_large": _("The file “%(name)s” is too big. A file can be at most %(mb)s MB."),
        "wrong_type": _(
            "We cannot accept “%(name)s”. Send a PDF, a JPG or a PNG file. "
            "A photo or a scan of a letter is fine."
        ),
        "no_scanner": _(
            "We cannot accept files here at the moment, because we cannot check them for "
            "viruses. Bring the document to the desk or send it by post. "
            "You can also call us: %(phone)s."
        ),
        "infected": _(
            "This file contains a virus, so we did not accept it. The file may have been "
            "changed without your knowledge. Do not send it again: call us or bring the "
            "paper letter to the desk."
        ),
        "scanner_down": _(
            "We cannot check your file for viruses right now, so we did not accept it. "
            "Please try again later."
        ),
        "closed": _("This question is closed. Ask a new question if you need help."),
    }


def _refused(reason: str, name: str = "") -> DocumentRefused:
    values = {"name": name, "mb": _max_mb(), "phone": settings.EENLOKET_DESK_PHONE}
    return DocumentRefused(_texts()[reason] % values, reason=reason.removesuffix("_read"))


def refusal_texts() -> list[str]:
    """Every refusal as the citizen reads it (with an example file name)."""
    return [_refused(reason, "brief.pdf").message for reason in _texts()]


def check_upload(upload: UploadedFile | None, *, too_large: bool = False) -> checks.Kind:
    """Return the kind of an acceptable upload, or raise DocumentRefused saying what is wrong."""
    if too_large:
        raise _refused("too_large_read")
    if upload is None:
        raise _refused("no_file")
    name = upload.name or ""
    if upload.size == 0:
        raise _refused("empty", name)
    if upload.size > settings.EENLOKET_DOCUMENT_MAX_BYTES:
        raise _refused("too_large", name)
    upload.seek(0)
    head = upload.read(checks.HEAD_BYTES)
    upload.seek(0)
    kind = checks.kind_of_content(head)
    if kind is None or checks.extension_of(name) not in kind.extensions:
        raise _refused("wrong_type", name)
    return kind


def _scan(upload: UploadedFile, case_id) -> tuple[str, str]:
    """Return (scan status, scanner version) for a clean file, or raise DocumentRefused."""
    try:
        clamd = scanner.configured_scanner()
    except scanner.ScannerMisconfigured as error:
        logger.error("upload refused on case %s: %s", case_id, error)
        raise _refused("scanner_down") from None
    if clamd is None:
        if scanner.unscanned_allowed():
            return ScanStatus.NOT_SCANNED, ""
        logger.warning("upload refused on case %s: no virus scanner configured", case_id)
        raise _refused("no_scanner")
    try:
        upload.seek(0)
        result = clamd.scan(upload.chunks())
        version = clamd.version()
    except scanner.ScannerUnavailable as error:
        logger.error("upload refused on case %s: %s", case_id, error)
        raise _refused("scanner_down") from None
    if not result.clean:
        # Logged for the application managers; the file is not stored anywhere.
        logger.warning(
            "upload refused on case %s: virus scanner found %s (sha256 %s)",
            case_id,
            result.signature,
            _sha256(upload),
        )
        raise _refused("infected")
    return ScanStatus.CLEAN, version[:200] or "clamd"


def _sha256(upload: UploadedFile) -> str:
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


@transaction.atomic
def document_upload(
    *, case, upload: UploadedFile | None, actor: Actor, too_large: bool = False, about: str = ""
) -> Document:
    """Add a document to ``case`` (obtained through the policy point by the caller) after every
    check; a citizen adds to their own case only. Raise DocumentRefused with a plain reason.
    Stores the content encrypted, and records the change in the audit log."""
    if actor.is_citizen:
        if str(case.person_id) != str(actor.person_id):
            raise DocumentRefused(_("This question was not found."), reason="not_own")
        if case.status == "closed":
            raise _refused("closed")
        kind_of_uploader, uploader = UploaderKind.CITIZEN, str(actor.person_id)
    elif actor.is_worker:
        kind_of_uploader, uploader = UploaderKind.WORKER, str(actor.user.pk)
    else:
        raise DocumentRefused(_("Only the citizen or a worker can add a document."), reason="actor")
    kind = check_upload(upload, too_large=too_large)
    status, scanned_by = _scan(upload, case.pk)
    upload.seek(0)
    content = b"".join(upload.chunks())
    document = Document(
        case=case,
        uploaded_by_kind=kind_of_uploader,
        uploaded_by_ref=uploader,
        original_name=(upload.name or "")[:255],
        content_type=kind.content_type,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        scan_status=status,
        scanned_by=scanned_by,
        about=about,  # what it is about (decision 0046); a citizen's upload does not say
    )
    # Encrypted at rest with the field keys: a copy of the media folder reveals nothing.
    document.file.save("document", ContentFile(crypto.encrypt_bytes(content)), save=False)
    document.save()
    processing.record_change(
        actor=actor,
        action="document_upload",
        object_type="case",
        object_id=case.pk,
        changes={
            "document": str(document.pk),
            "content_type": kind.content_type,
            "size": document.size,
            "scan_status": status,
        },
    )
    transaction.on_commit(lambda: _tell_coordinator(case, document))
    return document


def _tell_coordinator(case, document: Document) -> None:

    if case.coordinator_id is None or document.uploaded_by_kind != UploaderKind.CITIZEN:
        return
    worker_notify(
        user=case.coordinator,
        kind="document_upload",
        text=_("The citizen added a document to their question."),
        link=about.about(about.CASE, case.pk),
    )


LABELS = (disclosure_rules.ABOUT_UNSAID, disclosure_rules.ABOUT_TEAM, *disclosure_rules.SHAREABLE)


@transaction.atomic
def document_label(*, document: Document, about: str, actor: Actor) -> Document:
    """Say what a document added to a case is about (decision 0046): a team then sees it only
    when it may see "documents" and that category. ``document`` comes from the policy point
    (``access.documents.uploaded_document_to_label``: the owning team). Audited."""
    if about not in LABELS:
        raise DomainError(_("Say what this is about."), field="about")
    if document.about == about:
        return document
    before = document.about
    Document._base_manager.filter(pk=document.pk).update(about=about)
    document.about = about
    processing.record_change(
        actor=actor,
        action="document_label",
        object_type="case",
        object_id=document.case_id,
        changes={"document": str(document.pk), "about": [before, about]},
    )
    return document
