"""The overview on paper (#11, #25): a plain-language letter (tagged PDF) of the citizen's
questions, in their language, with the address where a window envelope shows it. The owning
organisation's workers print or post it; the citizen downloads it from their own overview.
It shows what the portal shows, nothing more."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import translation

from eenloket.access import citizen_overview
from eenloket.access.citizen_scope import EVERYTHING
from eenloket.cases.citizen_texts import language_of
from eenloket.core.readability import page_text
from eenloket.notifications.pdf import html_to_pdf, render_context

TEMPLATE = "cases/print_overview.html"


def overview_html(person, cases, *, language: str | None = None, scope=EVERYTHING) -> str:
    """The print overview's HTML for ``person`` and their ``cases`` (from the policy point),
    within a representative's ``scope`` (decision 0046)."""
    language = language or language_of(person)
    with translation.override(language):
        return render_to_string(
            TEMPLATE,
            render_context(
                language,
                {
                    "person": person,
                    "overviews": citizen_overview.overviews(list(cases), scope),
                    "address_lines": person.message_contact().get("postal_address", []),
                },
            ),
        )


def letter_pdf(case) -> bytes:
    """One question's overview as a letter, in the person's recorded language."""
    return html_to_pdf(overview_html(case.person, [case]))


def overview_pdf(person, cases, *, language: str | None = None, scope=EVERYTHING) -> bytes:
    """All the citizen's questions on paper (what they download from Mijn overzicht)."""
    return html_to_pdf(overview_html(person, cases, language=language, scope=scope))


def letter_text(case) -> str:
    """The letter's text (for the plain-language report and tests)."""
    return page_text(overview_html(case.person, [case]))
