"""Every kind of record about a person beyond the main parts of the citizen's download
(``subject_access.citizen_data``): declared once, with the way from the record to the person
(#23, AVG art. 15). ``PERSON_PATHS`` names every guarded model with personal data
(``access.guarded.GUARDED``) and how it reaches the person; a test checks the download
against the database through it, so a new kind of record cannot be left out unnoticed.

The records are given field by field: dates as ISO text, a team or organisation by its name,
a question, handover or message by its id. Left out: encrypted values and files (the download
gives their content where the citizen reads it: the BSN, the documents' names), and which
worker did it (a worker's own personal data; "who used your data" names the organisation
and role).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.apps import apps
from django.db.models import Model
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from eenloket.access.release import release


@dataclass(frozen=True)
class Kind:
    label: str  # app_label.Model
    path: str  # the lookup from the record to the person's id
    title: str | Promise
    by_message: bool = False  # the path ends at a message's recipient_ref (text)


MORE: tuple[Kind, ...] = (
    Kind("cases.CaseStatusChange", "case__person_id", _("How your questions went")),
    Kind("cases.Referral", "person_id", _("Who sent you to us")),
    Kind("cases.ReferralEvent", "referral__person_id", _("What we told who sent you to us")),
    Kind("cases.AccessRequest", "case__person_id", _("Teams that asked to help with a question")),
    Kind("consent.BreakGlassAccess", "case__person_id", _("Urgent access to your question")),
    Kind("retention.LegalHold", "case__person_id", _("Questions we must keep for a complaint")),
    Kind("guide.LifeEventDate", "case__person_id", _("Life events and their dates")),
    Kind("guide.GuideItem", "case__person_id", _("What was arranged after a life event")),
    Kind("assessment.Assessment", "case__person_id", _("How you manage, in scores")),
    Kind("applications.Application", "case__person_id", _("What you applied for")),
    Kind("handovers.HandoverEvent", "handover__case__person_id", _("What happened to a handover")),
    Kind("handovers.WarmCall", "handover__case__person_id", _("Calls about a handover")),
    Kind("handovers.ColleagueQuestion", "case__person_id", _("Questions to colleagues")),
    Kind("teamwork.Invitation", "case__person_id", _("Teams asked to help you")),
    Kind("teamwork.Member", "case__person_id", _("Who works on your question")),
    Kind("teamwork.Action", "case__person_id", _("The plan: who does what, and when")),
    Kind("teamwork.TeamNote", "case__person_id", _("The team's notes")),
    Kind("teamwork.Breakthrough", "case__person_id", _("Your question at the breakthrough table")),
    Kind("outcomes.NeedOutcome", "case__person_id", _("What came of each need")),
    Kind("outcomes.Verdict", "case__person_id", _("Whether we helped you, in your words")),
    Kind("notifications.DeliveryAttempt", "message__recipient_ref", _("Tries to deliver"), True),
    Kind(
        "notifications.PortalMessage",
        "message__recipient_ref",
        _("Messages in Mijn overzicht"),
        True,
    ),
    Kind("notifications.Letter", "message__recipient_ref", _("Letters"), True),
    Kind(
        "notifications.CallTask", "message__recipient_ref", _("Calls to tell you something"), True
    ),
)

# The main parts of the download (subject_access.citizen_data) and how each reaches the person.
MAIN_PATHS = {
    "people.Person": "pk",
    "people.HouseholdMember": "person_id",
    "people.Representation": "represented_id",
    "cases.Case": "person_id",
    "cases.CaseTeam": "case__person_id",
    "cases.Contact": "case__person_id",
    "cases.ContactDocument": "contact__case__person_id",
    "cases.Confirmation": "case__person_id",
    "cases.CaseNote": "case__person_id",
    "cases.Fact": "case__person_id",
    "consent.Consent": "person_id",
    "handovers.Handover": "case__person_id",
    "appointments.Appointment": "person_id",
    "appointments.CallbackRequest": "person_id",
    "documents.Document": "case__person_id",
    "notifications.Message": "recipient_ref",
}
# The two logs are given as "who used your data" (the processing log, by pseudonym); the
# audit log records what workers did and names no person by a key.
LOGS = ("audit.ProcessingLogEntry", "audit.AuditEntry")
PERSON_PATHS = MAIN_PATHS | {kind.label: kind.path for kind in MORE}

_LEFT_OUT = {"updated_at", "pdf", "worker_id", "lease_owner", "lease_until"}
_BY_ID = {"cases.case", "handovers.handover", "notifications.message", "teamwork.breakthrough"}
_BY_NAME = {
    "directory.team",
    "directory.organisation",
    "directory.contactpoint",
    "directory.scheme",
    "directory.lifeeventtask",
    "teamwork.breakthroughtable",
}


def _value(value):
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if value is None or isinstance(value, bool | int | float | list | dict):
        return value
    return str(value)


def _fields(model):
    """(name, how) for each field the download shows: "value", "id" or "name"."""
    shown = []
    for field in model._meta.concrete_fields:
        if field.name in _LEFT_OUT or field.name.endswith("_encrypted"):
            continue
        if not field.is_relation:
            shown.append((field.name, "value"))
            continue
        related = field.related_model._meta.label_lower
        if related in _BY_ID:
            shown.append((field.name, "id"))
        elif related in _BY_NAME:
            shown.append((field.name, "name"))
    return shown


def _name(related) -> str | None:
    """A team or table by its name: its own text, else its name field (never "… object")."""
    if related is None:
        return None
    if type(related).__str__ is Model.__str__:
        return str(getattr(related, "name", related))
    return str(related)


def _row(row, fields) -> dict:
    record = {}
    for name, how in fields:
        if how == "id":
            record[name] = _value(getattr(row, f"{name}_id"))
        elif how == "name":
            related = getattr(row, name)
            record[name] = _name(related)
        else:
            record[name] = _value(getattr(row, name))
    return record


def more_records(person, case_ids) -> list[dict]:
    """Every record of the kinds in ``MORE`` about the person, per kind (only kinds with a
    record). Read through the policy point; the caller logs the download."""
    found = []
    for kind in MORE:
        model = apps.get_model(kind.label)
        fields = _fields(model)
        named = [name for name, how in fields if how == "name"]
        value = str(person.pk) if kind.by_message else person.pk
        rows = release(model).filter(**{kind.path: value}).select_related(*named)
        records = [_row(row, fields) for row in rows.order_by("created_at")]
        if records:
            found.append({"kind": kind.label, "title": str(kind.title), "records": records})
    return found
