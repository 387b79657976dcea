"""What the operations of /api/v1/ share: the error answers they declare, cursors, the actor."""

from __future__ import annotations

from uuid import UUID

from django.utils.translation import gettext as _

from eenloket.api.problems import Problem
from eenloket.core.errors import DomainError

# Every operation can answer these (besides its own success).
ERRORS = {400: Problem, 401: Problem, 403: Problem, 404: Problem, 422: Problem, 500: Problem}
WRITE_ERRORS = {**ERRORS, 409: Problem, 412: Problem}


class PreconditionFailed(Exception):
    """If-Match named another version than the one there is now (412)."""


class WrongSide(Exception):
    """The client's team is not the side that may make this move (403)."""

    def __init__(self, message):
        self.message = message
        super().__init__(str(message))


def actor(request):
    return request.actor


def scopes(request) -> list[str]:
    return request.api_client.scopes


def id_cursor(cursor: str | None) -> UUID | None:
    """The id a page starts after, from ``cursor`` (the last id of the page before)."""
    if not cursor:
        return None
    try:
        return UUID(cursor)
    except ValueError:
        raise DomainError(
            _("This cursor is not valid: use next_cursor of the page before."), field="cursor"
        ) from None


def next_id_cursor(items: list, limit: int) -> str | None:
    return str(items[-1].pk) if len(items) == limit and items else None
