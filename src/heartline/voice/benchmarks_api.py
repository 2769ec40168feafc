"""`POST /api/v1/ingest/voice-benchmarks`: a batch of outside benchmark rows in the generic layout
(`measure`, `value`, `n`, `period`, `source`, …), checked and stored exactly as a file is by
`heartline voice benchmarks load` (the ingest engine's endpoint, mounted for this kind). Only
administrators (and superusers) may ingest.
"""

from __future__ import annotations

from ninja import Router

from heartline.core.ingest_api import mount_ingest_endpoint
from heartline.voice.benchmarks import BENCHMARK_FORMAT

router = Router(tags=["ingest"])
mount_ingest_endpoint(router, BENCHMARK_FORMAT)
