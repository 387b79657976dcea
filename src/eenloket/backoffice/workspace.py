"""The worker's case workspace (#25): what a worker sees at a glance, the sections, and the
ONE place that decides which actions the workspace offers.

``allowed_actions`` asks the case's state machine (``cases/states.py``, the table every status
change goes through; core/states.py) and what the policy point released (``disclosure``);
templates and views only ever ask this function.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from eenloket.access import capabilities
from eenloket.cases.models import CaseStatus
from eenloket.cases.states import MACHINE
from eenloket.core import clock

# The workspace's sections, each reachable from the section bar without scrolling past the
# others (``?deel=<key>``; with htmx only the section is swapped).
SECTIONS = {
    "dossier": _("Dossier"),
    "team": _("Team and plan"),
    "overdrachten": _("Handovers"),
    "gids": _("Guide and applications"),
    "tijdlijn": _("Contacts and timeline"),
    "privacy": _("Privacy"),
}
DEFAULT_SECTION = "dossier"
CONSENT_EXPIRING_DAYS = 14


def section_of(request) -> str:
    chosen = request.GET.get("deel", DEFAULT_SECTION)
    return chosen if chosen in SECTIONS else DEFAULT_SECTION


def to_section(case_id, section: str):
    """Back to the workspace, at the section where the change shows."""
    url = reverse("backoffice:case_detail", args=[case_id])
    return redirect(f"{url}?deel={section}" if section != DEFAULT_SECTION else url)


def _may(case, action: str) -> bool:
    return MACHINE.allows(case.status, action)


def allowed_actions(*, case, actor, disclosure) -> frozenset[str]:
    """Which actions the workspace offers now: by the case's state and by what the actor's
    organisation may see. (The services check again; this only decides what is offered.)"""
    sees = set(disclosure.bases)
    notes = "case_notes" in sees
    not_closed = case.status != CaseStatus.CLOSED
    is_coordinator = case.coordinator_id == getattr(actor.user, "pk", None)
    offered = {
        "record_contact": not_closed,
        "add_note": True,
        "write_citizen": "contact" in sees and not_closed,
        "edit": notes and not_closed,
        "pick_up": notes and not_closed and not is_coordinator,
        "hand_over": notes and case.status == CaseStatus.OPEN,
        "ask_colleague": not_closed,
        "invite": not_closed,
        "plan": not_closed,
        "breakthrough": is_coordinator and case.status == CaseStatus.OPEN,
        "hold": notes and _may(case, "hold"),
        "resume": notes and _may(case, "resume"),
        "close": notes and _may(case, "close"),
        "confirm_summary": notes and bool(case.summary) and case.summary_state == "draft",
        "household": "household" in sees and not_closed,
        "representative": "contact" in sees and not_closed,
        "person_edit": "contact" in sees and "identity" in sees,
        "merge": capabilities.has(actor, capabilities.MERGE_PERSONS) and disclosure.full,
        "add_fact": not_closed,
        "guide": notes,
        "applications": notes,
        "assessment": notes and "health" in sees,
        "entitlements": False,  # set by the view: the owning organisation only
        "overview_letter": False,  # idem
        "consent": disclosure.full,
    }
    return frozenset(key for key, yes in offered.items() if yes)


@dataclass
class Glance:
    """What the workspace header always shows."""

    support_level: str = ""
    warnings: list[str] = field(default_factory=list)


def glance(*, case, handovers, consents, support_level: str) -> Glance:
    """The warnings a worker must see first: a next step past its date, a handover past its
    service level, a consent that ends soon."""
    warnings = []
    today = clock.today()
    if case.status == CaseStatus.OPEN and case.is_overdue:
        warnings.append(
            _("The next step was due on %(date)s.")
            % {"date": case.next_step_due.strftime("%d-%m-%Y")}
        )
    late = [h for h in handovers if getattr(h, "overdue", False)]
    if late:
        warnings.append(
            _("A handover is late: %(lines)s.")
            % {"lines": ", ".join(h.contact_point.name for h in late)}
        )
    soon = today + dt.timedelta(days=CONSENT_EXPIRING_DAYS)
    for consent in consents:
        if (
            consent.state == "given"
            and consent.valid_until
            and today <= consent.valid_until <= soon
        ):
            warnings.append(
                _("The consent for %(org)s ends on %(date)s.")
                % {"org": consent.recipient_name, "date": consent.valid_until.strftime("%d-%m-%Y")}
            )
    return Glance(support_level=support_level, warnings=[str(w) for w in warnings])
