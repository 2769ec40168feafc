"""How API callers prove who they are: personal bearer tokens, and a gate for administrators' endpoints."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest
from ninja.errors import HttpError
from ninja.security import HttpBearer, django_auth

from heartline.core.permissions import Capability
from heartline.core.scoping import caller_of
from heartline.core.services import user_for_token


class PersonalToken(HttpBearer):
    """`Authorization: Bearer hl_…` — a token created with `heartline token create USERNAME`."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = user_for_token(token)
        if user is None:
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
    return [AdministratorsOnly(PersonalToken(), action), AdministratorsOnly(django_auth, action)]
