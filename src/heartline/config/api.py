"""The REST API under /api/v1/: one NinjaAPI, each app adding its router. Bearer tokens per person."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.security import django_auth

from heartline.behaviors.api import router as behaviors_router
from heartline.coaching.api import router as coaching_router
from heartline.contacts.ingest_api import router as ingest_router
from heartline.core.api import router as core_router
from heartline.core.auth import PersonalToken
from heartline.core.errors import ActionRefused, NotFound
from heartline.core.metrics_api import router as metrics_router
from heartline.learning.api import router as learning_router
from heartline.library.api import router as library_router
from heartline.library.ingest_api import router as library_ingest_router
from heartline.quality.api import router as quality_router
from heartline.voice.api import router as voice_router
from heartline.voice.ingest_api import router as voice_ingest_router

api = NinjaAPI(
    title="Heartline API",
    version="1",
    description="Member-services metrics and workflow. Authenticate with a personal token "
    "(`heartline token create USERNAME`) as `Authorization: Bearer <token>`; every answer is limited "
    "to what that person may see.",
    auth=[PersonalToken(), django_auth],
    urls_namespace="api-v1",
)


@api.exception_handler(PermissionDenied)
@api.exception_handler(ActionRefused)
def refused(request: HttpRequest, exc: Exception) -> HttpResponse:
    """The API's one error mapping: NotAllowed (any PermissionDenied) 403, NotFound 404, ActionRefused 400.

    The body is `{"detail": message}`, the shape of django-ninja's own errors; permission is checked
    first, so an error that is both a refusal and a permission error is a 403.
    """
    if isinstance(exc, PermissionDenied):
        return api.create_response(request, {"detail": str(exc) or "not allowed"}, status=403)
    return api.create_response(request, {"detail": str(exc)}, status=404 if isinstance(exc, NotFound) else 400)


api.add_router("/", core_router)
api.add_router("/metrics", metrics_router)
api.add_router("/ingest", ingest_router)
api.add_router("/ingest", voice_ingest_router)
api.add_router("/ingest", library_ingest_router)
api.add_router("/behaviors", behaviors_router)
api.add_router("/quality", quality_router)
api.add_router("/coaching", coaching_router)
api.add_router("/learning", learning_router)
api.add_router("/voice", voice_router)
api.add_router("/library", library_router)
