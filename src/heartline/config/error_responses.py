"""The error answers every API operation can give, written into the OpenAPI schema.

django-ninja documents only the statuses an operation declares (mostly 200), but the API's error
handlers (heartline.config.api) answer any operation with 400, 403 or 404 when a service refuses,
forbids or finds nothing; authentication answers 401 (and 429 to an address that sent too many wrong
tokens); django-ninja answers 422 when a parameter or the body does not validate. An integrator (and
schemathesis in the test suite) reads the schema to know what to expect, so each operation lists them,
with their bodies, unless it already declares that status itself.
"""

from __future__ import annotations

from typing import Any

ERROR_DETAIL = "ErrorDetail"
VALIDATION_ERROR = "ValidationError"

COMPONENTS: dict[str, dict[str, Any]] = {
    ERROR_DETAIL: {
        "title": ERROR_DETAIL,
        "type": "object",
        "properties": {"detail": {"title": "Detail", "type": "string"}},
        "required": ["detail"],
    },
    VALIDATION_ERROR: {
        "title": VALIDATION_ERROR,
        "type": "object",
        "properties": {
            "detail": {
                "title": "Detail",
                "description": "One entry per invalid parameter or field: where (`loc`) and why (`msg`).",
                "type": "array",
                "items": {"type": "object"},
            }
        },
        "required": ["detail"],
    },
}

# Every operation: a service's refusal (ActionRefused), NotAllowed, NotFound.
ALWAYS = {
    400: ("The request was refused; `detail` says why", ERROR_DETAIL),
    403: ("The caller may not do this; `detail` says why", ERROR_DETAIL),
    404: ("Nothing of that name the caller may see", ERROR_DETAIL),
}
# Operations that need a caller.
AUTHENTICATED = {
    401: ("No valid token or session", ERROR_DETAIL),
    429: ("Too many wrong tokens from this address; wait for the lockout to end", ERROR_DETAIL),
}
# Operations with parameters or a body.
VALIDATED = {422: ("A parameter or the body is malformed; `detail` lists each problem", VALIDATION_ERROR)}


def _response(description: str, component: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{component}"}}},
    }


def document_error_responses(schema: dict[str, Any]) -> dict[str, Any]:
    """`schema` (django-ninja's), with the error answers above added to each operation that does not
    declare that status itself; changed in place and returned."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    for name, component in COMPONENTS.items():
        components.setdefault(name, component)
    for methods in schema.get("paths", {}).values():
        for operation in methods.values():
            errors = dict(ALWAYS)
            if operation.get("security"):
                errors |= AUTHENTICATED
            if operation.get("parameters") or operation.get("requestBody"):
                errors |= VALIDATED
            responses = operation.setdefault("responses", {})
            declared = {int(status) for status in responses}
            for status, (description, body) in sorted(errors.items()):
                if status not in declared:
                    responses[status] = _response(description, body)
    return schema
