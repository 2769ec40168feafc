"""What other apps (quality, coaching) may know of behaviors: plain values, no models."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class BehaviorText:
    """A behavior as worded for a unit at a moment: the wording in force then (unit's, else division's)."""

    behavior_id: int
    code: str
    kind: str  # "front_line" or "leadership"
    value_name: str
    title: str
    description: str
    looks_like: tuple[str, ...]
    does_not_look_like: tuple[str, ...]
    version: int
    unit_code: str | None  # None: the division's wording
    effective_from: dt.datetime
    reinforced_by: tuple[str, ...] = ()  # codes of the leadership behaviors that reinforce it

    @property
    def customized(self) -> bool:
        return self.unit_code is not None
