"""/api/v1/directory/: the sociale kaart; direct lines only for a client that may see them,
and of those only the lines its team's organisation or team may see (decision 0053)."""

from __future__ import annotations

from uuid import UUID

from ninja import Query, Router

from eenloket.access import api as rules
from eenloket.api import selectors
from eenloket.api.v1.common import ERRORS, actor, next_id_cursor, scopes
from eenloket.api.v1.schemas import (
    ContactPointOut,
    ContactPointPage,
    OrganisationDetail,
    OrganisationOut,
    OrganisationPage,
    SearchText,
)
from eenloket.core.errors import NotFoundOrForbidden

CURSOR = Query(None, description="next_cursor of the page before.")

router = Router(tags=["directory"])


def _organisation(o) -> dict:
    return {
        "id": o.pk,
        "name": o.name,
        "kind": o.kind,
        "oin": o.oin,
        "website": o.website,
        "description": o.description,
    }


def _contact_point(p) -> dict:
    return {
        "id": p.pk,
        "name": p.name,
        "organisation": {"id": p.team.organisation_id, "name": p.team.organisation.name},
        "team": {"id": p.team_id, "name": p.team.name},
        "phone": p.phone,
        "email": p.email,
        "service_level_hours": p.service_level_hours,
        "capacity": p.capacity,
        "topics": p.topics,
    }


@router.get(
    "/organisations",
    response={200: OrganisationPage, **ERRORS},
    operation_id="directory_organisations",
    url_name="directory_organisations",
    summary="Organisations in the directory",
)
def directory_organisations(
    request,
    q: SearchText = Query("", max_length=100, description="Part of the name."),
    kind: SearchText = Query("", max_length=32),
    cursor: UUID | None = CURSOR,
    limit: int = Query(50, ge=1, le=100),
):
    rules.require(scopes(request), rules.DIRECTORY_READ)
    items = selectors.organisations_page(text=q.strip(), kind=kind, after=cursor, limit=limit)
    return {
        "items": [_organisation(o) for o in items],
        "next_cursor": next_id_cursor(items, limit),
    }


@router.get(
    "/organisations/{organisation_id}",
    response={200: OrganisationDetail, **ERRORS},
    operation_id="directory_organisation",
    url_name="directory_organisation",
    summary="One organisation, its services and (if the client may) its direct lines",
)
def directory_organisation(request, organisation_id: UUID):
    rules.require(scopes(request), rules.DIRECTORY_READ)
    lines = rules.may_see_direct_lines(actor(request), scopes(request))
    organisation = selectors.organisation_with_services(
        organisation_id, actor=actor(request), with_lines=lines
    )
    if organisation is None:
        raise NotFoundOrForbidden()
    return {
        **_organisation(organisation),
        "services": [
            {"id": s.pk, "name": s.name, "description": s.description}
            for s in organisation.service_list
        ],
        "contact_points": (
            [_contact_point(p) for p in organisation.contact_point_list] if lines else None
        ),
    }


@router.get(
    "/contact-points",
    response={200: ContactPointPage, **ERRORS},
    operation_id="directory_contact_points",
    url_name="directory_contact_points",
    summary="Professional direct lines (scope directory.direct_lines.read)",
)
def directory_contact_points(
    request,
    organisation_id: UUID | None = None,
    cursor: UUID | None = CURSOR,
    limit: int = Query(50, ge=1, le=100),
):
    rules.require(scopes(request), rules.DIRECTORY_READ)
    rules.require(scopes(request), rules.DIRECT_LINES_READ)
    if not rules.may_see_direct_lines(actor(request), scopes(request)):
        raise rules.ScopeMissing(rules.DIRECT_LINES_READ)
    items = selectors.contact_points_page(
        actor=actor(request), organisation_id=organisation_id, after=cursor, limit=limit
    )
    return {
        "items": [_contact_point(p) for p in items],
        "next_cursor": next_id_cursor(items, limit),
    }


__all__ = ["ContactPointOut", "OrganisationOut", "router"]
