"""Every chart's Vega-Lite spec goes through here: built once per figure, schema-checked only in development.

Altair's `to_dict()` validates the spec against the Vega-Lite JSON schema each time, which cost the One
and Done page most of its time per view. A builder decorated with `@chart_spec` is run once per input:
its spec is kept in the shared cache (`warehouse.shared_cache`, beside the metric results) under the
builder's name and its input spelled out, so the same figures give the same spec without building it
again, in this process or another one, and new figures (after an ingest, another filter) a new one.
`vega_lite(chart)` checks against the schema only when DEBUG is on (development and the tests).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache, wraps
from typing import TYPE_CHECKING, Any, ParamSpec

from django.conf import settings

from heartline.core.analytics import warehouse_source
from heartline.warehouse.result_cache import cache_folder
from heartline.warehouse.shared_cache import SharedCache

if TYPE_CHECKING:
    import altair as alt

P = ParamSpec("P")
Spec = dict[str, Any]
# Specs are small (tens of kB); the charts of every page and filter in use fit many times over.
MAX_SPEC_BYTES = 64 * 1024 * 1024


def vega_lite(chart: alt.TopLevelMixin) -> Spec:
    """The chart's spec; validated against the Vega-Lite schema only under DEBUG (development, tests)."""
    spec: Spec = chart.to_dict(validate=bool(settings.DEBUG))
    return spec


@lru_cache(maxsize=4)
def _specs(folder: str) -> SharedCache:
    from pathlib import Path

    return SharedCache(Path(folder), max_bytes=MAX_SPEC_BYTES, memory_entries=512)


def spec_cache() -> SharedCache:
    return _specs(str(cache_folder(warehouse_source().warehouse, "charts")))


def chart_spec(builder: Callable[P, Spec]) -> Callable[P, Spec]:
    """`builder`'s spec for these arguments, built once and then read from the shared cache. The spec
    returned is shared: serialize it, never change it in place."""
    name = f"{builder.__module__}.{builder.__qualname__}"

    @wraps(builder)
    def cached(*args: P.args, **kwargs: P.kwargs) -> Spec:
        return spec_cache().get(("chart", name, args, kwargs), lambda: builder(*args, **kwargs))

    return cached
