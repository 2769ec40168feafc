"""`POST /api/v1/ingest/test-calls`: a batch of test calls, checked and stored exactly as a file is by
`heartline ingest test-calls` (the ingest engine's endpoint, mounted for this kind). Only
administrators (and superusers) may ingest.
"""

from __future__ import annotations

from ninja import Router

from heartline.compliance.test_calls import TEST_CALLS_FORMAT
from heartline.core.ingest_api import mount_ingest_endpoint

router = Router(tags=["ingest"])
mount_ingest_endpoint(router, TEST_CALLS_FORMAT)
