"""What other apps may import from core: the caller as a plain value, the capabilities of the permission
policy it can be asked about, and the warehouse scope type."""

from __future__ import annotations

from dataclasses import dataclass

from heartline.core.permissions import Capability, allows
from heartline.warehouse.scope import Scope

__all__ = ["Caller", "Capability", "Scope"]


@dataclass(frozen=True)
class Caller:
    """The person behind a request or command, reduced to what scoping and auditing need."""

    user_id: int | None
    username: str
    role: str
    employee_code: str | None
    unit_code: str | None
    scope: Scope

    @property
    def is_operator(self) -> bool:
        """The command line runs as an operator: it sees everything and is not a person. (A signed-out
        visitor is no person either, but sees nothing, so is never the operator.)"""
        return self.user_id is None and self.scope.unrestricted

    def can(self, capability: Capability) -> bool:
        """Whether the caller's role holds `capability` in the permission policy."""
        return allows(self.role, capability)
