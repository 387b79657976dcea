"""Letters and printable pages as PDF: WeasyPrint renders our HTML print templates on A4.

Why WeasyPrint (decision 0036): it renders the same Django templates as the screens, embeds
(a subset of) a Unicode font, so every name prints as written ("Łukasz Wiśniewski-Żółć"), and
writes tagged PDF/UA-1 (structure tree, language, title) for screen readers. The font ships
with the code (``fonts/``), so a letter looks the same on every server. The address block sits
where a window envelope shows it (``print/base.html``).

Nothing is fetched while rendering: the only files a template may load are our fonts.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.formats import date_format

from eenloket.core import clock

FONTS = Path(__file__).resolve().parent / "fonts"
PDF_VARIANT = "pdf/ua-1"


def _fetcher():
    """A fetcher that loads our own font files and nothing else (no network, no other file)."""
    from weasyprint.urls import URLFetcher

    prefix = FONTS.as_uri() + "/"

    class FontsOnly(URLFetcher):
        def fetch(self, url, headers=None):
            if not url.startswith(prefix) or ".." in url:
                raise ValueError(f"not loaded while printing: {url[:80]}")
            return super().fetch(url, headers)

    return FontsOnly(allowed_protocols=("file",))


def html_to_pdf(html: str) -> bytes:
    """Return the PDF (PDF/UA-1, fonts embedded) of an HTML print template's output."""
    from weasyprint import HTML  # loaded late: it loads Pango, which few processes need

    document = HTML(string=html, base_url=FONTS.as_uri() + "/", url_fetcher=_fetcher())
    return document.write_pdf(pdf_variant=PDF_VARIANT, uncompressed_pdf=False)


def paragraphs(text: str) -> list[str]:
    """Split plain text into paragraphs at blank lines (a single newline stays a line break)."""
    blocks = [block.strip("\n") for block in text.replace("\r\n", "\n").split("\n\n")]
    return [block for block in blocks if block.strip()]


def render_context(language: str, context: dict) -> dict:
    """What every print template gets: its language, today's date and the desk's phone."""
    return {
        "language": language,
        "today": date_format(clock.today(), "j F Y"),
        "desk_phone": settings.EENLOKET_DESK_PHONE,
        **context,
    }


def render_pdf(template: str, context: dict, *, language: str) -> bytes:
    """Render a print template in ``language`` and return its PDF."""
    language = language if language in ("nl", "en") else "nl"
    with translation.override(language):
        html = render_to_string(template, render_context(language, context))
    return html_to_pdf(html)


def letter_pdf(*, title: str, body: str, address_lines: list[str], language: str = "nl") -> bytes:
    """A letter: the address in the envelope's window, the date, a title and the body's
    paragraphs (plain text, as the message templates write it)."""
    return render_pdf(
        "notifications/print/letter.html",
        {"title": title, "paragraphs": paragraphs(body), "address_lines": address_lines},
        language=language,
    )


def text_to_pdf(text: str, *, title: str = "eenloket", language: str = "nl") -> bytes:
    """A plain document of ``text`` (a receipt, an export): no address block."""
    return render_pdf(
        "notifications/print/text.html", {"title": title, "text": text}, language=language
    )
