"""What a document may be: its type decided by its content (the first bytes), and its size.

PDF, JPEG and PNG only (docs/decisions/0029): what scans, phone photos and letters are. The
name's extension must fit the content too, so a renamed program (an .exe called .pdf) is refused.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Kind:
    label: str
    content_type: str
    extensions: tuple[str, ...]


PDF = Kind("PDF", "application/pdf", ("pdf",))
JPEG = Kind("JPG", "image/jpeg", ("jpg", "jpeg"))
PNG = Kind("PNG", "image/png", ("png",))
KINDS = (PDF, JPEG, PNG)
EXTENSIONS = tuple(e for kind in KINDS for e in kind.extensions)
# Enough bytes for every signature below.
HEAD_BYTES = 16


def kind_of_content(head: bytes) -> Kind | None:
    """Return the kind the first bytes of a file show, or None when it is none we accept."""
    # Strict: the header first. Readers accept junk before it, but so do polyglot files.
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    return None


def extension_of(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""
