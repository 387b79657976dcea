"""The models that hold personal data, declared once (docs/decisions/0031).

Each model in ``GUARDED`` has ``core.policy_guard.GuardedManager`` (or a manager of a
``GuardedQuerySet``) as its default manager: while a request is served, only the policy point
hands its rows out (``release.py``). A model with a foreign key to a guarded model (to a person
or a case, directly or through another guarded model) must be guarded too, or exempted in
``EXEMPT`` with the reason. The system check ``access.E001`` enforces both, at every start and
in the test suite.
"""

from __future__ import annotations

from django.apps import apps
from django.core import checks

from eenloket.core.policy_guard import GuardedQuerySet

# model label -> the personal data it holds
GUARDED = {
    "people.Person": "name, BSN (encrypted), date of birth, contact details, address",
    "people.HouseholdMember": "who lives with whom, since when",
    "people.Representation": "who may act for whom, in which matters",
    "cases.Case": "the question in the citizen's own words, status, next step",
    "cases.CaseTeam": "which organisations work on a person's situation",
    "cases.CaseStatusChange": "how a person's case went, with notes",
    "cases.Contact": "every contact with the person: channel, summary",
    "cases.ContactDocument": "scans the person brought (encrypted)",
    "cases.Confirmation": "what the person was told, and to whom it went",
    "cases.CaseNote": "workers' notes on the case",
    "cases.Fact": "dated facts per data category: income, debts, housing, health",
    "cases.AccessRequest": "which team asked to work on a person's case, and why",
    "consent.Consent": "what the person shares with whom",
    "consent.BreakGlassAccess": "who opened a person's case urgently, and why",
    "retention.LegalHold": "that a dossier is kept for a complaint, objection or court case",
    "guide.LifeEventDate": "when a life event happened to the person",
    "guide.GuideItem": "what was arranged for the person after a life event",
    "assessment.Assessment": "self-reliance scores per life domain, capacity to act",
    "applications.Application": "what the person applied for, and the decision",
    "handovers.Handover": "the question and shared data handed to another organisation",
    "handovers.HandoverEvent": "the history of a handover, with reasons",
    "cases.Referral": "who a partner sent in, with the reason, arrears and how to reach them",
    "cases.ReferralEvent": "what became of a person's referral: taken up, closed, answered",
    "handovers.WarmCall": "the call with the receiver about the person",
    "handovers.ColleagueQuestion": "a question to a colleague about the case",
    "teamwork.Invitation": "which team is asked to join a person's case",
    "teamwork.Member": "who works on a person's case",
    "teamwork.Action": "the plan: who does what for the person, by when",
    "teamwork.TeamNote": "the team's conversation about the person",
    "teamwork.Breakthrough": "a case put to the breakthrough table, with its situation",
    "outcomes.NeedOutcome": "what came of each need of a person's case",
    "outcomes.Verdict": "whether the person says they were helped, in their own words",
    "appointments.Appointment": "who comes to which desk when, about which question",
    "appointments.CallbackRequest": "who asked to be called back, on which number",
    "documents.Document": "documents the person sent in (encrypted)",
    "notifications.Message": "recipient, contact details and content (encrypted) of a message",
    "notifications.DeliveryAttempt": "when a message to the person was tried, and the error",
    "notifications.PortalMessage": "a message in the person's Mijn overzicht",
    "notifications.Letter": "a letter to the person, as a PDF",
    "notifications.CallTask": "what a worker must tell the person by phone or at the desk",
    "audit.ProcessingLogEntry": "who processed which (pseudonymised) person's data, and why",
    "audit.AuditEntry": "what a worker did, on whose behalf",
}

# model label -> why it is linked to a guarded model yet holds no personal data
EXEMPT = {
    "signals.SignalReport": (
        "where a law, rule or system blocked help, checked on entry to hold no personal data; "
        "its link to the case or breakthrough is never shown and is set to null when the case "
        "goes (docs/signals.md)"
    ),
}


def problems(models=None) -> list[str]:
    """Say what is wrong with the declaration: a guarded model without a guarded default
    manager, a model linked to a guarded one that is neither guarded nor exempted, or a label
    that names no installed model. ``models``: check these only (a test's own models)."""
    installed = models is None
    models = list(apps.get_models() if installed else models)
    found = []
    for model in models:
        label = model._meta.label
        if label in GUARDED and not issubclass(
            model._default_manager._queryset_class, GuardedQuerySet
        ):
            found.append(f"{label} is declared guarded but its default manager is not")
        if label in GUARDED or label in EXEMPT:
            continue
        linked = sorted(
            {
                field.related_model._meta.label
                for field in model._meta.get_fields()
                if field.is_relation
                and field.concrete
                and field.related_model is not None
                and field.related_model._meta.label in GUARDED
            }
        )
        if linked:
            found.append(
                f"{label} refers to {', '.join(linked)}: add it to access.guarded.GUARDED "
                "(and give it a GuardedManager), or to EXEMPT with the reason"
            )
    if installed:
        labels = {model._meta.label for model in models}
        found += [f"{label} is declared but not installed" for label in GUARDED.keys() - labels]
        found += [f"{label} is exempted but not installed" for label in EXEMPT.keys() - labels]
    return found


@checks.register(checks.Tags.models)
def check_guarded_models(app_configs=None, **kwargs):
    """System check access.E001: every model with personal data is guarded (see the module)."""
    return [checks.Error(problem, id="access.E001") for problem in problems()]
