"""`POST /api/v1/ingest/staffing-plan`: a staffing plan as a JSON batch, checked and stored exactly as a
file is by `heartline ingest staffing-plan` (administrators only, like every ingest endpoint)."""

from __future__ import annotations

from ninja import Router

from heartline.core.ingest_api import mount_ingest_endpoint
from heartline.workforce.staffing_plan import STAFFING_PLAN_FORMAT

router = Router(tags=["ingest"])
mount_ingest_endpoint(router, STAFFING_PLAN_FORMAT)
