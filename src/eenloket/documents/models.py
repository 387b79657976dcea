"""Documents added to a question: a scan, a photo of a letter, a PDF (see
docs/messages-and-documents.md).

Only content that passed the checks is stored: an allowed type by its first bytes, not too big,
not empty, and clean by the virus scanner (or, in demo mode without a scanner, marked "not
scanned"). The file on disk holds the content encrypted with the field keys; the citizen's own
file name stays in the database.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from eenloket.core.models import BaseModel
from eenloket.core.policy_guard import GuardedManager


class UploaderKind(models.TextChoices):
    CITIZEN = "citizen", _("The citizen")
    WORKER = "worker", _("A worker")


class ScanStatus(models.TextChoices):
    CLEAN = "clean", _("Checked for viruses: nothing found")
    NOT_SCANNED = "not_scanned", _("Not checked for viruses (demo without a virus scanner)")


def stored_path(instance, filename):
    # A random name under a configurable folder: nothing about the citizen in the file system.
    from django.conf import settings

    return f"{settings.EENLOKET_DOCUMENT_DIR}/{instance.case_id}/{instance.pk}"


class Document(BaseModel):
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="uploads")
    uploaded_by_kind = models.CharField(max_length=16, choices=UploaderKind.choices)
    # The person id of a citizen, the user id of a worker.
    uploaded_by_ref = models.CharField(max_length=64)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    file = models.FileField(upload_to=stored_path, max_length=300)
    scan_status = models.CharField(max_length=16, choices=ScanStatus.choices)
    scanned_by = models.CharField(max_length=200, blank=True)  # the scanner's version line
    # What the document is about, a data category besides "documents": a team sees it only
    # when it may see both, or the document was shared on its own (decision 0046).
    about = models.CharField(_("about"), max_length=32, blank=True)

    objects = GuardedManager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["case", "created_at"], name="document_case_created")]
        constraints = [
            models.CheckConstraint(condition=Q(size__gt=0), name="document_not_empty"),
            models.CheckConstraint(
                condition=~Q(scan_status="clean") | ~Q(scanned_by=""),
                name="document_clean_names_scanner",
            ),
        ]

    def __str__(self):
        return f"document {self.pk}"
