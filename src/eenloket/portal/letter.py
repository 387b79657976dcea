"""The overview on paper: a plain-language letter (PDF) of one question, in the citizen's
language, for a worker to print or post (#11). It shows what the portal shows, nothing more."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.formats import date_format

from eenloket.access import citizen_overview
from eenloket.core import clock
from eenloket.notifications.pdf import text_to_pdf


def letter_text(case) -> str:
    language = (
        case.person.preferred_language if case.person.preferred_language in ("nl", "en") else "nl"
    )
    with translation.override(language):
        return render_to_string(
            "portal/letter.txt",
            {
                "o": citizen_overview.overviews([case])[0],
                "desk_phone": settings.EENLOKET_DESK_PHONE,
                "today": date_format(clock.today(), "j F Y"),
            },
        ).strip()


def letter_pdf(case) -> bytes:
    return text_to_pdf(letter_text(case))
