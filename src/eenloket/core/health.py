"""Health and readiness for the container, the orchestrator and the load balancer (#22).

``/health/`` (liveness): the process answers; it touches nothing else, so a database outage
never gets the web servers restarted. ``/ready/`` (readiness): the database answers and every
migration of this version is applied; until then the load balancer sends no traffic here (a
new version waits for ``eenloket migrate``). Both answer before the rest of the middleware:
the orchestrator calls them on the container's own address over plain HTTP, which the host
check and the redirect to HTTPS would otherwise refuse. They say nothing but "ok" or what is
not ready.
"""

from __future__ import annotations

import logging

from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpResponse

HEALTH, READY = "/health/", "/ready/"
logger = logging.getLogger("eenloket.availability")


def _text(body: str, status: int = 200) -> HttpResponse:
    response = HttpResponse(body + "\n", status=status, content_type="text/plain; charset=utf-8")
    response["Cache-Control"] = "no-store"
    return response


class Readiness:
    """Whether this process may take traffic. All migrations applied is remembered once seen
    (the code of a running process does not change); the database is asked every time."""

    def __init__(self):
        self.migrated = False

    def problem(self) -> str:
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
            if not self.migrated:
                executor = MigrationExecutor(connection)
                plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
                if plan:
                    return f"{len(plan)} migration(s) not applied"
                self.migrated = True
        except DatabaseError as error:
            logger.error("not ready: database unavailable (%s)", type(error).__name__)
            return "database unavailable"
        return ""


class HealthMiddleware:
    """Answer ``/health/`` and ``/ready/`` (GET or HEAD) before anything else looks at the
    request."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.readiness = Readiness()

    def __call__(self, request):
        if request.method not in ("GET", "HEAD") or request.path not in (HEALTH, READY):
            return self.get_response(request)
        if request.path == HEALTH:
            return _text("ok")
        problem = self.readiness.problem()
        return _text(f"not ready: {problem}", status=503) if problem else _text("ok")
