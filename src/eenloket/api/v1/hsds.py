"""/api/v1/hsds/: the directory as the Open Referral HSDS 3.0 API (docs/standards.md).

The required endpoints of the HSDS 3.0 API: ``/`` (about this API), ``/services`` (a page of
services) and ``/services/{id}`` (one fully nested service). Public and read-only, without a
token: the sociale kaart is public information (what a service is, who offers it, where and
when), the same a citizen reads on the organisations' own websites. No person's data is in it,
so there is nothing for the processing log. The professional direct lines are never part of
it (they need a client with the scope directory.direct_lines.read on /api/v1/directory/).
Answers follow the HSDS schemas; what HSDS has no field for is in ``eenloket_*`` properties.
"""

from __future__ import annotations

import math
from typing import Any
from uuid import UUID

from ninja import Field, Query, Router, Schema
from pydantic import BaseModel, ConfigDict

from eenloket.api.auth import DEFAULT_RATE, AddressRateThrottle
from eenloket.api.v1.common import ERRORS
from eenloket.api.v1.schemas import SearchText
from eenloket.core.errors import NotFoundOrForbidden
from eenloket.directory import hsds

# Without a token the rate is counted per address, not per client.
router = Router(tags=["hsds"], auth=None, throttle=[AddressRateThrottle(DEFAULT_RATE)])


class HsdsInfo(Schema):
    version: str = Field(description="HSDS version of this API.")
    openapi_url: str = Field(description="URL of the OpenAPI document that defines this API.")


class HsdsService(BaseModel):  # a plain model: a ninja Schema would drop the extra fields
    """An HSDS 3.0 service (schema/service.json), its organization nested, plus ``eenloket_*``."""

    model_config = ConfigDict(extra="allow")

    id: str
    name: str
    status: str
    organization: dict[str, Any]


class HsdsServicePage(Schema):
    """A page as in the HSDS 3.0 API (components/schemas/Page)."""

    total_items: int
    total_pages: int
    page_number: int
    size: int
    first_page: bool
    last_page: bool
    empty: bool
    contents: list[HsdsService]


@router.get(
    "/",
    response={200: HsdsInfo, **ERRORS},
    operation_id="hsds_info",
    url_name="hsds_info",
    summary="About this HSDS 3.0 API",
)
def hsds_info(request):
    return {
        "version": hsds.HSDS_VERSION,
        "openapi_url": request.build_absolute_uri("/api/v1/openapi.json"),
    }


@router.get(
    "/services",
    response={200: HsdsServicePage, **ERRORS},
    operation_id="hsds_services",
    url_name="hsds_services",
    summary="A page of services (HSDS 3.0), public, no direct lines",
)
def hsds_services(
    request,
    page: int = Query(1, ge=1, le=100000, description="Page number, from 1."),
    per_page: int = Query(50, ge=1, le=100, description="Services per page (at most 100)."),
    search: SearchText = Query("", max_length=100, description="Part of the service's name."),
):
    total, contents = hsds.service_page(page=page, per_page=per_page, search=search.strip())
    pages = math.ceil(total / per_page)
    return {
        "total_items": total,
        "total_pages": pages,
        "page_number": page,
        "size": len(contents),
        "first_page": page == 1,
        "last_page": page >= pages,
        "empty": not contents,
        "contents": contents,
    }


@router.get(
    "/services/{service_id}",
    response={200: HsdsService, **ERRORS},
    operation_id="hsds_service",
    url_name="hsds_service",
    summary="One fully nested service (HSDS 3.0), public, no direct lines",
)
def hsds_service(request, service_id: UUID):
    service = hsds.service_detail(service_id)
    if service is None:
        raise NotFoundOrForbidden()
    return service
