"""What a citizen reads about their question: its title, its next step, the plan's actions
that are theirs and the contacts in their timeline, in their language.

The worker's next step is a note for colleagues ("Call the citizen back on 06…"); it never
reaches the citizen. The citizen reads, in this order:

1. a text the system chose for them (``Case.next_step_citizen_key``), translated at the moment
   it is shown or sent, so an English reader reads English whoever set it;
2. a text a worker wrote for them (``Case.next_step_citizen``: B1, "u", in their language);
3. otherwise: that we are working on their question.

An action of the plan that is theirs (``Action.what_citizen_key``, ``what_citizen``) and a
contact (``Contact.summary_citizen_key``, ``summary_citizen``) follow the same order: the team's
wording (``Action.what``, ``Contact.summary``) never reaches the citizen. Without a citizen text
an action reads "what we agreed with you" and a contact says only how it went ("You called
us.").

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

# Actions of the plan the citizen (or their representative) does.
BRING_LETTERS = "bring_letters"
BRING_PAYSLIPS = "bring_payslips"
SEND_DOCUMENTS = "send_documents"
APPLY_TOGETHER = "apply_together"
CALL_US = "call_us"

ACTION_TEXTS = {
    BRING_LETTERS: _(
        "Bring your letters to your next appointment. Also the ones you did not open."
    ),
    BRING_PAYSLIPS: _("Bring your last payslips to your next appointment."),
    SEND_DOCUMENTS: _("Send us the papers we asked for. You can add them in Mijn overzicht."),
    APPLY_TOGETHER: _("Fill in the application with us. We help you."),
    CALL_US: _("Call us when you have news about your question."),
}
ACTION_AGREED = _("Do what we agreed with you. Call us if you are not sure what it is.")

# Contacts the system writes.
QUESTION_ASKED = "question_asked"
ANSWER_SENT = "answer_sent"
CALLBACK_ASKED = "callback_asked"

# Texts a worker chooses when they record a call back (backoffice: call back done).
CALLED_BACK = "called_back"
CALLED_BACK_ANSWERED = "called_back_answered"
CALLED_BACK_APPOINTMENT = "called_back_appointment"

CONTACT_TEXTS = {
    QUESTION_ASKED: _("You asked us a question in Mijn overzicht."),
    ANSWER_SENT: _("You answered our message in Mijn overzicht."),
    CALLBACK_ASKED: _("You asked us to call you back."),
    CALLED_BACK: _("We called you back about your question."),
    CALLED_BACK_ANSWERED: _("We called you back and answered your question."),
    CALLED_BACK_APPOINTMENT: _("We called you back and made an appointment with you."),
}
CALL_BACK_TEXTS = (CALLED_BACK, CALLED_BACK_ANSWERED, CALLED_BACK_APPOINTMENT)
# Without a text for the citizen: only how the contact went, by channel and direction.
CONTACT_BY_CHANNEL = {
    ("desk", "incoming"): _("You came to the desk."),
    ("desk", "outgoing"): _("We saw you at the desk."),
    ("phone", "incoming"): _("You called us."),
    ("phone", "outgoing"): _("We called you."),
    ("home_visit", "incoming"): _("We visited you at home."),
    ("home_visit", "outgoing"): _("We visited you at home."),
    ("community_centre", "incoming"): _("You came to see us at the community centre."),
    ("community_centre", "outgoing"): _("We saw you at the community centre."),
    ("letter_received", "incoming"): _("We received your letter."),
    ("letter_received", "outgoing"): _("We sent you a letter."),
    ("portal", "incoming"): _("You wrote to us in Mijn overzicht."),
    ("portal", "outgoing"): _("We wrote to you in Mijn overzicht."),
    ("email", "incoming"): _("You sent us an e-mail."),
    ("email", "outgoing"): _("We sent you an e-mail."),
}
CONTACT_OTHER = _("We were in touch with you about your question.")

TITLE_WORDS = 9


def language_of(person) -> str:
    """The language the person reads: their recorded one when we have it, else Dutch."""
    return person.preferred_language if person.preferred_language in ("nl", "en") else "nl"


def next_step(case, language: str | None = None) -> str:
    """The case's next step as the citizen reads it (never the worker's note)."""
    with _reading(language):
        if case.next_step_citizen_key in NEXT_STEP_TEXTS:
            return str(NEXT_STEP_TEXTS[case.next_step_citizen_key])
        if case.next_step_citizen.strip():
            return case.next_step_citizen.strip()
        return str(NEXT_STEP_TEXTS[WORKING])


def _reading(language: str | None):
    return translation.override(language or translation.get_language() or "nl")


def action(action, language: str | None = None) -> str:
    """An action of the plan as the citizen reads it (never the team's wording)."""
    with _reading(language):
        if action.what_citizen_key in ACTION_TEXTS:
            return str(ACTION_TEXTS[action.what_citizen_key])
        if action.what_citizen.strip():
            return action.what_citizen.strip()
        return str(ACTION_AGREED)


def contact(contact, language: str | None = None) -> str:
    """A contact as the citizen reads it in their timeline and confirmation (never the
    worker's summary)."""
    with _reading(language):
        if contact.summary_citizen_key in CONTACT_TEXTS:
            return str(CONTACT_TEXTS[contact.summary_citizen_key])
        if contact.summary_citizen.strip():
            return contact.summary_citizen.strip()
        return str(CONTACT_BY_CHANNEL.get((contact.channel, contact.direction), CONTACT_OTHER))


def title(case, language: str | None = None) -> str:
    """A question's title for the citizen: the start of their own words; the life events
    when (unusually) there are none."""
    words = Truncator(" ".join(case.question_verbatim.split())).words(TITLE_WORDS, truncate="…")
    if words:
        return words
    with translation.override(language or translation.get_language() or "nl"):
        labels = [vocabulary.life_event_label(key) for key in case.life_events]
        return ", ".join(labels) or str(_("Your question"))
