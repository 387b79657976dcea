"""The authorisation matrix (#26): every route of the URL configuration by every kind of actor,
checked for real against one world of existing objects.

The expected answers are declared in ``testing/route_matrix.py`` (a table keyed by URL name);
this package holds the actors and the form of an entry (``actors``), the routes and how a
route's URL is filled in with the world's ids (``routes``), the world they act in (``world``),
and how one cell is checked (``cells``). ``core/tests/test_authorisation_matrix.py`` runs it.
Every name is re-exported here: import them from ``eenloket.testing.authz``.
"""

from __future__ import annotations

from eenloket.testing.authz.actors import (
    ACTORS,
    ANONYMOUS,
    API_CLIENTS,
    API_OTHER,
    API_PARTNER,
    APP_MANAGER,
    CITIZEN,
    CITIZENS,
    COORDINATOR,
    EVERYONE,
    FRONTLINE,
    OTHER_CITIZEN,
    PARTNER_WITH_BASIS,
    PARTNER_WITHOUT_BASIS,
    PRIVACY_OFFICER,
    PROGRAMME_STAFF,
    REP_IN_SCOPE,
    REP_OUT_OF_SCOPE,
    WORKERS,
    Rule,
    rule,
)
from eenloket.testing.authz.cells import (
    LOGIN_PAGES,
    client_for,
    form_for,
    fresh_client,
    ids_for,
    outcome,
)
from eenloket.testing.authz.routes import (
    CONVERTER,
    all_routes,
    api_entry_problem,
    api_operations,
    fill,
    missing_from_matrix,
    parts,
)
from eenloket.testing.authz.world import PDF, World, build_world

__all__ = [
    "ACTORS",
    "ANONYMOUS",
    "API_CLIENTS",
    "API_OTHER",
    "API_PARTNER",
    "APP_MANAGER",
    "CITIZEN",
    "CITIZENS",
    "CONVERTER",
    "COORDINATOR",
    "EVERYONE",
    "FRONTLINE",
    "LOGIN_PAGES",
    "OTHER_CITIZEN",
    "PARTNER_WITHOUT_BASIS",
    "PARTNER_WITH_BASIS",
    "PDF",
    "PRIVACY_OFFICER",
    "PROGRAMME_STAFF",
    "REP_IN_SCOPE",
    "REP_OUT_OF_SCOPE",
    "WORKERS",
    "Rule",
    "World",
    "all_routes",
    "api_entry_problem",
    "api_operations",
    "build_world",
    "client_for",
    "fill",
    "form_for",
    "fresh_client",
    "ids_for",
    "missing_from_matrix",
    "outcome",
    "parts",
    "rule",
]
