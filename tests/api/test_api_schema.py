"""The API describes itself from code, and its docs page loads nothing from other hosts."""

from __future__ import annotations

import re

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_the_openapi_schema_lists_the_endpoints(client: Client) -> None:
    response = client.get("/api/v1/openapi.json")

    assert response.status_code == 200
    schema = response.json()
    assert schema["info"]["title"] == "Heartline API"
    assert {"/api/v1/me", "/api/v1/metrics", "/api/v1/metrics/{name}"} <= set(schema["paths"])
    assert "get" in schema["paths"]["/api/v1/metrics/{name}"]


def test_the_schema_documents_bearer_tokens(client: Client) -> None:
    schemes = client.get("/api/v1/openapi.json").json()["components"]["securitySchemes"]

    assert {"type": "http", "scheme": "bearer"} in list(schemes.values())


def test_the_by_parameter_is_a_repeatable_query_parameter(client: Client) -> None:
    operation = client.get("/api/v1/openapi.json").json()["paths"]["/api/v1/metrics/{name}"]["get"]

    by = next(p for p in operation["parameters"] if p["name"] == "by")
    assert by["in"] == "query"
    assert "array" in str(by["schema"])


def test_the_docs_page_references_no_other_host(client: Client) -> None:
    response = client.get("/api/v1/docs")

    assert response.status_code == 200
    html = response.content.decode()
    assert "cdn" not in html.lower()
    assert re.findall(r"(?:https?:)?//[\w.-]+", html) == []


def test_the_docs_page_assets_are_served_here(client: Client) -> None:
    html = client.get("/api/v1/docs").content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)

    assert any(a.endswith("swagger-ui-bundle.js") for a in assets)
    for asset in assets:
        assert asset.startswith("/"), asset
        response = client.get(asset)
        assert response.status_code == 200, asset
