"""What other apps may know about members' preferences and consent (frozen dataclasses)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class ConsentState:
    """A member's current answer for one channel and purpose: the latest `ConsentDecision`."""

    channel: str
    purpose: str
    granted: bool
    express: bool
    source: str
    recorded_at: dt.datetime
    recorded_by: str
