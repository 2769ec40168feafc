"""What a server process does before it takes its first request.

The command line imports the analysis libraries only when a command computes (a kept answer is read
without them), and Django loads the URL conf on the first request. A server should pay neither on a
person's first page view: each worker process imports every view (and with them Ibis, DuckDB,
pyarrow, pandas, Altair, scikit-learn), the warehouse registries and the metric engine as it boots,
before granian hands it a connection. It also does once what each page's first view did on its own: the
URL names indexed for `reverse` (~20 ms) and Heartline's templates compiled (~10 ms a page; ~0.2 s for
all at boot). What is left of the first One and Done view at the large demo is the warehouse queries.
"""

from __future__ import annotations

import contextlib
from pathlib import Path


def import_what_requests_use() -> None:
    """Import every view (the URL conf), load the warehouse registries (tables, derived tables, runners)
    and make the process's DuckDB table source, as the first requests would otherwise do; then warm what
    a first view would pay for once (`warm_first_view_paths`)."""
    from django.urls import get_resolver

    from heartline.core.analytics import warehouse_source
    from heartline.warehouse.registrations import load_deferred

    get_resolver().url_patterns  # noqa: B018 - reading it imports the URL conf and every view
    load_deferred()
    warehouse_source()
    warm_first_view_paths()


def warm_first_view_paths() -> None:
    """Index the URL names and compile Heartline's templates (kept by Django's cached loader): one-time
    costs a person's first page view paid before."""
    from django.template import TemplateSyntaxError, engines
    from django.template.loader import get_template
    from django.urls import reverse

    reverse("home")  # builds the resolver's index of every URL name
    package = Path(__file__).resolve().parent.parent
    for folder in engines["django"].template_dirs:
        root = Path(folder)
        if package in root.parents:
            for template in sorted(root.rglob("*.html")):
                # A template that does not compile fails its own page, as before, not the server's start.
                with contextlib.suppress(TemplateSyntaxError):
                    get_template(template.relative_to(root).as_posix())
