"""Reads of the directory, always given the actor.

The public part (organisations, schemes, locations, life events) is open to anyone; direct
lines only for the workers the policy point lets see them (``access/direct_lines.py``,
decision 0053): for anyone else they do not exist (NotFoundOrForbidden).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple
from uuid import UUID

from django.db.models import Prefetch, QuerySet

from eenloket.access import direct_lines
from eenloket.core.actor import Actor
from eenloket.core.errors import NotFoundOrForbidden
from eenloket.directory import search as search_engine
from eenloket.directory.models import (
    ChangeRecord,
    ContactPoint,
    LifeEvent,
    LifeEventTask,
    Location,
    Municipality,
    Need,
    Organisation,
    SearchSynonym,
    Service,
    Team,
)
from eenloket.directory.search import Filters, Hit


def can_see_direct_lines(actor: Actor) -> bool:
    """Tell whether the actor may see direct lines at all (which ones: ``visible_lines``)."""
    return direct_lines.may_see_direct_lines(actor)


def visible_lines(actor: Actor) -> QuerySet[ContactPoint]:
    """The direct lines the actor sees, as a filter (the policy point's one rule)."""
    return direct_lines.visible_contact_points(actor)


def _uuid(value) -> UUID:
    try:
        return UUID(str(value))
    except ValueError:
        raise NotFoundOrForbidden() from None


@dataclass
class SearchResults:
    text: str
    filters: Filters
    hits: list[Hit] = field(default_factory=list)

    @property
    def schemes(self):
        return [h for h in self.hits if h.document.kind in ("scheme", "service")]

    @property
    def organisations(self):
        return [h for h in self.hits if h.document.kind == "organisation"]

    @property
    def contact_points(self):
        return [h for h in self.hits if h.document.kind == "contact_point"]


def search(
    *, actor: Actor, text: str, filters: Filters, limit: int = search_engine.DEFAULT_LIMIT
) -> SearchResults:
    """Search schemes, organisations and (for workers) direct lines, best first.

    Runs a fixed number of queries (four; three when nothing matches) whatever the number of
    results: the lines the actor may not see are left out inside those queries.
    """
    private = visible_lines(actor).values("pk") if can_see_direct_lines(actor) else None
    hits = search_engine.run(text[:300], filters=filters, visible_lines=private, limit=limit)
    return SearchResults(text=text, filters=filters, hits=hits)


def filter_options() -> dict[str, list]:
    """Return the choices for the search filters (three queries)."""
    return {
        "life_events": list(LifeEvent.objects.only("key", "name", "name_en")),
        "needs": list(Need.objects.only("key", "name", "name_en")),
        "municipalities": list(Municipality.objects.all()),
        "organisation_kinds": list(Organisation.Kind.choices),
    }


def _locations() -> QuerySet[Location]:
    return Location.objects.prefetch_related("addresses", "accessibility", "schedules")


def scheme_detail(*, actor: Actor, service_id) -> Service:
    """Return a service (with its scheme part, if any) and everything its page shows."""
    contact_points = visible_lines(actor).select_related("team__organisation")
    service = (
        Service.objects.select_related("organisation", "scheme")
        .prefetch_related(
            "life_events",
            "needs",
            "service_areas__municipality",
            "phones",
            Prefetch("at_locations__location", queryset=_locations()),
            Prefetch("scheme__contact_points", queryset=contact_points),
            Prefetch(
                "scheme__life_event_tasks",
                queryset=LifeEventTask.objects.select_related("life_event"),
            ),
        )
        .filter(pk=_uuid(service_id))
        .first()
    )
    if service is None:
        raise NotFoundOrForbidden()
    return service


def organisation_detail(*, actor: Actor, organisation_id) -> Organisation:
    """Return an organisation with its services, locations, phones and identifiers, and (for
    workers) its teams' direct lines."""
    contact_points = visible_lines(actor)
    organisation = (
        Organisation.objects.select_related("municipality")
        .prefetch_related(
            Prefetch("services", queryset=Service.objects.select_related("scheme")),
            Prefetch("locations", queryset=_locations()),
            "phones",
            "identifiers",
            Prefetch("teams__contact_points", queryset=contact_points),
        )
        .filter(pk=_uuid(organisation_id))
        .first()
    )
    if organisation is None:
        raise NotFoundOrForbidden()
    return organisation


def contact_point_detail(*, actor: Actor, contact_point_id) -> ContactPoint:
    """Return a direct line the actor may see; for anyone else it does not exist."""
    if not can_see_direct_lines(actor):
        raise NotFoundOrForbidden()
    point = (
        visible_lines(actor)
        .select_related("team__organisation", "coordinator")
        .prefetch_related("needs", "regions", "schedules", "schemes__service")
        .filter(pk=_uuid(contact_point_id))
        .first()
    )
    if point is None:
        raise NotFoundOrForbidden()
    return point


def life_event_detail(*, actor: Actor, key: str) -> LifeEvent:
    """Return a life event with what usually needs arranging, in order."""
    life_event = (
        LifeEvent.objects.prefetch_related(
            Prefetch(
                "tasks",
                queryset=LifeEventTask.objects.select_related(
                    "organisation", "scheme__service"
                ).order_by("position"),
            )
        )
        .filter(key=key)
        .first()
    )
    if life_event is None:
        raise NotFoundOrForbidden()
    return life_event


def change_history(*, actor: Actor, resource_id, limit: int = 50) -> list[ChangeRecord]:
    """Return the latest field changes of one directory row, newest first."""
    return list(
        ChangeRecord.objects.filter(resource_id=_uuid(resource_id)).order_by(
            "-last_action_date", "-id"
        )[:limit]
    )


def synonyms(*, actor: Actor) -> list[SearchSynonym]:
    return list(SearchSynonym.objects.all())


def synonym_by_id(*, actor: Actor, synonym_id) -> SearchSynonym | None:
    try:
        synonym_id = UUID(str(synonym_id))
    except ValueError:
        return None
    return SearchSynonym.objects.filter(pk=synonym_id).first()


def organisation_by_name(*, name: str) -> Organisation | None:
    return Organisation.objects.filter(name=name).first()


def reference_present() -> bool:
    """Tell whether the reference content has been loaded (its vocabularies are there)."""
    return Need.objects.exists() and LifeEvent.objects.exists()


def organisations_for_choice() -> list[Organisation]:
    """Every organisation, by name, to choose from (e.g. who may receive a consent)."""
    return list(Organisation.objects.order_by("name").only("pk", "name"))


def organisation(organisation_id) -> Organisation | None:
    try:
        return Organisation.objects.filter(pk=_uuid(organisation_id)).first()
    except NotFoundOrForbidden:
        return None


class TeamChoice(NamedTuple):
    id: UUID
    name: str
    organisation_id: UUID
    organisation_name: str


def teams_for_choice() -> list[TeamChoice]:
    """Every team's name and its organisation's, by organisation and name (e.g. who may receive
    a consent: a team, the narrow consent the law expects). Names only, no model objects: a
    country has hundreds of teams, and whole rows of them and their organisations cost more
    than the rest of the consent page together (docs/performance.md, seventh session)."""
    rows = Team.objects.order_by("organisation__name", "name").values_list(
        "id", "name", "organisation_id", "organisation__name"
    )
    return [TeamChoice(*row) for row in rows]


def team(team_id) -> Team | None:
    try:
        return Team.objects.select_related("organisation").filter(pk=_uuid(team_id)).first()
    except NotFoundOrForbidden:
        return None
