"""What a scoped read needs to know about the person reading: their role's capabilities and scope.

`core.contracts.Caller` is the one implementation; models' `visible_to(viewer)` querysets and the
permission policy take this protocol instead, so the models layer never imports the contracts.
"""

from __future__ import annotations

from typing import Protocol

from heartline.core.permissions import Capability
from heartline.warehouse.scope import Scope


class Viewer(Protocol):
    """The person behind a read: who they are, what they see, what they may do."""

    @property
    def user_id(self) -> int | None: ...

    @property
    def role(self) -> str: ...

    @property
    def employee_code(self) -> str | None: ...

    @property
    def scope(self) -> Scope: ...

    @property
    def is_operator(self) -> bool: ...

    def can(self, capability: Capability) -> bool: ...
