"""What a server process imports before it takes its first request.

The command line imports the analysis libraries only when a command computes (a kept answer is read
without them), and Django loads the URL conf on the first request. A server should pay neither on a
person's first page view: each worker process imports every view (and with them Ibis, DuckDB,
pyarrow, pandas, Altair, scikit-learn), the warehouse registries and the metric engine as it boots,
before granian hands it a connection.
"""

from __future__ import annotations


def import_what_requests_use() -> None:
    """Import every view (the URL conf), load the warehouse registries (tables, derived tables, runners)
    and make the process's DuckDB table source, as the first requests would otherwise do."""
    from django.urls import get_resolver

    from heartline.core.analytics import warehouse_source
    from heartline.warehouse.registrations import load_deferred

    get_resolver().url_patterns  # noqa: B018 - reading it imports the URL conf and every view
    load_deferred()
    warehouse_source()
