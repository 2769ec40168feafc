"""API endpoints about the caller themself."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema

from heartline.core.scoping import caller_of

router = Router(tags=["me"])


class MeOut(Schema):
    username: str
    role: str
    employee_code: str | None
    unit: str | None
    sees_everything: bool
    unit_codes: list[str]


@router.get("/me", response=MeOut, summary="Who the token belongs to and what they may see")
def me(request: HttpRequest) -> MeOut:
    caller = caller_of(request)
    return MeOut(
        username=caller.username,
        role=caller.role,
        employee_code=caller.employee_code,
        unit=caller.unit_code,
        sees_everything=caller.scope.unrestricted,
        unit_codes=sorted(caller.scope.unit_codes),
    )
