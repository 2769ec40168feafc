"""What part of the warehouse a caller may see, applied to every query by the runner framework."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Scope:
    """Rows a caller may see: those of `unit_codes`, plus those handled by `agent_ids`.

    `Scope.everything()` (operators, the CLI, admins) sees every row; division-wide roles get the
    units of their division; `Scope.nothing()` sees none. A row is visible when its unit is in `unit_codes` or its
    agent is in `agent_ids`.
    """

    unrestricted: bool = False
    unit_codes: frozenset[str] = frozenset()
    agent_ids: frozenset[str] = frozenset()

    @classmethod
    def everything(cls) -> Scope:
        return cls(unrestricted=True)

    @classmethod
    def nothing(cls) -> Scope:
        return cls()

    @classmethod
    def of_units(cls, *unit_codes: str) -> Scope:
        return cls(unit_codes=frozenset(unit_codes))

    @classmethod
    def of_agent(cls, agent_id: str) -> Scope:
        return cls(agent_ids=frozenset({agent_id}))

    @property
    def is_empty(self) -> bool:
        return not self.unrestricted and not self.unit_codes and not self.agent_ids
