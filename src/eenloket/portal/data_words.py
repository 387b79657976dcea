"""The readable copy of the citizen's data (#23, #25): "more about your questions" in words.

Each field a record shows gets a label in the reader's language, never the database's own
name (``next_step_due``); a code is written as its label, a yes/no as "ja"/"nee". The JSON
download keeps the field names and codes (for a computer, AVG art. 20). Dates are already
written as in a letter by the view (``views_my_data._readable``) before this runs.
"""

from __future__ import annotations

from django.apps import apps
from django.utils.formats import number_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from eenloket.assessment import rules as assessment_rules
from eenloket.cases import citizen_texts, vocabulary
from eenloket.cases.models import HoldReason, Outcome
from eenloket.consent.break_glass_reasons import BY_CODE as BREAK_GLASS_REASONS
from eenloket.consent.categories import category_label
from eenloket.handovers import states as handover_states

LABELS = {
    "created_at": _("Recorded on"),
    "from_status": _("Earlier state"),
    "to_status": _("New state"),
    "reason": _("Reason"),
    "note": _("Note"),
    "changed_at": _("Changed on"),
    "requesting_team": _("Team"),
    "state": _("State"),
    "decided_at": _("Decided on"),
    "decision_note": _("Why this was decided"),
    "reason_code": _("Reason from the list"),
    "opened_at": _("Opened on"),
    "expires_at": _("Ends on"),
    "confirm_before": _("To be confirmed before"),
    "confirmed_at": _("Confirmed on"),
    "ended_at": _("Ended on"),
    "reviewed_at": _("Checked on"),
    "review_finding": _("Outcome of the check"),
    "review_note": _("Note of the check"),
    "kind": _("Kind"),
    "until": _("Until"),
    "released_at": _("Released on"),
    "key": _("Life event"),
    "occurred_on": _("Date"),
    "task": _("Task"),
    "assessed_on": _("Assessed on"),
    "scores": _("Scores (1 is a big problem, 5 is fine)"),
    "rationales": _("Why these scores"),
    "capacity": _("What you can do yourself"),
    "capacity_rationale": _("Why we think so"),
    "support_level": _("Support"),
    "organisation": _("Organisation"),
    "scheme": _("Scheme"),
    "what": _("What"),
    "filed_on": _("Applied on"),
    "term_value": _("Time to decide"),
    "term_unit": _("Counted in"),
    "legal_source": _("By law"),
    "suspensions": _("Pauses of the time to decide"),
    "extension_days": _("Extra days"),
    "decided_on": _("Decided on"),
    "outcome": _("Outcome"),
    "due_on": _("Due by"),
    "reminded_at": _("Reminder sent on"),
    "overdue_notified_at": _("Told it was late on"),
    "source": _("Earlier state"),
    "target": _("New state"),
    "by_team": _("By team"),
    "text": _("Text"),
    "spoke_with": _("Spoke with"),
    "called_at": _("Called on"),
    "agreed": _("What was agreed"),
    "contact_point": _("Asked of"),
    "question": _("Question"),
    "capacity_seen": _("What you can do yourself, as the team saw it"),
    "answer": _("Answer"),
    "answered_at": _("Answered on"),
    "team": _("Team"),
    "role_on_case": _("Role"),
    "joined_at": _("Joined on"),
    "left_at": _("Left on"),
    "what_citizen_key": _("What you read"),
    "what_citizen": _("What you read, written for you"),
    "owner_kind": _("Who does it"),
    "owner_team": _("Team that does it"),
    "about": _("About"),
    "written_by_team": _("Written by"),
    "agreed_with_citizen": _("Agreed with you"),
    "done_at": _("Done on"),
    "visible_to_citizen": _("You can read it"),
    "table": _("Table"),
    "blocker": _("What stood in the way"),
    "proposal": _("Proposal"),
    "shared": _("Data shared"),
    "decision": _("Decision"),
    "reasons": _("Reasons"),
    "need": _("Need"),
    "asked_at": _("Asked on"),
    "comment": _("Your comment"),
    "answered_via": _("Answered by way of"),
    "channel": _("Channel"),
    "started_at": _("Started on"),
    "finished_at": _("Finished on"),
    "error": _("What went wrong"),
    "subject": _("Subject"),
    "body": _("Text"),
    "read_at": _("Read on"),
    "printed_at": _("Printed on"),
    "from_team": _("Sent by"),
    "to_team": _("Sent to"),
    "already_done": _("What was already done"),
    "urgent": _("Urgent"),
    "reach": _("How to reach you"),
    "creditor": _("To whom you owe"),
    "arrears_cents": _("Arrears"),
    "months_in_arrears": _("Months behind"),
    "next_step": _("Next step"),
    "next_step_due": _("Next step by"),
    "answer_note": _("Answer"),
}

