"""`/api/v1/coaching/`."""

from ninja import Router

router = Router(tags=["coaching"])
