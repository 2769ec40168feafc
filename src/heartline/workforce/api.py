"""`/api/v1/workforce/`."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["workforce"])
