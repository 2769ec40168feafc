"""What one demo step hands the next: the staff, the members and the cases contacts opened.

Plain arrays and codes, no Django models, so the vectorised generators can index them directly:
a representative is a row of `RepRoster`, a member a row of `MemberRoster`, and each array is
aligned on that row.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

Int = npt.NDArray[np.int64]
Float = npt.NDArray[np.float64]
Bool = npt.NDArray[np.bool_]


@dataclass(frozen=True)
class RepRoster:
    """The representatives who handle contacts: employee code, unit index, team code, languages.

    `speaks[i, k]` is True when representative i speaks blueprint.LANGUAGES[k].
    """

    codes: tuple[str, ...]
    unit: Int
    team_codes: tuple[str, ...]
    speaks: Bool

    def __len__(self) -> int:
        return len(self.codes)


@dataclass(frozen=True)
class OrgDirectory:
    """The organization the org step built: its division, representatives and persona employees."""

    division_code: str
    reps: RepRoster
    persona_codes: Mapping[str, str]  # username -> employee code


@dataclass(frozen=True)
class MemberRoster:
    """The demo members: ids and, per member, indexes into the blueprint's plan/language/channel tuples."""

    member_ids: tuple[str, ...]
    plan: Int
    pool: Int
    language: Int
    preferred_channel: Int
    activity: Float

    def __len__(self) -> int:
        return len(self.member_ids)


@dataclass(frozen=True)
class CaseOpenings:
    """The contacts that opened a case, one row per case, in case-id order.

    `case_ids[i]` is the id the contacts table carries for case i; the cases step turns each row
    into a tracked member issue (type, priority, processing time).
    """

    case_ids: tuple[str, ...]
    member: Int
    unit: Int
    reason: Int
    opened_us: Int
    consulted: Bool

    def __len__(self) -> int:
        return len(self.case_ids)
