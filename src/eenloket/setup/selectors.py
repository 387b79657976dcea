"""Reads for the set-up screens: what an application manager sets up (no personal data of
citizens: organisations, teams, direct lines, desks, breakthrough tables, statutory bases and
worker accounts). Every read asks ``may_set_up`` first and answers "not found" otherwise."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q

from eenloket.access import capabilities, direct_lines
from eenloket.accounts.models import Membership, User
from eenloket.audit import register
from eenloket.audit.models import LegalBasis, ProcessingActivityVersion
from eenloket.cases import services as cases
from eenloket.consent.categories import CATEGORIES, category_label
from eenloket.consent.models import StatutoryBasis
from eenloket.core import clock, legal_sources
from eenloket.core.actor import Actor
from eenloket.core.errors import NotFoundOrForbidden
from eenloket.directory.models import ContactPoint, Location, Organisation, Schedule, Team
from eenloket.handovers import services as handovers
from eenloket.teamwork import services as teamwork
from eenloket.teamwork.models import BreakthroughTable

# The teams a direct line is shown to, with their organisation: one query, however many.
_SEEN_BY_TEAMS = Prefetch("visible_to_teams", queryset=Team.objects.select_related("organisation"))


def _require(actor: Actor) -> None:
    if not capabilities.may_set_up(actor):
        raise NotFoundOrForbidden()


def _one(queryset, pk):
    try:
        return queryset.get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise NotFoundOrForbidden() from None


def organisations(*, actor: Actor) -> list[Organisation]:
    """Every organisation with its teams and how many direct lines, desks and workers it has
    (2 queries)."""
    _require(actor)
    return list(
        Organisation.objects.annotate(
            line_count=Count("teams__contact_points", distinct=True),
            worker_count=Count("memberships__user", distinct=True),
        )
        .prefetch_related(Prefetch("teams", queryset=Team.objects.order_by("name")))
        .order_by("name")
    )


def organisation(*, actor: Actor, organisation_id) -> Organisation:
    """One organisation with its teams and their direct lines, its desks with their
    appointment settings, its statutory bases and its workers' memberships."""
    _require(actor)
    found = _one(
        Organisation.objects.prefetch_related(
            Prefetch(
                "teams",
                queryset=Team.objects.order_by("name").prefetch_related(
                    Prefetch(
                        "contact_points",
                        queryset=ContactPoint.objects.select_related("coordinator")
                        .prefetch_related("visible_to_organisations", _SEEN_BY_TEAMS)
                        .order_by("name"),
                    )
                ),
            ),
            Prefetch(
                "locations",
                queryset=Location.objects.filter(location_type=Location.Type.PHYSICAL)
                .select_related("appointment_setting")
                .order_by("name"),
            ),
            Prefetch("statutory_bases", queryset=StatutoryBasis.objects.order_by("-valid_from")),
            Prefetch(
                "memberships",
                queryset=Membership.objects.select_related("user", "team").order_by(
                    "user__display_name", "user__username"
                ),
            ),
        ),
        organisation_id,
    )
    for basis in found.statutory_bases.all():
        basis.labels = [category_label(key) for key in basis.categories]
    return found


def team(*, actor: Actor, team_id) -> Team:
    _require(actor)
    return _one(Team.objects.select_related("organisation"), team_id)


def contact_point(*, actor: Actor, contact_point_id) -> ContactPoint:
    _require(actor)
    return _one(
        ContactPoint.objects.select_related("team__organisation", "coordinator").prefetch_related(
            Prefetch("schedules", queryset=Schedule.objects.order_by("byday", "opens_at")),
            "visible_to_organisations",
            _SEEN_BY_TEAMS,
        ),
        contact_point_id,
    )


def teams_by_organisation(*, actor: Actor) -> list[Team]:
    """Every team with its organisation, by organisation and name (one query): whom a direct
    line can be shown to."""
    _require(actor)
    return list(Team.objects.select_related("organisation").order_by("organisation__name", "name"))


@dataclass(frozen=True)
class SeenBy:
    """One organisation in a visibility preview: all its teams, or the ones named."""

    organisation: str
    teams: tuple[str, ...]
    whole: bool


@dataclass(frozen=True)
class VisibilityPreview:
    gains: list[SeenBy]
    loses: list[SeenBy]
    sees: list[SeenBy]


def _group(teams: list[Team], all_teams: list[Team]) -> list[SeenBy]:
    per_organisation: dict[object, list[Team]] = {}
    for team_ in teams:
        per_organisation.setdefault(team_.organisation_id, []).append(team_)
    count = Counter(team_.organisation_id for team_ in all_teams)
    return [
        SeenBy(
            organisation=members[0].organisation.name,
            teams=tuple(team_.name for team_ in members),
            whole=len(members) == count[organisation_id],
        )
        for organisation_id, members in per_organisation.items()
    ]


