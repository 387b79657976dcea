"""Read PDFs back in tests: the text a reader (or a screen reader) gets out of them."""

from __future__ import annotations

import io


def pdf_reader(data: bytes):
    from pypdf import PdfReader

    return PdfReader(io.BytesIO(bytes(data)))


def pdf_text(data: bytes) -> str:
    """Every page's extracted text, pages separated by a blank line."""
    return "\n\n".join(page.extract_text() or "" for page in pdf_reader(data).pages)


def pdf_pages(data: bytes) -> int:
    return len(pdf_reader(data).pages)


def response_text(response) -> str:
    """A response's text: a PDF's extracted text, else the decoded body."""
    if response.get("Content-Type", "").startswith("application/pdf"):
        return pdf_text(response.content)
    return response.content.decode()


def assert_tagged(pdf: bytes) -> None:
    """PDF/UA-1 as WeasyPrint writes it: a structure tree, marked content, a language and a
    title shown in the window bar; the fonts embedded."""
    reader = pdf_reader(pdf)
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert bool(root["/MarkInfo"]["/Marked"])
    assert str(root["/Lang"]) in ("nl", "en")
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
    assert "pdfuaid" in root["/Metadata"].get_object().get_data().decode()
    fonts = {
        str(font.get_object()["/BaseFont"]): font.get_object()
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert fonts and all("/DescendantFonts" in f for f in fonts.values())  # embedded CID fonts
