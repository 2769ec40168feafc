"""Who sees what of a member (docs/members.md, "Who sees what"), as one table: role × section.

S = shown, - = withheld; a role that may not look up members is refused (403) before any section.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from heartline.core.contracts import Caller
from heartline.core.errors import NotAllowed
from heartline.members.contracts import SECTIONS
from heartline.members.models import Member
from heartline.members.selectors import member_view

pytestmark = pytest.mark.django_db

#                   header contacts cases surveys claims encounters conditions medications audits coaching
TABLE = """
agent               S      S        S     S       S      S          -          -           S      S
coach               S      S        S     S       S      S          -          -           S      S
qa                  S      S        S     S       S      S          -          -           S      S
manager             S      S        S     S       S      S          -          -           S      S
care_manager        S      S        S     S       S      S          S          S           S      S
compliance          S      S        S     S       S      S          S          S           S      S
admin               S      S        S     S       S      S          S          S           S      S
"""
REFUSED = ("exec", "trainer", "cx_analyst", "workforce_planner")
ROWS = {line.split()[0]: line.split()[1:] for line in TABLE.strip().splitlines()}


@pytest.mark.parametrize("username", sorted(ROWS))
def test_sections_shown_and_withheld_by_role(
    username: str, member: Member, caller_named: Callable[[str], Caller]
) -> None:
    expected = dict(zip(SECTIONS, ROWS[username], strict=True))

    view = member_view(caller_named(username), "M0001")

    assert view.shown == tuple(s for s in SECTIONS if expected[s] == "S")
    assert view.withheld == tuple(s for s in SECTIONS if expected[s] == "-")
    assert (len(view.conditions) > 0, len(view.medications) > 0) == (
        expected["conditions"] == "S",
        expected["medications"] == "S",
    )


@pytest.mark.parametrize("username", REFUSED)
def test_roles_that_may_not_look_up_members_are_refused(
    username: str, member: Member, caller_named: Callable[[str], Caller]
) -> None:
    with pytest.raises(NotAllowed):
        member_view(caller_named(username), "M0001")


@pytest.mark.parametrize(("username", "clinical"), [("agent", False), ("manager", False), ("care_manager", True)])
def test_diagnoses_drugs_and_encounter_reasons_only_with_clinical_access(
    username: str, clinical: bool, member: Member, caller_named: Callable[[str], Caller]
) -> None:
    view = member_view(caller_named(username), "M0001")

    by_claim = {c.claim_id: c for c in view.claims}
    assert by_claim["CLM-PAID"].diagnosis_codes == ("E11.9" if clinical else None)
    assert by_claim["CLM-RX"].service_display == ("Metformin 500 mg" if clinical else None)
    assert by_claim["CLM-PAID"].service_display == "Office visit"
    assert view.encounters[0].reason_display == ("Type 2 diabetes" if clinical else None)
    texts = " ".join(f"{e.title} {e.detail}" for e in view.timeline)
    assert ("Metformin" in texts, "diabetes" in texts) == (clinical, clinical)
