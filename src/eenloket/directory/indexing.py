"""What goes into the search document of each organisation, service and direct line.

Called by the services in the same transaction as the change (never by signals)."""

from __future__ import annotations

from eenloket.directory.models import (
    ContactPoint,
    LifeEvent,
    Need,
    Organisation,
    SearchDocument,
    Service,
)
from eenloket.directory.search import Fields, index_document


def _nationwide_or(codes: list[str]) -> list[str]:
    return [f"muni:{code}" for code in codes] or ["muni:*"]


def index_organisation(organisation: Organisation) -> None:
    # Two small queries, however many services the organisation has.
    life_events = set(
        LifeEvent.objects.filter(services__organisation=organisation)
        .values_list("key", flat=True)
        .distinct()
    )
    needs = set(
        Need.objects.filter(services__organisation=organisation)
        .values_list("key", flat=True)
        .distinct()
    )
    municipality = organisation.municipality.code if organisation.municipality_id else None
    index_document(
        kind=SearchDocument.Kind.ORGANISATION,
        object_id=organisation.pk,
        key=organisation.key,
        title=organisation.name,
        title_en=organisation.name,
        summary=organisation.description,
        summary_en=organisation.description_en,
        organisation_name=organisation.name,
        public=True,
        fields=Fields(
            a=[organisation.name, organisation.alternate_name],
            b=[organisation.get_kind_display()],
            c=[organisation.description],
        ),
        facets=[
            f"kind:{organisation.kind}",
            *(f"le:{k}" for k in life_events),
            *(f"need:{k}" for k in needs),
            *_nationwide_or([municipality] if municipality else []),
        ],
    )


def index_service(service: Service) -> None:
    service = (
        Service.objects.select_related("organisation", "scheme")
        .prefetch_related("life_events", "needs", "service_areas__municipality")
        .get(pk=service.pk)
    )
    scheme = getattr(service, "scheme", None)
    organisation = service.organisation
    life_events = list(service.life_events.all())
    needs = list(service.needs.all())
    areas = [a.municipality.code for a in service.service_areas.all() if a.municipality]
    if not areas and organisation.municipality_id:
        areas = [organisation.municipality.code]
    index_document(
        kind=SearchDocument.Kind.SCHEME if scheme else SearchDocument.Kind.SERVICE,
        object_id=service.pk,
        key=service.key,
        title=service.name,
        title_en=service.name_en or service.name,
        summary=service.description,
        summary_en=service.description_en,
        organisation_name=organisation.name,
        public=service.status != Service.Status.DEFUNCT,
        fields=Fields(
            a=[service.name, service.alternate_name],
            b=[service.keywords],
            c=[
                *(n.name for n in needs),
                *(le.name for le in life_events),
                service.description,
                service.eligibility_description,
                scheme.gives if scheme else "",
                organisation.name,
                organisation.alternate_name,
            ],
        ),
        facets=[
            f"kind:{organisation.kind}",
            *(f"le:{le.key}" for le in life_events),
            *(f"need:{n.key}" for n in needs),
            *_nationwide_or(areas),
        ],
    )
    # The organisation's document carries its services' life events and needs as filters.
    index_organisation(organisation)


def index_contact_point(point: ContactPoint) -> None:
    point = (
        ContactPoint.objects.select_related("team__organisation")
        .prefetch_related("needs", "regions", "schemes__service__life_events")
        .get(pk=point.pk)
    )
    organisation = point.team.organisation
    needs = list(point.needs.all())
    schemes = [s.service for s in point.schemes.all()]
    life_events = {le.key for s in schemes for le in s.life_events.all()}
    index_document(
        kind=SearchDocument.Kind.CONTACT_POINT,
        object_id=point.pk,
        key="",
        title=point.name,
        title_en=point.name,
        summary=point.description,
        summary_en=point.description_en,
        organisation_name=organisation.name,
        public=False,
        fields=Fields(
            a=[point.name],
            b=[point.topics, *(n.name for n in needs), *(s.name for s in schemes)],
            c=[point.description, organisation.name, point.team.name],
        ),
        facets=[
            f"kind:{organisation.kind}",
            *(f"need:{n.key}" for n in needs),
            *(f"le:{k}" for k in life_events),
            *_nationwide_or([m.code for m in point.regions.all()]),
        ],
    )
