"""The One and Done dashboard's default view computed ahead (`heartline.core.warming`): the same three
metric queries the page asks when opened with no filters, so its first view after an ingest is read
from the shared cache."""

from __future__ import annotations

from heartline.core.analytics import build_query, run_metric
from heartline.core.contracts import Caller

DEFAULT_VIEW = "unit"


def finest_grouping(view: str) -> list[str]:
    """The one grouping the dashboard reads; every view of the rate is an exact roll-up of it."""
    return ["month", view, "reason", "consulted"]


def warm_one_and_done(caller: Caller) -> None:
    run_metric(caller, "one-and-done", build_query("one-and-done", finest_grouping(DEFAULT_VIEW)))
    run_metric(caller, "handoff-rate", build_query("handoff-rate", []))
    run_metric(caller, "handoff-flow", build_query("handoff-flow", []))
