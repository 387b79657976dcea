"""The OpenAPI document is valid OpenAPI 3.1, and the API keeps it: schemathesis generates
requests for every operation against the live server on 127.0.0.1 (valid and invalid input,
random and real ids) and checks that no answer is a server error and every answer matches the
document (status, content type, headers, body)."""

import json

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openapi_spec_validator import validate
from schemathesis.specs.openapi.checks import (
    negative_data_rejection,
    positive_data_acceptance,
)

from eenloket.api.v1 import api


def test_the_document_is_valid_openapi_3_1():
    document = json.loads(json.dumps(api.get_openapi_schema()))  # as served: string keys
    assert document["openapi"].startswith("3.1")
    validate(document)
    errors = [
        (path, method, status)
        for path, operations in document["paths"].items()
        for method, operation in operations.items()
        for status, answer in operation["responses"].items()
        if int(status) >= 400 and list(answer.get("content", {})) != ["application/problem+json"]
    ]
    assert not errors


def test_the_document_and_docs_are_served(client, db):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response.json()["info"]["title"] == "eenloket partner API"
    docs = client.get("/api/v1/docs")
    assert docs.status_code == 200
    assert b"swagger-ui-bundle.js" in docs.content and b"cdn" not in docs.content.lower()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("mode", ["positive", "negative"])
def test_generated_requests_get_no_server_error_and_match_the_schema(
    live_server, partner_world, mode
):
    handover = partner_world.handover()
    real_ids = {"handover_id": str(handover.pk), "organisation_id": str(partner_world.uwv.pk)}
    # The client's token through the document's security scheme, so a negative case can also
    # leave it out (and must then get 401).
    config = schemathesis.Config.from_dict(
        {"auth": {"openapi": {"ClientToken": {"bearer": partner_world.uwv_token}}}}
    )
    schema = schemathesis.openapi.from_url(f"{live_server.url}/api/v1/openapi.json", config=config)
    generation = (
        schemathesis.GenerationMode.POSITIVE
        if mode == "positive"
        else schemathesis.GenerationMode.NEGATIVE
    )
    failures = []
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 12
    for operation in operations:
        if mode == "negative" and _nothing_to_break(operation):
            continue  # a public GET without input (HSDS "/"): no invalid request exists

        @settings(
            max_examples=15,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy(generation_mode=generation), real=st.booleans())
        def check(case, real):
            if real and mode == "positive" and case.path_parameters:
                for name, value in real_ids.items():
                    if name in case.path_parameters:
                        case.path_parameters[name] = value
            # A write's body can be well-formed and still break a rule the schema cannot say
            # ("other" needs a reason in words): 422 or 409 is right there, not a refusal of
            # valid data. Reads must accept everything their schema allows.
            excluded = [positive_data_acceptance] if case.method == "POST" else []
            # Reads ignore query parameters they do not know (as HTTP APIs commonly do), so
            # an unknown one is not a rejected request there.
            if case.method == "GET":
                excluded.append(negative_data_rejection)
            case.call_and_validate(base_url=live_server.url, excluded_checks=excluded)

        try:
            check()
        except Exception as error:  # collect every operation's failure, then fail once
            failures.append(f"{operation.method.upper()} {operation.path}: {error}")
    assert not failures, "\n\n".join(failures)


def _nothing_to_break(operation) -> bool:
    raw = operation.definition.raw
    return not (list(operation.iter_parameters()) or raw.get("security") or "requestBody" in raw)
