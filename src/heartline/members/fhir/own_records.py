"""Heartline's own records about a member as FHIR resources: filled in by the own-records work.

Contacts become `Communication`, cases `Task`, survey answers `QuestionnaireResponse`. `$everything`
and `heartline export fhir` call `resources_for`; until that work lands it returns nothing.
"""

from __future__ import annotations

from heartline.core.contracts import Caller


def resources_for(caller: Caller, member_id: str) -> list[dict[str, object]]:
    """The member's contacts, cases and survey answers `caller` may see, as R4 resources (filled in by
    the own-records work)."""
    return []
