"""The authorisation matrix (#26): every route of the URL configuration by every kind of actor,
against objects that exist, as declared in ``testing/route_matrix.py``.

A new route without an entry there fails ``test_every_route_has_a_matrix_entry``; an entry
that lets in someone the route refuses, or a route that lets in someone the entry does not,
fails ``test_route_answers_each_actor_as_the_matrix_says`` for that route, naming each cell.
One world of objects is built once per module (and per xdist worker) and each route's cells
run inside the test's own transaction, so what one cell writes is gone for the next route.
"""

import pytest
from django.db import transaction
from django.http import HttpResponse
from django.urls import path

from eenloket.audit.models import ProcessingLogEntry
from eenloket.testing import authz
from eenloket.testing.route_matrix import NEVER_ON_THE_CASE, ROUTES


def test_every_route_has_a_matrix_entry():
    missing = authz.missing_from_matrix(authz.all_routes(), ROUTES)
    assert not missing, (
        "Routes without an entry in testing/route_matrix.py (add one saying who may use "
        f"each): {missing}"
    )


def test_every_matrix_entry_names_a_route_that_exists():
    stale = sorted(set(ROUTES) - set(authz.all_routes()))
    assert not stale, f"entries for routes that no longer exist: {stale}"


def test_the_table_never_opens_a_case_to_those_outside_it():
    routes = authz.all_routes()
    opened = {
        key: sorted(entry.allow & NEVER_ON_THE_CASE)
        for key, entry in ROUTES.items()
        if "<uuid:case_id>" in routes.get(key, "") and entry.allow & NEVER_ON_THE_CASE
    }
    assert not opened, opened


def _refusals() -> int:
    return ProcessingLogEntry.objects.filter(status_code="error").count()


def check_route(key: str, route: str, entry, world) -> list[str]:
    """Ask ``route`` as every actor; return what differs from ``entry`` (empty: all as said)."""
    url = authz.fill(route, authz.ids_for(entry, world))
    wrong = []
    for actor in authz.ACTORS:
        client = authz.fresh_client(world, actor)
        before = _refusals() if entry.logs_refusal and actor in authz.WORKERS else None
        with transaction.atomic():  # what the cell writes is undone before the next actor
            if entry.data is not None:
                response = client.post(url, entry.data, content_type="application/json")
            elif entry.form is not None:
                response = client.post(url, authz.form_for(entry, world))
            else:
                response = getattr(client, entry.method)(url)
            got = authz.outcome(response)
            logged = _refusals() - before if before is not None else None
            transaction.set_rollback(True)
        expected = "allow" if actor in entry.allow else "deny"
        if got != expected:
            wrong.append(f"{actor}: expected {expected}, got {got} ({response.status_code})")
        elif expected == "deny" and logged == 0:
            wrong.append(f"{actor}: refused, but no refused line in the processing log")
    return wrong


ROUTE_KEYS = sorted(ROUTES)


@pytest.mark.django_db
@pytest.mark.parametrize("key", ROUTE_KEYS)
def test_route_answers_each_actor_as_the_matrix_says(key, world):
    routes = authz.all_routes()
    if key not in routes:
        pytest.fail(f"{key} is in the matrix but not a route")
    wrong = check_route(key, routes[key], ROUTES[key], world)
    assert not wrong, f"{key} ({routes[key]}):\n  " + "\n  ".join(wrong)


# The matrix catches what it is for -----------------------------------------------------------


def _unprotected(request, case_id):
    return HttpResponse("the whole case, to anyone")


urlpatterns = [path("werk/lek/<uuid:case_id>/", _unprotected, name="leak")]


def test_a_new_route_without_an_entry_fails_the_matrix():
    """Adding a route to the URL configuration without a matrix entry is caught."""
    import eenloket.urls

    with_new = {**authz.all_routes(), **authz.all_routes(__name__)}
    assert authz.missing_from_matrix(with_new, ROUTES) == ["leak"]
    assert "leak" not in authz.all_routes(eenloket.urls)


@pytest.mark.django_db
def test_an_unprotected_route_with_an_entry_fails_the_matrix(world, settings):
    """And an entry saying only the owner team gets in fails for a view that lets anyone in."""
    settings.ROOT_URLCONF = __name__
    entry = authz.rule(authz.FRONTLINE, authz.COORDINATOR)
    wrong = check_route("leak", "werk/lek/<uuid:case_id>/", entry, world)
    assert "anonymous: expected deny, got allow (200)" in wrong
    assert "partner_without_basis: expected deny, got allow (200)" in wrong


# The API's operations, from its OpenAPI document (#21) ------------------------------------------


def test_every_api_operation_has_a_matrix_entry():
    """Each operation of /api/v1/openapi.json has an entry named by its operationId, with its
    method: a new operation (or a second method on a path) without one fails here."""
    wrong = [
        f"{method.upper()} {path} ({operation_id}): {problem}"
        for operation_id, method, path in authz.api_operations()
        for problem in [authz.api_entry_problem(operation_id, method, ROUTES)]
        if problem
    ]
    assert not wrong, "API operations without a right matrix entry:\n  " + "\n  ".join(wrong)


def test_a_new_api_operation_without_an_entry_fails_the_matrix():
    assert authz.api_entry_problem("case_leak", "get", ROUTES) == "no entry"
    assert authz.api_entry_problem("handover_read", "post", ROUTES) == "the entry says get"
