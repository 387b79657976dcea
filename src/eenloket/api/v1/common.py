"""What the operations of /api/v1/ share: the error answers they declare, cursors, the actor."""

from __future__ import annotations

from eenloket.api.problems import Problem

# Every operation can answer these (besides its own success).
ERRORS = {
    400: Problem,
    401: Problem,
    403: Problem,
    404: Problem,
    422: Problem,
    429: Problem,
    500: Problem,
}
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


def next_id_cursor(items: list, limit: int) -> str | None:
    return str(items[-1].pk) if len(items) == limit and items else None
