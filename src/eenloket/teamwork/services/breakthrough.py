"""Writes for the breakthrough table: a case team asks the table to break through a rule that
blocks help, the table decides, and the table's members are kept (split from the team and plan
services when they passed the module size limit)."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction
from django.utils.translation import gettext as _

from eenloket.access import disclosure
from eenloket.access.disclosure import ABOUT_TEAM
from eenloket.audit import processing
from eenloket.core.actor import Actor
from eenloket.core.errors import DomainError
from eenloket.signals import services as signals
from eenloket.signals import text as signal_text
from eenloket.teamwork.models import Breakthrough, BreakthroughTable, Decision
from eenloket.teamwork.services import (
    BREAKTHROUGH_LIFE,
    _audit,
    _notify,
    action_add,
    is_coordinator,
)
from eenloket.teamwork.states import BREAKTHROUGH


@transaction.atomic
def breakthrough_submit(
    *,
    case,
    table: BreakthroughTable,
    question: str,
    blocker: str,
    proposal: str,
    regulation: str,
    organisation,
    effect: str,
    actor,
    kind: str = "law",
    suggested_fix: str = "",
) -> Breakthrough:
    """Put a stuck case to the table. Each organisation at the table gets only what the policy
    point releases to it (recorded); what blocks it also becomes a signal, without personal
    data (a BSN, a date, a postcode… in it is refused), routed to the organisation concerned
    and kept after the case is gone (signals/services.py)."""

    if not is_coordinator(case, actor):
        raise DomainError(_("Only the case's coordinator puts a case to the table."))
    for field, value, message in (
        ("question", question, _("Write the question.")),
        ("blocker", blocker, _("Say what blocks it.")),
        ("proposal", proposal, _("Propose the custom solution.")),
    ):
        if not value.strip():
            raise DomainError(message, field=field)
    if signal_text.has_personal_data(blocker):
        raise DomainError(
            _("Describe what blocks it without personal data: it is also kept as a signal."),
            field="blocker",
        )
    organisations = {
        m.organisation_id: m.organisation
        for user in table.members.all()
        for m in user.memberships.select_related("organisation")
        if m.is_current()
    }
    shared = {
        str(org.pk): sorted(disclosure.disclosure_for_organisation(case, org.pk).bases)
        for org in organisations.values()
    }
    breakthrough = Breakthrough.objects.create(
        case=case,
        table=table,
        question=question.strip(),
        blocker=blocker.strip(),
        proposal=proposal.strip(),
        shared=shared,
        submitted_by=actor.user,
    )
    signals.signal_report(
        regulation=regulation,
        kind=kind,
        organisation=organisation,
        what_happened=blocker,
        effect=effect,
        suggested_fix=suggested_fix,
        case=case,
        breakthrough=breakthrough,
        actor=actor,
    )
    _audit(actor, "breakthrough_submit", case, breakthrough=str(breakthrough.pk))
    for user in table.members.all():
        _notify(user, case, _("A case was put to the table %(table)s.") % {"table": table.name})
    return breakthrough


@transaction.atomic
def breakthrough_decide(
    *,
    breakthrough: Breakthrough,
    decision: str,
    reasons: str,
    actor: Actor,
    actions: Sequence[dict] = (),
) -> Breakthrough:
    """The table decides, with reasons; the follow-up actions go into the case's plan."""
    breakthrough = BREAKTHROUGH_LIFE.locked(breakthrough)
    user = actor.user
    if user is None or not breakthrough.table.members.filter(pk=user.pk).exists():
        raise DomainError(_("Only a member of the table decides."))
    BREAKTHROUGH.check(breakthrough.state, "decide")
    if decision not in Decision.values:
        raise DomainError(_("Choose the decision."), field="decision")
    if not reasons.strip():
        raise DomainError(_("Give the reasons."), field="reasons")
    breakthrough = BREAKTHROUGH_LIFE.transition(
        breakthrough,
        "decide",
        actor=actor,
        locked=True,
        changes={"decision": decision, "reasons": reasons.strip(), "decided_by": actor.user},
        detail={"decision": decision},
    )
    for spec in actions:
        # The table decides on the question without personal data (the blocker is checked for
        # it) and its decision is for everyone on the case: an arrangement (decision 0039).
        action_add(
            case=breakthrough.case,
            actor=actor,
            breakthrough=breakthrough,
            **({"about": ABOUT_TEAM} | spec),
        )
    _notify(
        breakthrough.case.coordinator,
        breakthrough.case,
        _("The table %(table)s decided on your case.") % {"table": breakthrough.table.name},
    )
    return breakthrough


@transaction.atomic
def table_create(*, name: str, members, actor: Actor) -> BreakthroughTable:
    """A breakthrough table: a named group of decision-makers (application managers and the
    system set them up)."""
    if not name.strip():
        raise DomainError(_("Give the table a name."), field="name")
    if BreakthroughTable.objects.filter(name=name.strip()).exists():
        raise DomainError(_("A table with this name already exists."), field="name")
    table = BreakthroughTable.objects.create(name=name.strip())
    table.members.set(members)
    processing.record_change(
        actor=actor,
        action="breakthrough_table_create",
        object_type="breakthrough_table",
        object_id=table.pk,
        changes={"members": sorted(str(m.pk) for m in members)},
    )
    return table


@transaction.atomic
def table_set_members(*, table: BreakthroughTable, members, actor: Actor) -> BreakthroughTable:
    """Change who sits at a breakthrough table (application managers and the system set it up);
    a member who leaves no longer sees the cases put to it."""
    members = list(members)
    if not members:
        raise DomainError(_("Choose at least one member."), field="members")
    table = BreakthroughTable.objects.select_for_update().get(pk=table.pk)
    before = sorted(str(m.pk) for m in table.members.all())
    after = sorted(str(m.pk) for m in members)
    if before == after:
        return table
    table.members.set(members)
    processing.record_change(
        actor=actor,
        action="breakthrough_table_members",
        object_type="breakthrough_table",
        object_id=table.pk,
        changes={"members": [before, after]},
    )
    return table
