"""A worker's access to cases: which cases their team sees (nobody browses), one case with
what they may see of it (``disclosure.py``), and the consents and bases of a case they manage
with the citizen. Every read, allowed or refused, is logged here. Missing and forbidden give
the same answer (``NotFoundOrForbidden``)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from uuid import UUID

from django.db.models import F, Q, QuerySet

from eenloket.access import capabilities
from eenloket.access._common import refuse
from eenloket.access.break_glass import active_break_glass, break_glass_bases
from eenloket.access.disclosure import (
    LIST_CATEGORIES,
    Disclosure,
    case_notes_visible,
    disclosure_for,
    disclosure_for_organisation,
)
from eenloket.access.release import release
from eenloket.applications.models import Application, ApplicationState
from eenloket.audit import processing
from eenloket.cases.models import Case, CaseTeam
from eenloket.consent.models import Consent, StatutoryBasis
from eenloket.core import clock
from eenloket.core.actor import Actor
from eenloket.core.errors import NotFoundOrForbidden
from eenloket.core.queries import InSubquery


def visible_cases(actor: Actor) -> QuerySet[Case]:
    """Return, as a filter, the cases the actor may see: owned by or worked on by their team.

    This does not log: use it to compose queries and count. Showing cases goes through
    ``read_cases`` or ``case_for``, which log.
    """
    team_id = capabilities.casework_team_id(actor)
    if team_id is None:
        return release(Case).none()
    # The (small) set of linked cases is computed once, before the scan, so that both sides
    # of the OR are index scans and the time grows with the team, not the country: with a plain
    # ``id IN (subquery)`` PostgreSQL tested every case against a hashed subplan
    # (core/queries.py, docs/performance.md).
    works_on = release(CaseTeam).filter(team_id=team_id, ended_at__isnull=True).values("case_id")
    return release(Case).filter(Q(owning_team_id=team_id) | Q(InSubquery(F("pk"), works_on)))


def read_cases(
    actor: Actor,
    *,
    activity: str,
    shape: Callable[[QuerySet[Case]], QuerySet[Case]] = lambda cases: cases,
) -> list[Case]:
    """Return the visible cases, filtered, ordered and sliced by ``shape``, and log the read.

    Each case gets ``notes_visible``: whether the actor may see its question (category
    "case_notes"), which another team sees only on a basis; and ``next_step_visible``: the
    next step is the owning team's own text, which says nothing of what it is about, so a list
    shows it to the owning team only (decision 0039). One processing-log line per person
    shown; two more queries when partner cases are listed.
    """
    cases = list(shape(visible_cases(actor).select_related("person")))
    if not cases:
        return cases
    with_notes = case_notes_visible(actor, cases)
    for case in cases:
        case.notes_visible = case.pk in with_notes
        case.next_step_visible = case.owning_team_id == actor.membership.team_id
    processing.record(
        activity=activity,
        actor=actor,
        subject_ids=[case.person_id for case in cases],
        categories=("name", "case_notes") if with_notes else LIST_CATEGORIES,
        status=processing.STATUS_OK,
        object_type="case_list",
    )
    return cases


# What a case read through case_for brings along: who it is about, who owns and coordinates it.
CASE_WITH = ("person", "owning_team__organisation", "coordinator")


def case_for(
    actor: Actor,
    case_id: UUID | str,
    *,
    activity: str = processing.CASE_VIEW,
    needs: Iterable[str] = (),
    shows: Iterable[str] | None = None,
    log: bool = True,
) -> Case:
    """Return the case when the actor may see it, logging the read; else NotFoundOrForbidden.

    The case carries its ``disclosure``. ``needs`` names categories the caller will show or
    use (a form with the person's contact details needs "contact"): without a basis for each,
    the attempt is refused and logged. ``shows`` names what the caller shows, for the log
    (default: the name, and the needed categories); ``log=False`` leaves the log line of a
    successful read to the caller, who shows a single item. A refused attempt on a case that
    exists is logged too (status error, with the reason), so the citizen can see it.
    """
    needs = tuple(needs)
    try:
        case_id = UUID(str(case_id))
    except ValueError:
        raise NotFoundOrForbidden() from None
    try:
        # The coordinator too: every case page's header names them.
        case = visible_cases(actor).select_related(*CASE_WITH).get(pk=case_id)
        disclosure = disclosure_for(actor, case)
    except Case.DoesNotExist:
        case = None
    if case is None or not disclosure.full:
        glass = active_break_glass(actor, case_id)
        if glass is not None:
            case = release(Case).select_related(*CASE_WITH).get(pk=case_id)
            given = disclosure_for_organisation(case, actor.membership.organisation_id)
            disclosure = Disclosure(
                "break_glass",
                break_glass_bases(given.bases, case, glass.reason_code),
                given.items,
            )
    if case is None:
        refused = release(Case).filter(pk=case_id).values_list("person_id", flat=True).first()
        if refused is not None:
            refuse(
                actor, activity, refused, ("name", *needs), "no_relation_to_case", "case", case_id
            )
        raise NotFoundOrForbidden() from None
    missing = [category for category in needs if not disclosure.allows(category)]
    if missing:
        refuse(actor, activity, case.person_id, missing, "no_basis_for_category", "case", case.pk)
        raise NotFoundOrForbidden() from None
    case.disclosure = disclosure
    if not log:  # the caller logs what it shows itself (a single item)
        return case
    shown = sorted({"name", *needs, *(shows or ())} & set(disclosure.bases))
    processing.record(
        activity=activity,
        actor=actor,
        subject_ids=[case.person_id],
        categories=shown,
        status=processing.STATUS_OK,
        object_type="case",
        object_id=case.pk,
        bases=disclosure.log_bases(shown),
    )
    return case


OWNER_ONLY = "owner_only"


def case_for_owner(
    actor: Actor, case_id: UUID | str, *, activity: str = processing.CASE_VIEW
) -> Case:
    """Return the case for a page that is the owning team's alone (the entitlement check, the
    overview letter; another team of its organisation is a partner, decision 0039), logging the
    read; a partner on the case, or anyone else, gets
    NotFoundOrForbidden, and an attempt on a case that exists is logged as refused
    ("owner_only"). Found by the authorisation matrix (#26): these refusals were made in the
    views, after the read was released, and left no refused line."""
    case = case_for(actor, case_id, activity=activity, log=False)
    if case.disclosure.relation != "owner":
        refuse(actor, activity, case.person_id, ("name",), OWNER_ONLY, "case", case.pk)
        raise NotFoundOrForbidden()
    processing.record(
        activity=activity,
        actor=actor,
        subject_ids=[case.person_id],
        categories=["name"],
        status=processing.STATUS_OK,
        object_type="case",
        object_id=case.pk,
        bases=case.disclosure.log_bases(["name"]),
    )
    return case


def case_for_consent(actor: Actor, case_id) -> Case:
    """Return a case whose consents the actor may manage with the citizen: the owning team (or
    break-glass). A partner, also of the owning organisation, gets NotFoundOrForbidden
    (logged)."""
    case = case_for(actor, case_id, needs=("contact",))
    if not case.disclosure.full:
        refuse(
            actor, processing.CASE_VIEW, case.person_id, ["contact"], "not_owner", "case", case.pk
        )
        raise NotFoundOrForbidden()
    return case


def consents_of(case: Case) -> list[Consent]:
    """The consents of a case's person (the case was released by ``case_for_consent``)."""
    return list(
        release(Consent)
        .filter(person_id=case.person_id)
        .select_related(
            "recipient", "recipient_team", "representation__representative", "receipt_message"
        )
        .order_by("-created_at")
    )


def statutory_bases_for_case(case: Case) -> list[StatutoryBasis]:
    """The statutory bases of the organisations that work on the case now."""
    organisations = (
        release(CaseTeam).filter(case=case, ended_at__isnull=True).values("team__organisation_id")
    )
    today = clock.today()
    return list(
        StatutoryBasis.objects.filter(recipient_id__in=organisations, valid_from__lte=today)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))
        .select_related("recipient")
    )


def overdue_applications(actor: Actor, limit: int = 50) -> list[Application]:
    """Waiting applications past their expected decision date, of cases the actor's team sees
    and that it owns (an application is the owning team's to chase); logged like a worklist."""
    if not capabilities.does_casework(actor):
        return []
    overdue = list(
        release(Application)
        .filter(
            state=ApplicationState.WAITING,
            due_on__lt=clock.today(),
            case__in=visible_cases(actor),
            case__owning_team_id=actor.membership.team_id,
        )
        .select_related("organisation", "case__person")
        .order_by("due_on")[:limit]
    )
    if overdue:
        processing.record(
            activity=processing.CASE_WORKLIST,
            actor=actor,
            subject_ids=[a.case.person_id for a in overdue],
            categories=("name", "case_notes"),
            status=processing.STATUS_OK,
            object_type="overdue_applications",
        )
    return overdue