HANDOVER_EVENTS = {
    "transition": _("The handover changed"),
    "escalated": _("The handover was escalated"),
    "call": _("A call about the handover"),
    "reference": _("A reference was added"),
}
# What a message to the citizen was about ("Messages to you").
PURPOSES = {
    "appointment": _("Your appointment"),
    "break_glass": _("Urgent access to your data"),
    "case_confirmation": _("What we agreed about your question"),
    "confirmation": _("What we agreed about your question"),
    "citizen_message": _("A message about your question"),
    "consent_receipt": _("Proof of your consent"),
    "handover_update": _("News about who helps you"),
    "intake": _("Your new question"),
    "plan_reminder": _("A reminder of the plan"),
    "portal_news": _("News in Mijn overzicht"),
    "verdict_question": _("Did we help you?"),
}
FINDINGS = {"justified": _("Justified"), "not_justified": _("Not justified")}
EVERYONE = "team"


def _choices(*classes) -> dict:
    found: dict = {}
    for choices in classes:
        found.update(dict(choices.choices))
    return found


def _codes(kind: str, name: str) -> dict | None:
    """The labels of a field's codes, where the field holds codes."""
    field = apps.get_model(kind)._meta.get_field(name)
    if field.choices:
        return dict(field.flatchoices)
    if kind == "handovers.HandoverEvent":
        return {
            "kind": HANDOVER_EVENTS,
            "source": dict(handover_states.State.choices),
            "target": dict(handover_states.State.choices),
            "reason_code": _choices(
                handover_states.DeclineReason,
                handover_states.Outcome,
                handover_states.FailureReason,
            ),
        }.get(name)
    by_field = {
        ("consent.BreakGlassAccess", "reason_code"): {
            code: reason.label for code, reason in BREAK_GLASS_REASONS.items()
        },
        ("consent.BreakGlassAccess", "review_finding"): FINDINGS,
        ("cases.CaseStatusChange", "reason"): _choices(Outcome, HoldReason),
        ("teamwork.Action", "what_citizen_key"): citizen_texts.ACTION_TEXTS,
        ("handovers.ColleagueQuestion", "capacity_seen"): assessment_rules.CAPACITY,
    }
    return by_field.get((kind, name))


def _humane(code: str) -> str:
    return str(code).replace("_", " ")


def _words(kind: str, name: str, value):
    """One value as words."""
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    if name in ("scores", "rationales") and isinstance(value, dict):
        return "; ".join(
            f"{assessment_rules.DOMAINS.get(key, _humane(key))}: {item}"
            for key, item in value.items()
        )
    if name == "arrears_cents" and isinstance(value, int):
        return f"€ {number_format(value / 100, 2, force_grouping=True)}"
    if name == "shared" and isinstance(value, list):
        return ", ".join(category_label(key) for key in value)
    if name == "about" and isinstance(value, str):
        return gettext("everyone on your question") if value == EVERYONE else category_label(value)
    if name == "key" and kind == "guide.LifeEventDate":
        return vocabulary.life_event_label(value)
    if name == "need":
        return vocabulary.need_label(value)
    codes = _codes(kind, name)
    if codes is not None and isinstance(value, str):
        return str(codes.get(value, _humane(value)))
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    if isinstance(value, dict):
        return "; ".join(f"{_humane(key)}: {item}" for key, item in value.items())
    return value


def handover_state(code: str) -> str:
    """A handover's state in words."""
    return str(dict(handover_states.State.choices).get(code, _humane(code)))


def purpose(code: str) -> str:
    """What a message was about, in words."""
    return str(PURPOSES.get(code, _humane(code)))


def label(name: str) -> str:
    """A field's label; a field without one (a new field) at least without underscores."""
    return str(LABELS.get(name, name.replace("_", " ")))


def in_words(kind: str, record: dict, left_out=()) -> dict:
    """A record of "more about your questions" as label -> value in words; empty values and
    what only a computer needs are left out."""
    return {
        label(name): _words(kind, name, value)
        for name, value in record.items()
        if name not in left_out and value is not None and value != ""
    }
