"""How API callers prove who they are: personal bearer tokens, and a gate for administrators' endpoints."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from ninja.errors import HttpError
from ninja.security import HttpBearer, django_auth

from heartline.core.permissions import Capability
from heartline.core.scoping import caller_of
from heartline.core.services import TokenExpired, user_for_token
from heartline.core.throttle import client_address, record_token_failure, token_address_locked


class PersonalToken(HttpBearer):
    """`Authorization: Bearer hl_…` — a token created with `heartline token create USERNAME`."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        """The token's user, or None (401). An address that sent too many wrong tokens is refused with
        429 for the lockout period, even with a right one; an expired token gets 401 saying so."""
        address = client_address(request)
        if token_address_locked(address):
            raise HttpError(
                429,
                f"too many wrong API tokens from this address; wait {settings.LOGIN_LOCKOUT_MINUTES} minutes",
            )
        try:
            user = user_for_token(token)
        except TokenExpired as exc:
            raise HttpError(401, f"{exc}; create a new one with `heartline token create USERNAME`") from exc
        if user is None:
            record_token_failure(address)
            return None
        request.user = user
        return user


class AdministratorsOnly:
    """Authenticate with `inner`, then let only administrators (and superusers) through.

    Runs before django-ninja reads the request body, so a large batch from someone who may not send
    it is refused at once with 403, without being parsed."""

    def __init__(self, inner: Callable[[HttpRequest], Any], action: str) -> None:
        self.inner = inner
        self.action = action
        # How the OpenAPI schema describes the gate: as the scheme it wraps (see `_gate`).
        if hasattr(inner, "openapi_security_schema"):
            self.openapi_security_schema = inner.openapi_security_schema

    def __call__(self, request: HttpRequest) -> Any:
        user = self.inner(request)
        if not user:
            return None
        if getattr(request.user, "is_superuser", False):
            return user
        caller = caller_of(request)
        if not caller.can(Capability.ADMINISTER):
            raise HttpError(403, f"only administrators may {self.action}; your role is {caller.role or 'none'}")
        return user


def administrators_only(action: str) -> list[AdministratorsOnly]:
    """Route-level `auth=` for an endpoint only administrators may call (token or signed-in session)."""
    return [_gate(PersonalToken(), action), _gate(django_auth, action)]


def _gate(inner: Any, action: str) -> AdministratorsOnly:
    """`AdministratorsOnly(inner, action)`, described in the OpenAPI schema as `inner`'s own scheme.

    django-ninja lists an operation's security under the class name of each auth object, with that
    object's `openapi_security_schema`: a gate named after the class it wraps, carrying its scheme,
    makes these endpoints list the same `PersonalToken` and `SessionAuth` as the rest of the API
    (without it they would be documented as needing no authentication)."""
    gate_class: type[AdministratorsOnly] = type(
        type(inner).__name__, (AdministratorsOnly,), {"__doc__": AdministratorsOnly.__doc__}
    )
    return gate_class(inner, action)