def line_visibility_preview(
    *, actor: Actor, contact_point: ContactPoint, visibility: str, organisations, teams
) -> VisibilityPreview:
    """Which teams will newly see the line, which will no longer see it, and who sees it
    after the change, decided by the policy point's own rule (``access.direct_lines``).
    Three queries (the line's current setting, every team)."""
    _require(actor)
    before = direct_lines.audience_of(contact_point)
    after = direct_lines.Audience(
        visibility=visibility,
        owner_organisation_id=contact_point.team.organisation_id,
        organisation_ids=frozenset(o.pk for o in organisations),
        team_ids=frozenset(t.pk for t in teams),
    )
    all_teams = teams_by_organisation(actor=actor)
    seen_before = {t.pk for t in direct_lines.teams_that_see(before, all_teams)}
    seen_after = direct_lines.teams_that_see(after, all_teams)
    seen_after_ids = {t.pk for t in seen_after}
    return VisibilityPreview(
        gains=_group([t for t in seen_after if t.pk not in seen_before], all_teams),
        loses=_group(
            [t for t in all_teams if t.pk in seen_before and t.pk not in seen_after_ids],
            all_teams,
        ),
        sees=_group(seen_after, all_teams),
    )


def desk(*, actor: Actor, location_id) -> Location:
    """A walk-in desk (a physical location) with its address, hours and appointment setting."""
    _require(actor)
    return _one(
        Location.objects.filter(location_type=Location.Type.PHYSICAL)
        .select_related("organisation", "appointment_setting")
        .prefetch_related(
            "addresses",
            Prefetch("schedules", queryset=Schedule.objects.order_by("byday", "opens_at")),
        ),
        location_id,
    )


def workers(*, actor: Actor) -> list[User]:
    """Every worker account with its memberships (2 queries)."""
    _require(actor)
    return list(
        User.objects.filter(is_demo=False)
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=Membership.objects.select_related("organisation", "team"),
            )
        )
        .order_by("display_name", "username")
    )


def worker(*, actor: Actor, user_id) -> User:
    _require(actor)
    return _one(
        User.objects.prefetch_related(
            Prefetch(
                "memberships",
                queryset=Membership.objects.select_related("organisation", "team"),
            )
        ),
        user_id,
    )


def membership(*, actor: Actor, membership_id) -> Membership:
    _require(actor)
    return _one(Membership.objects.select_related("user", "organisation", "team"), membership_id)


def worker_choices(*, actor: Actor, organisation=None) -> list[User]:
    """Active worker accounts (of one organisation, when given) to choose from."""
    _require(actor)
    users = User.objects.filter(is_active=True)
    if organisation is not None:
        users = users.filter(memberships__organisation=organisation)
    return list(users.distinct().order_by("display_name", "username"))


def tables(*, actor: Actor) -> list[BreakthroughTable]:
    """Every breakthrough table with who sits at it and for which organisation (2 queries)."""
    _require(actor)
    return list(
        BreakthroughTable.objects.prefetch_related(
            Prefetch(
                "members",
                queryset=User.objects.prefetch_related(
                    Prefetch(
                        "memberships", queryset=Membership.objects.select_related("organisation")
                    )
                ).order_by("display_name", "username"),
            )
        ).order_by("name")
    )


@dataclass(frozen=True)
class BasisPreview:
    """What a statutory basis would change: who sees what, from when, and what is new."""

    organisation: Organisation
    teams: list[str]
    categories: list[tuple[str, str]]  # (key, label) the basis covers
    new_categories: list[str]  # labels not covered by a basis in force on ``valid_from``
    purpose: str
    legal_reference: str
    source_url: str
    valid_from: dt.date
    valid_until: dt.date | None
    starts_today: bool
    confirmed: bool = False  # read on an official page (core/legal_sources)


def basis_preview(
    *,
    actor: Actor,
    organisation: Organisation,
    categories,
    purpose: str,
    legal_reference: str,
    source_url: str,
    valid_from: dt.date,
    valid_until: dt.date | None,
    confirmed_by: str = "",
    confirmed_on: dt.date | None = None,
) -> BasisPreview:
    """Say, before saving, what a new statutory basis lets the organisation's teams see."""
    _require(actor)
    bases = StatutoryBasis.objects.filter(
        recipient=organisation, valid_from__lte=valid_from
    ).exclude(valid_until__lt=valid_from)
    covered = {key for basis in bases for key in basis.categories}
    chosen = [key for key in CATEGORIES if key in set(categories)]
    return BasisPreview(
        organisation=organisation,
        teams=list(organisation.teams.order_by("name").values_list("name", flat=True)),
        categories=[(key, str(CATEGORIES[key].label)) for key in chosen],
        new_categories=[str(CATEGORIES[key].label) for key in chosen if key not in covered],
        purpose=purpose,
        legal_reference=legal_reference,
        source_url=source_url,
        valid_from=valid_from,
        valid_until=valid_until,
        starts_today=valid_from <= clock.today(),
        confirmed=bool(confirmed_by.strip()) and confirmed_on is not None,
    )


def membership_choices(*, actor: Actor) -> dict:
    """The organisations and teams a membership can name (2 queries)."""
    _require(actor)
    return {
        "organisations": list(Organisation.objects.order_by("name")),
        "teams": list(
            Team.objects.select_related("organisation").order_by("organisation__name", "name")
        ),
    }


