"""Pages computed ahead: after the warehouse changes, the answers of the pages that are slow to compute
on a first view are put in the shared result cache before anyone asks, for each scope that opens them.

Every answer in the shared cache is keyed by the version of every warehouse table (ADR 0008), so an
ingest makes the next view of a page such as Voice analysis (bootstrapped drivers) compute again, and
a restarted server still finds what was computed before it stopped. Each app registers its slow pages'
default views in its `AppConfig.ready()` (`add_warmer`): a function of a `Caller` that asks the same
selectors the page asks, with the page's defaults. `warm_pages` runs them for one caller per distinct
scope among the people whose role opens the page (not the representatives' own one-person scopes:
there are thousands, and their pages are quick), after every ingest (the worker's `warm_page_answers`
task, queued once the derived tables are current) and before the demo is served.

Warming never fails an ingest: an error is reported in the result and logged, and the page computes on
its first view as it would have.
"""

from __future__ import annotations

import importlib
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from heartline.core.contracts import Caller, Scope
from heartline.core.permissions import Capability

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Warmer:
    """A page's default view computed ahead: `target` ("package.module:function", imported when warming
    runs) is called with each caller whose role holds `capability` (None: everyone signed in)."""

    page: str
    target: str
    capability: Capability | None = None

    def function(self) -> Callable[[Caller], object]:
        module, _, name = self.target.partition(":")
        found: Callable[[Caller], object] = getattr(importlib.import_module(module), name)
        return found


@dataclass(frozen=True)
class Warmed:
    """One page warmed for one scope: how long it took, or what went wrong."""

    page: str
    scope: str
    seconds: float
    error: str = ""


_WARMERS: dict[str, Warmer] = {}


def add_warmer(page: str, target: str, capability: Capability | None = None) -> None:
    _WARMERS[page] = Warmer(page, target, capability)


def warmers() -> list[Warmer]:
    return sorted(_WARMERS.values(), key=lambda w: w.page)


def describe(scope: Scope) -> str:
    if scope.unrestricted:
        return "everything"
    parts = [f"units {', '.join(sorted(scope.unit_codes))}"] if scope.unit_codes else []
    if scope.agent_ids:
        parts.append(f"{len(scope.agent_ids)} representative(s)")
    return "; ".join(parts) or "nothing"


def warm_pages(callers: list[Caller], progress: Callable[[Warmed], None] | None = None) -> list[Warmed]:
    """Each registered page's default view for each of `callers` it opens for (see `callers_to_warm`)."""
    done: list[Warmed] = []
    for warmer in warmers():
        function = warmer.function()
        for caller in callers:
            if warmer.capability is not None and not (caller.can(warmer.capability) or caller.scope.unrestricted):
                continue
            began = time.perf_counter()
            error = ""
            try:
                function(caller)
            except Exception as exc:  # a page that cannot be warmed computes on its first view instead
                logger.exception("warming %s for %s failed", warmer.page, describe(caller.scope))
                error = f"{type(exc).__name__}: {exc}"
            outcome = Warmed(warmer.page, describe(caller.scope), round(time.perf_counter() - began, 3), error)
            done.append(outcome)
            if progress is not None:
                progress(outcome)
    return done
