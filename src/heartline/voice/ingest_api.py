"""`POST /api/v1/ingest/survey-responses`: batched survey responses from integrators."""

from ninja import Router

router = Router(tags=["ingest"])
