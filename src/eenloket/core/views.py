"""Error pages that need nothing but the template engine."""

import logging
import sys

from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError
from django.template import loader
from django.views.defaults import server_error as django_server_error

logger = logging.getLogger("eenloket.availability")
RETRY_AFTER_SECONDS = 30


def _database_unavailable(error: BaseException | None) -> bool:
    """An error that says the database cannot be reached (not a bug in a query)."""
    if isinstance(error, OperationalError | InterfaceError):
        return True
    # psycopg's own errors when the server went away, wrapped or not by Django.
    cause = getattr(error, "__cause__", None)
    return isinstance(error, DatabaseError) and type(cause).__name__ in {
        "OperationalError",
        "InterfaceError",
    }


def server_error(request, template_name="500.html"):
    """A plain 503 "try again in a moment" when the database is unreachable (the next request
    opens a new connection, so the site recovers by itself once it is back); else Django's 500.
    The page is rendered without a request context: nothing on it touches the database."""
    error = sys.exc_info()[1]
    if _database_unavailable(error):
        logger.error("database unavailable: %s", type(error).__name__)
        page = loader.get_template("503.html").render()
        response = HttpResponse(page, status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        response["Cache-Control"] = "no-store"
        return response
    try:
        return django_server_error(request, template_name)
    except Exception:
        return HttpResponseServerError("Server error", content_type="text/plain")
