"""Problem details (RFC 9457) for every error the API gives: ``application/problem+json``.

Each problem has a ``type`` (a URN naming the kind, stable for a partner to program against), a
``title``, the HTTP ``status``, a ``detail`` in the caller's language (Accept-Language; Dutch
by default) and, for bad input, ``errors``: one line per field with what is wrong with it.
"""

from __future__ import annotations

import json

from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import Schema

MEDIA_TYPE = "application/problem+json"


class FieldError(Schema):
    field: str
    message: str


class Problem(Schema):
    type: str
    title: str
    status: int
    detail: str
    errors: list[FieldError] = []


def response(
    status: int,
    code: str,
    title: str,
    detail: str,
    *,
    errors: list[dict] | None = None,
    headers: dict | None = None,
) -> HttpResponse:
    body = {
        "type": f"urn:eenloket:problem:{code}",
        "title": str(title),
        "status": status,
        "detail": str(detail),
        "errors": [{"field": e["field"], "message": str(e["message"])} for e in errors or ()],
    }
    answer = HttpResponse(json.dumps(body), status=status, content_type=MEDIA_TYPE)
    for name, value in (headers or {}).items():
        answer[name] = value
    return answer


def unauthorized(reason: str) -> HttpResponse:
    details = {
        "missing": _("Send a bearer token in the Authorization header."),
        "malformed": _("This is not an eenloket API token."),
        "unknown": _("This token is not valid."),
        "expired": _("This token has expired. Ask for a new one (rotation)."),
        "revoked": _("This token was revoked."),
    }
    error = "invalid_request" if reason in ("missing", "malformed") else "invalid_token"
    return response(
        401,
        f"unauthorized.{reason}",
        _("Not authenticated"),
        details.get(reason, details["unknown"]),
        headers={"WWW-Authenticate": f'Bearer realm="eenloket", error="{error}"'},
    )


def field_of(location) -> str:
    """A pydantic location as the field a partner sent (``body.reason_code`` → ``reason_code``,
    ``query.limit`` → ``limit``)."""
    parts = [str(p) for p in location]
    if parts and parts[0] in ("body", "query", "path", "header"):
        parts = parts[1:]
    # ninja names the body parameter itself (body.payload.reason_code): drop it.
    if len(parts) > 1 and parts[0] in ("payload", "body"):
        parts = parts[1:]
    return ".".join(parts) or "body"
