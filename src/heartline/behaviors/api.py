"""`/api/v1/behaviors/`."""

from ninja import Router

router = Router(tags=["behaviors"])
