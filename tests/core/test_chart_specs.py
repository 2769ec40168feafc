"""Chart specs: what a user sees is unchanged, built once per input, never schema-checked in production."""

from __future__ import annotations

import datetime as dt
import sys
from typing import Any

import altair as alt
import pytest
from pytest_django.fixtures import Settings

from heartline.contacts import charts as contact_charts
from heartline.core import charts as core_charts
from heartline.core.chart_specs import spec_cache
from heartline.voice import charts as voice_charts

MONTHS = [{"month": dt.date(2026, m, 1), "value": 0.6 + m / 100, "n": 1000 + m} for m in range(1, 7)]
FLOW = [
    {"from_queue": "claims", "to_queue": "pharmacy", "n": 12},
    {"from_queue": "billing", "to_queue": "claims", "n": 3},
]

BUILDERS: list[tuple[str, Any, tuple[Any, ...]]] = [
    ("one-and-done trend", contact_charts.resolution_trend, (MONTHS,)),
    ("one-and-done by unit", contact_charts.rate_bars, ([{"group": "Claims", "value": 0.7, "n": 40}], "group", "Unit")),
    ("handoff matrix", contact_charts.handoff_matrix, (FLOW,)),
    ("contact volume", core_charts.volume_trend, ([{"month": dt.date(2026, 1, 1), "n": 5}],)),
    ("share bars", core_charts.share_bars, ([{"channel": "phone", "n": 5}], "channel", "Channel")),
    ("driver bars", voice_charts.driver_bars, ([{"label": "Wait", "weight": 0.4, "ci_low": 0.3, "ci_high": 0.5}],)),
]


@pytest.fixture(autouse=True)
def empty_spec_cache() -> None:
    cache = spec_cache()
    cache.forget_memory()
    for path in cache.folder.glob("*"):
        path.unlink()


class ToDictSpy:
    """Counts Altair's `to_dict` calls and records whether each validated."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.validated: list[bool] = []
        original = alt.TopLevelMixin.to_dict

        def spy(chart: alt.TopLevelMixin, validate: bool = True, **kwargs: Any) -> dict[str, Any]:
            self.validated.append(validate)
            return original(chart, validate=validate, **kwargs)

        for cls in (alt.Chart, alt.LayerChart, alt.TopLevelMixin):
            monkeypatch.setattr(cls, "to_dict", spy)


@pytest.mark.parametrize(("name", "builder", "args"), BUILDERS, ids=[b[0] for b in BUILDERS])
def test_the_spec_is_what_altair_validates_and_is_built_once(
    name: str, builder: Any, args: tuple[Any, ...], settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.DEBUG = True  # development and tests: checked against the Vega-Lite schema
    validated = builder.__wrapped__(*args)

    settings.DEBUG = False  # production
    spy = ToDictSpy(monkeypatch)
    module = sys.modules[builder.__module__]
    builds: list[int] = []
    build = module.vega_lite
    monkeypatch.setattr(module, "vega_lite", lambda chart: builds.append(1) or build(chart))
    served = builder(*args)
    again = builder(*args)
    spec_cache().forget_memory()  # another process over the same cache folder
    elsewhere = builder(*args)

    assert served == validated == again == elsewhere  # nothing a user sees changes
    assert len(builds) == 1  # built once for these figures
    assert spy.validated == [False] * len(spy.validated)  # never checked against the schema


def test_new_figures_make_a_new_spec() -> None:
    before = contact_charts.resolution_trend(MONTHS)
    after = contact_charts.resolution_trend([*MONTHS, {"month": dt.date(2026, 7, 1), "value": 0.5, "n": 7}])

    assert before != after
    assert len(after["datasets"][next(iter(after["datasets"]))]) == len(MONTHS) + 1
