"""`POST /api/v1/ingest/survey-responses`: a batch of survey responses, checked and stored exactly as a
file is by `heartline ingest survey-responses` (the ingest engine's endpoint, mounted for this kind).
Only administrators (and superusers) may ingest.
"""

from __future__ import annotations

from ninja import Router

from heartline.core.ingest_api import mount_ingest_endpoint
from heartline.voice.ingest import SURVEY_FORMAT

router = Router(tags=["ingest"])
mount_ingest_endpoint(router, SURVEY_FORMAT)
