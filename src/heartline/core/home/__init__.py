"""Each role's home page: the one page a person lands on, answering "how am I (my team, my units, my
division) doing, and what do I do next?" without a click.

A role's page is a small module here (`build(request, caller)` → the template's context) and a
template under `core/home/`. Which page a person gets follows their capabilities in the permission
policy, never a role's name: those who take contacts get the representative's page, team leaders the
coach's, and so on; everyone else gets a short page of their sections. Every module reads through the
apps' selectors, analytics and contracts, scoped by the caller.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest

from heartline.core.contracts import Caller
from heartline.core.home import agent, coach, leader, qa, sections, trainer
from heartline.core.permissions import Capability


@dataclass(frozen=True)
class HomePage:
    name: str
    template: str
    build: Callable[[HttpRequest, Caller], dict[str, Any]]


def _page(name: str, module: Any) -> HomePage:
    return HomePage(name, f"core/home/{name}.html", module.build)


# In order: the first capability the caller holds picks their page. Administrators see everything,
# so their page is the list of sections rather than any one role's figures.
PAGES: tuple[tuple[Capability, HomePage], ...] = (
    (Capability.ADMINISTER, _page("sections", sections)),
    (Capability.TAKE_CONTACTS, _page("agent", agent)),
    (Capability.LEAD_A_TEAM, _page("coach", coach)),
    (Capability.LEAD_A_UNIT, _page("leader", leader)),
    (Capability.COACH_MANAGERS, _page("leader", leader)),
    (Capability.DEFINE_PROGRAMS, _page("trainer", trainer)),
    (Capability.LEAD_CALIBRATION, _page("qa", qa)),
)
OTHERS = _page("sections", sections)


def home_page_for(caller: Caller) -> HomePage:
    """The home page `caller` lands on."""
    for capability, page in PAGES:
        if caller.can(capability):
            return page
    return OTHERS
