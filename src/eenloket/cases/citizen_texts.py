"""What a citizen reads about their question: its title and its next step, in their language.

The worker's next step is a note for colleagues ("Call the citizen back on 06…"); it never
reaches the citizen. The citizen reads, in this order:

1. a text the system chose for them (``Case.next_step_citizen_key``), translated at the moment
   it is shown or sent, so an English reader reads English whoever set it;
2. a text a worker wrote for them (``Case.next_step_citizen``: B1, "u", in their language);
3. otherwise: that we are working on their question.

A question's title is the start of the question in the citizen's own words.
"""

from __future__ import annotations

from django.utils import translation
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from eenloket.cases import vocabulary

WORKING = "working"
ANSWER_QUESTION = "answer_question"
READ_ANSWER = "read_answer"
CALL_BACK = "call_back"
APPOINTMENT = "appointment"
LOOKING_FOR_PLACE = "looking_for_place"
OTHER_ORGANISATION = "other_organisation"

NEXT_STEP_TEXTS = {
    WORKING: _("We are working on your question. We let you know when there is news."),
    ANSWER_QUESTION: _("We read your question. We answer you within two working days."),
    READ_ANSWER: _("We read your answer. We reply within two working days."),
    CALL_BACK: _("We call you back at the time you chose."),
    APPOINTMENT: _("We see you at your appointment at the desk."),
    LOOKING_FOR_PLACE: _("We look for the right place for your question. We let you know."),
    OTHER_ORGANISATION: _("We asked another organisation to help you. They contact you."),
}

TITLE_WORDS = 9


def language_of(person) -> str:
    """The language the person reads: their recorded one when we have it, else Dutch."""
    return person.preferred_language if person.preferred_language in ("nl", "en") else "nl"


def next_step(case, language: str | None = None) -> str:
    """The case's next step as the citizen reads it (never the worker's note)."""
    with translation.override(language or translation.get_language() or "nl"):
        if case.next_step_citizen_key in NEXT_STEP_TEXTS:
            return str(NEXT_STEP_TEXTS[case.next_step_citizen_key])
        if case.next_step_citizen.strip():
            return case.next_step_citizen.strip()
        return str(NEXT_STEP_TEXTS[WORKING])


def title(case, language: str | None = None) -> str:
    """A question's title for the citizen: the start of their own words; the life events
    when (unusually) there are none."""
    words = Truncator(" ".join(case.question_verbatim.split())).words(TITLE_WORDS, truncate="…")
    if words:
        return words
    with translation.override(language or translation.get_language() or "nl"):
        labels = [vocabulary.life_event_label(key) for key in case.life_events]
        return ", ".join(labels) or str(_("Your question"))
