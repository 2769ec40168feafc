"""What the OpenAPI schema says about errors, as the API answers them (schemathesis found each gap)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import jsonschema_rs
import pytest
from django.test import Client

from heartline.config.error_responses import document_error_responses

pytestmark = pytest.mark.django_db

TokenFor = Callable[[str], str]


def served_schema(client: Client) -> dict[str, Any]:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema: dict[str, Any] = response.json()
    return schema


def response_schema(schema: dict[str, Any], path: str, method: str, status: int) -> dict[str, Any]:
    """The body schema of one documented answer, with the schema's components to resolve it against."""
    content = schema["paths"][path][method]["responses"][str(status)]["content"]["application/json"]
    return {**content["schema"], "components": schema["components"]}


def test_every_operation_documents_refusals_and_authentication(client: Client) -> None:
    schema = served_schema(client)

    statuses = {
        f"{method.upper()} {path}": set(operation["responses"])
        for path, methods in schema["paths"].items()
        for method, operation in methods.items()
    }
    assert {key for key, found in statuses.items() if not {"400", "401", "403", "404", "429"} <= found} == set()


def test_a_declared_status_keeps_its_own_body() -> None:
    schema = {
        "paths": {
            "/x": {
                "post": {
                    "parameters": [{"name": "q", "in": "query"}],
                    "security": [{"PersonalToken": []}],
                    "responses": {"200": {"description": "OK"}, "400": {"description": "mine"}},
                }
            }
        }
    }

    responses = document_error_responses(schema)["paths"]["/x"]["post"]["responses"]

    assert responses["400"] == {"description": "mine"}
    assert sorted(map(str, responses)) == ["200", "400", "401", "403", "404", "422", "429"]
    assert responses[422]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/ValidationError"}


def test_an_operation_without_parameters_documents_no_validation_error() -> None:
    schema = {"paths": {"/me": {"get": {"responses": {"200": {"description": "OK"}}}}}}

    responses = document_error_responses(schema)["paths"]["/me"]["get"]["responses"]

    assert sorted(map(str, responses)) == ["200", "400", "403", "404"]


def test_the_ingest_endpoints_document_the_tokens_they_take(client: Client) -> None:
    schema = served_schema(client)

    operation = schema["paths"]["/api/v1/ingest/contacts"]["post"]
    assert operation["security"] == [{"PersonalToken": []}, {"SessionAuth": []}]
    assert schema["components"]["securitySchemes"]["PersonalToken"] == {"type": "http", "scheme": "bearer"}


def test_the_ingest_endpoints_still_refuse_everyone_but_administrators(client: Client, api_token: TokenFor) -> None:
    response = client.post(
        "/api/v1/ingest/contacts",
        {"records": []},
        content_type="application/json",
        headers={"Authorization": f"Bearer {api_token('manager')}"},
    )

    assert (response.status_code, response.json()) == (
        403,
        {"detail": "only administrators may ingest contacts; your role is manager"},
    )


def test_a_body_that_is_not_json_gets_a_400_the_schema_documents(client: Client, api_token: TokenFor) -> None:
    response = client.post(
        "/api/v1/ingest/contacts",
        b"\xff not json",
        content_type="application/json",
        headers={"Authorization": f"Bearer {api_token('admin')}"},
    )

    assert (response.status_code, response.json()) == (400, {"detail": "Cannot parse request body"})
    body_schema = response_schema(served_schema(client), "/api/v1/ingest/contacts", "post", 400)
    assert jsonschema_rs.validator_for(body_schema).is_valid(response.json())


def test_a_validation_error_matches_its_documented_body(client: Client, api_token: TokenFor) -> None:
    response = client.get(
        "/api/v1/quality/audits/not-a-number", headers={"Authorization": f"Bearer {api_token('admin')}"}
    )

    assert response.status_code == 422
    body_schema = response_schema(served_schema(client), "/api/v1/quality/audits/{audit_id}", "get", 422)
    assert jsonschema_rs.validator_for(body_schema).is_valid(response.json())


def test_an_unknown_token_gets_the_documented_401(client: Client, api_token: TokenFor) -> None:
    response = client.get("/api/v1/me", headers={"Authorization": "Bearer hl_not-a-token"})

    assert response.status_code == 401
    body_schema = response_schema(served_schema(client), "/api/v1/me", "get", 401)
    assert jsonschema_rs.validator_for(body_schema).is_valid(response.json())
