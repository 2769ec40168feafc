"""`/api/v1/voice/`."""

from ninja import Router

router = Router(tags=["voice"])
