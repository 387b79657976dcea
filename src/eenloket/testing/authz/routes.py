"""The routes the matrix covers: every route of the URL configuration, how its URL is filled in
with the world's ids, and every operation of the partner API."""

from __future__ import annotations

import re

from django.urls import URLPattern, URLResolver, get_resolver

# Routes ---------------------------------------------------------------------------------------


def all_routes(urlconf=None) -> dict[str, str]:
    """Every route of the URL configuration: its key (``namespace:name``, or the route itself
    when it has no name) and its route with converters (``werk/zaken/<uuid:case_id>/``)."""
    found: dict[str, str] = {}

    def walk(patterns, prefix, namespace):
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                ns = namespace
                if pattern.namespace:
                    ns = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
                walk(pattern.url_patterns, route, ns)
            elif isinstance(pattern, URLPattern):
                key = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
                found[key or route] = route

    walk(get_resolver(urlconf).url_patterns, "", "")
    return found


def missing_from_matrix(routes: dict[str, str], table: dict) -> list[str]:
    """The routes that have no entry in the matrix (each must get one)."""
    return sorted(key for key in routes if key not in table)


CONVERTER = re.compile(r"<(?:[a-z]+:)?([a-z_]+)>")


def fill(route: str, ids: dict[str, str]) -> str:
    """The route with every converter replaced by the world's id for that name."""

    def value(match):
        name = match.group(1)
        assert name in ids, f"the matrix world has no id for <{name}> in {route}"
        return str(ids[name])

    return "/" + CONVERTER.sub(value, route)


def parts(route: str) -> list[str]:
    """The names of the route's converters (``case_id``, ``key``...)."""
    return CONVERTER.findall(route)


# The API's operations ------------------------------------------------------------------------


def api_operations() -> list[tuple[str, str, str]]:
    """Every operation of the partner API's OpenAPI document: (operationId, method, path)."""
    from eenloket.api.v1 import api

    schema = api.get_openapi_schema()
    return sorted(
        (operation["operationId"], method, path)
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
    )


def api_entry_problem(operation_id: str, method: str, table: dict) -> str:
    """What is wrong with the matrix entry of an API operation ("" when nothing is): its URL
    name is ``api_v1:<operationId>`` (api/v1 names each route after its operation)."""
    entry = table.get(f"api_v1:{operation_id}")
    if entry is None:
        return "no entry"
    if entry.method != method:
        return f"the entry says {entry.method}"
    return ""
