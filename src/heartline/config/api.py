"""The REST API under /api/v1/: one NinjaAPI, each app adding its router. Bearer tokens per person."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import HttpError
from ninja.openapi.schema import OpenAPISchema
from ninja.security import django_auth

from heartline.behaviors.api import router as behaviors_router
from heartline.coaching.api import router as coaching_router
from heartline.coaching.leader_api import router as coaching_leaders_router
from heartline.compliance.api import router as compliance_router
from heartline.compliance.case_api import router as compliance_case_router
from heartline.compliance.ingest_api import router as compliance_ingest_router
from heartline.compliance.universes_api import router as compliance_universes_router
from heartline.config.error_responses import document_error_responses
from heartline.contacts.ingest_api import router as ingest_router
from heartline.core.access_log_api import router as access_log_router
from heartline.core.api import router as core_router
from heartline.core.auth import PersonalToken
from heartline.core.denials import record_denial
from heartline.core.errors import ActionRefused, NotFound
from heartline.core.metrics_api import router as metrics_router
from heartline.insights.actions.api import router as insights_actions_router
from heartline.insights.campaigns_api import router as insights_campaigns_router
from heartline.insights.risk_api import router as insights_risk_router
from heartline.learning.api import router as learning_router
from heartline.library.adoption_api import router as library_adoption_router
from heartline.library.api import router as library_router
from heartline.library.ingest_api import router as library_ingest_router
from heartline.members.api import router as members_router
from heartline.members.fhir_api import ingest_router as fhir_ingest_router
from heartline.members.fhir_api import router as fhir_router
from heartline.members.preferences_api import router as member_preferences_router
from heartline.quality.api import router as quality_router
from heartline.transcripts.api import router as transcripts_router
from heartline.transcripts.ingest_api import router as transcripts_ingest_router
from heartline.voice.api import router as voice_router
from heartline.voice.benchmarks_api import router as voice_benchmarks_ingest_router
from heartline.voice.follow_up_api import router as voice_follow_up_router
from heartline.voice.ingest_api import router as voice_ingest_router
from heartline.workforce.api import router as workforce_router
from heartline.workforce.plan_ingest_api import router as staffing_plan_ingest_router


class HeartlineAPI(NinjaAPI):
    """django-ninja's API, whose schema also lists the error answers every operation can give."""

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        document_error_responses(schema)
        return schema


api = HeartlineAPI(
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
    first, so an error that is both a refusal and a permission error is a 403. A 403 or 404 for a
    signed-in caller is written to the access log as denied.
    """
    if isinstance(exc, PermissionDenied):
        record_denial(request, 403, str(exc), channel="api")
        return api.create_response(request, {"detail": str(exc) or "not allowed"}, status=403)
    if isinstance(exc, NotFound):
        record_denial(request, 404, str(exc), channel="api")
        return api.create_response(request, {"detail": str(exc)}, status=404)
    return api.create_response(request, {"detail": str(exc)}, status=400)


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    """django-ninja's own answer (`{"detail": message}`, the error's status); a 403 or 404 is logged as denied."""
    if exc.status_code in (403, 404):
        record_denial(request, exc.status_code, str(exc), channel="api")
    return api.create_response(request, {"detail": str(exc)}, status=exc.status_code)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    """django-ninja's own 404 answer (the message only with DEBUG on), logged as denied."""
    record_denial(request, 404, str(exc), channel="api")
    detail = f"Not Found: {exc}" if settings.DEBUG else "Not Found"
    return api.create_response(request, {"detail": detail}, status=404)


api.add_router("/", core_router)
api.add_router("/", access_log_router)
api.add_router("/metrics", metrics_router)
api.add_router("/ingest", ingest_router)
api.add_router("/ingest", voice_ingest_router)
api.add_router("/ingest", voice_benchmarks_ingest_router)
api.add_router("/ingest", library_ingest_router)
api.add_router("/ingest", compliance_ingest_router)
api.add_router("/ingest", fhir_ingest_router)
api.add_router("/ingest", staffing_plan_ingest_router)
api.add_router("/fhir", fhir_router)
api.add_router("/behaviors", behaviors_router)
api.add_router("/quality", quality_router)
api.add_router("/coaching", coaching_router)
api.add_router("/coaching/leaders", coaching_leaders_router)
api.add_router("/compliance", compliance_router)
api.add_router("/compliance", compliance_case_router)
api.add_router("/compliance", compliance_universes_router)
api.add_router("/learning", learning_router)
api.add_router("/voice", voice_router)
api.add_router("/voice", voice_follow_up_router)
api.add_router("/library", library_router)
api.add_router("/library", library_adoption_router)
api.add_router("/workforce", workforce_router)
api.add_router("/transcripts", transcripts_router)
api.add_router("/ingest", transcripts_ingest_router)
# Before the member view's router at the same prefix: /members/index must not be read as a member id.
api.add_router("/members", member_preferences_router)
api.add_router("/members", members_router)
api.add_router("/insights", insights_actions_router)
api.add_router("/insights", insights_risk_router)
api.add_router("/insights", insights_campaigns_router)
