"""`POST /api/v1/ingest/articles`: articles pushed by integrators (optional)."""

from ninja import Router

router = Router(tags=["ingest"])
