"""`POST /api/v1/ingest/contacts` and `/api/v1/ingest/cases`: a batch of native records, checked and
stored exactly as a file is by `heartline ingest`. Only administrators (and superusers) may ingest.
"""

from __future__ import annotations

from ninja import Router

from heartline.contacts.ingest.formats import FORMATS
from heartline.core.ingest_api import mount_ingest_endpoint

KINDS = ("contacts", "cases")


def build_router() -> Router:
    """A router with one endpoint per kind (a function, so tests can mount a fresh one)."""
    router = Router(tags=["ingest"])
    for kind in KINDS:
        mount_ingest_endpoint(router, FORMATS[kind])
    return router


router = build_router()
