"""/api/v1/: the partner API (docs/api.md, decision 0040).

Thin, like every interface: each operation checks the client's scope, asks the policy point
(``access``) for what it reads, calls one service for what it writes, and shapes the answer.
Every error is a problem document (``api/problems.py``).
"""

from __future__ import annotations

import copy
import logging

from django.http import Http404
from django.utils import translation
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError

from eenloket.access.api import ScopeMissing
from eenloket.api import problems
from eenloket.api.auth import ClientRateThrottle, ClientToken, Unauthenticated
from eenloket.api.idempotency import HEADER
from eenloket.api.v1 import (
    casework,
    contacts,
    directory,
    events,
    handovers,
    hsds,
    log,
    referrals,
    webhooks,
)
from eenloket.api.v1.common import PreconditionFailed, WrongSide
from eenloket.core.errors import DomainError, NotFoundOrForbidden

logger = logging.getLogger("eenloket.api")

DESCRIPTION = """\
The partner API of eenloket: for the systems of the organisations that take part in the loket.

Authenticate with `Authorization: Bearer <token>` (a token per client, from the application
manager). A client acts for one team of one organisation, and sees exactly what the policy
point lets that team see; every read is in the processing log. Errors are problem details
(RFC 9457, `application/problem+json`). See docs/api.md.
"""


# The OpenAPI document per language and root path: building it walks every operation's models
# (about a second of CPU), and it changes only with the code. Each caller gets its own copy.
_DOCUMENTS: dict[tuple, dict] = {}


class PartnerApi(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        """The OpenAPI document, with every error answered as ``application/problem+json``;
        built once per process, language and root path."""
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        key = (translation.get_language(), path_prefix)
        if key not in _DOCUMENTS:
            _DOCUMENTS[key] = self._openapi_schema(path_prefix)
        return copy.deepcopy(_DOCUMENTS[key])

    def _openapi_schema(self, path_prefix: str):
        schema = super().get_openapi_schema(path_prefix=path_prefix)
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                for status, answer in operation.get("responses", {}).items():
                    content = answer.get("content", {})
                    if int(status) >= 400 and "application/json" in content:
                        content[problems.MEDIA_TYPE] = content.pop("application/json")
        for operations in schema.get("paths", {}).values():
            if "post" in operations:
                _idempotency_documented(operations["post"])
        return schema


def _idempotency_documented(operation: dict) -> None:
    """Every POST takes an Idempotency-Key (api/idempotency.py); a key still in use is 409."""
    operation.setdefault("parameters", []).append(
        {
            "in": "header",
            "name": HEADER,
            "required": False,
            "description": "A key of your own (1 to 255 visible ASCII characters) so that a "
            "retry of this request writes nothing twice: the same key with the same request "
            "gets the first answer again (header Idempotent-Replayed), with another request "
            "a 422. Kept for 24 hours.",
            "schema": {"type": "string", "minLength": 1, "maxLength": 255, "pattern": r"^[!-~]+$"},
        }
    )
    responses = operation.setdefault("responses", {})
    responses.setdefault(
        "409",
        {
            "description": "Conflict",
            "content": {problems.MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}},
        },
    )


api = PartnerApi(
    title="eenloket partner API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api_v1",
    auth=ClientToken(),
    throttle=[ClientRateThrottle()],
    openapi_url="/openapi.json",
    docs_url="/docs",
)
api.add_router("/directory", directory.router)
api.add_router("/hsds", hsds.router)
api.add_router("/handovers", handovers.router)
api.add_router("/handovers", casework.router)
api.add_router("/contacts", contacts.router)
api.add_router("/events", events.router)
api.add_router("/processing-log", log.router)
api.add_router("/webhooks", webhooks.router)
api.add_router("", referrals.router)


@api.exception_handler(Unauthenticated)
def _unauthenticated(request, exc):
    return problems.unauthorized(exc.reason)


@api.exception_handler(AuthenticationError)
def _authentication(request, exc):  # not raised by ClientToken; kept for safety
    return problems.unauthorized("missing")


@api.exception_handler(ScopeMissing)
def _scope_missing(request, exc):
    return problems.response(
        403,
        "forbidden.scope",
        _("Not allowed"),
        _("This client may not do this: it needs the scope %(scope)s.") % {"scope": exc.scope.name},
    )


@api.exception_handler(WrongSide)
def _wrong_side(request, exc):
    return problems.response(403, "forbidden.side", _("Not allowed"), exc.message)


@api.exception_handler(NotFoundOrForbidden)
def _not_found(request, exc):
    return problems.response(404, "not_found", _("Not found"), exc.message)


@api.exception_handler(Http404)
def _http_404(request, exc):
    return problems.response(404, "not_found", _("Not found"), NotFoundOrForbidden().message)


@api.exception_handler(PreconditionFailed)
def _precondition(request, exc):
    return problems.response(
        412,
        "precondition_failed",
        _("Changed in the meantime"),
        _("The handover changed since you read it (If-Match). Read it again and decide anew."),
    )


@api.exception_handler(DomainError)
def _domain(request, exc):
    if exc.field:
        return problems.response(
            422,
            "invalid",
            _("Check your input"),
            exc.message,
            errors=[{"field": exc.field, "message": exc.message}],
        )
    return problems.response(409, "conflict", _("Not possible now"), exc.message)


@api.exception_handler(ValidationError)
def _invalid(request, exc):
    errors = [
        {"field": problems.field_of(error.get("loc", ())), "message": error.get("msg", "")}
        for error in exc.errors
    ]
    return problems.response(
        422,
        "invalid",
        _("Check your input"),
        _("Some fields are not right: %(fields)s.")
        % {"fields": ", ".join(sorted({e["field"] for e in errors}))},
        errors=errors,
    )


@api.exception_handler(Throttled)
def _throttled(request, exc):
    # ninja adds Retry-After (seconds) to this answer.
    return problems.response(
        429,
        "too_many_requests",
        _("Too many requests"),
        _("This client sent too many requests. Wait as long as Retry-After says, then go on."),
    )


@api.exception_handler(HttpError)
def _http_error(request, exc):
    if exc.status_code == 400:
        return problems.response(
            400, "bad_request", _("Bad request"), _("The request body is not valid JSON.")
        )
    return problems.response(exc.status_code, "error", str(exc), str(exc))


@api.exception_handler(Exception)
def _server_error(request, exc):
    logger.exception("API error on %s %s", request.method, request.path)
    return problems.response(
        500,
        "server_error",
        _("Something went wrong"),
        _("Something went wrong on our side. Nothing was changed; try again later."),
    )