def table(*, actor: Actor, table_id) -> BreakthroughTable:
    _require(actor)
    return _one(BreakthroughTable.objects.prefetch_related("members"), table_id)


def basis(*, actor: Actor, basis_id) -> StatutoryBasis:
    """One statutory basis, with the labels of its categories and its organisation's teams."""
    _require(actor)
    found = _one(StatutoryBasis.objects.select_related("recipient"), basis_id)
    found.labels = [category_label(key) for key in found.categories]
    found.team_names = list(found.recipient.teams.order_by("name").values_list("name", flat=True))
    return found


@dataclass(frozen=True)
class OpenWork:
    """What a leaving worker still holds (decision 0048): counts only, no citizen data."""

    cases: int
    handovers: int
    actions: int
    case_teams: int

    @property
    def any(self) -> bool:
        return bool(self.cases or self.handovers or self.actions or self.case_teams)


def open_work(*, actor: Actor, user: User, team: Team | None = None) -> OpenWork:
    """The open cases the worker coordinates, the handovers and open plan actions they hold,
    and the open cases' teams they are on (4 queries); with ``team``, only what they hold
    for that team (a worker leaving one team)."""
    _require(actor)
    actions, case_teams = teamwork.work_held(user, team)
    return OpenWork(
        cases=cases.coordinated_count(user, team),
        handovers=handovers.held_count(user, team),
        actions=actions,
        case_teams=case_teams,
    )


def _current(prefix: str = "") -> Q:
    today = clock.today()
    return Q(**{f"{prefix}valid_from__lte": today}) & (
        Q(**{f"{prefix}valid_until__isnull": True}) | Q(**{f"{prefix}valid_until__gte": today})
    )


def colleagues(*, actor: Actor, user: User) -> tuple[list[User], User | None]:
    """Who may take over a leaving worker's work: active workers with a current case-work
    membership of an organisation the worker works for now; and the one suggested first, the
    coordinator of the worker's team (2 queries)."""
    _require(actor)
    mine = list(
        Membership.objects.filter(_current(), user=user).values_list("organisation_id", "team_id")
    )
    candidates = (
        Membership.objects.filter(
            _current(),
            organisation_id__in={org for org, _team in mine},
            role__in=capabilities.TAKES_OVER_WORK,
            user__is_active=True,
        )
        .exclude(user=user)
        .select_related("user")
        .order_by("user__display_name", "user__username")
    )
    found: dict[int, User] = {}
    suggested = None
    teams = {team for _org, team in mine if team}
    for membership in candidates:
        found.setdefault(membership.user_id, membership.user)
        if (
            suggested is None
            and capabilities.suggested_to_take_over(membership)
            and membership.team_id in teams
        ):
            suggested = membership.user
    return list(found.values()), suggested


@dataclass(frozen=True)
class RegisterEntry:
    """One entry of the register of processing activities as the set-up screen shows it."""

    definition: register.ActivityDefinition
    basis: str
    sources: list[dict]  # core/legal_sources.py, each with ``confirmed``
    stored_version: int | None  # the version in force, None before `eenloket audit register`


def register_entries(*, actor: Actor) -> list[RegisterEntry]:
    """The register: every activity with its legal basis, its citations (confirmed or not)
    and the version in force (1 query)."""
    _require(actor)
    latest: dict[str, int] = {}
    for key, version in ProcessingActivityVersion.objects.order_by(
        "activity__key", "-version"
    ).values_list("activity__key", "version"):
        latest.setdefault(key, version)
    return [
        RegisterEntry(
            definition=definition,
            basis=str(LegalBasis(definition.legal_basis).label),
            sources=legal_sources.describe(definition.legal_sources),
            stored_version=latest.get(definition.key),
        )
        for definition in register.ACTIVITIES
    ]


def retention_sources(*, actor: Actor) -> list[dict]:
    _require(actor)
    return legal_sources.describe(register.RETENTION_SOURCES)


def team_colleagues(*, actor: Actor, membership: Membership) -> tuple[list[User], User | None]:
    """Who may take over the work of a worker who leaves one team (decision 0053): active
    workers with a current case-work membership of that same team; the team's coordinator is
    suggested first (1 query)."""
    _require(actor)
    if membership.team_id is None:
        return [], None
    candidates = (
        Membership.objects.filter(
            _current(),
            team_id=membership.team_id,
            role__in=capabilities.TAKES_OVER_WORK,
            user__is_active=True,
        )
        .exclude(user=membership.user_id)
        .select_related("user")
        .order_by("user__display_name", "user__username")
    )
    found: dict[int, User] = {}
    suggested = None
    for row in candidates:
        found.setdefault(row.user_id, row.user)
        if suggested is None and capabilities.suggested_to_take_over(row):
            suggested = row.user
    return list(found.values()), suggested


def stays_in_team(*, actor: Actor, membership: Membership) -> bool:
    """Tell whether the worker keeps another membership of the same team that has not ended
    (then ending this one moves no work)."""
    _require(actor)
    return (
        Membership.objects.filter(user=membership.user_id, team_id=membership.team_id)
        .exclude(pk=membership.pk)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=clock.today()))
        .exists()
    )
