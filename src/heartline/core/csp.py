"""Content-Security-Policy for every response (Django 5.2 has no built-in CSP; Django 6 will).

Pages run only scripts served by Heartline itself: htmx and our own files under /static/, the
vega bundle at /vendor/vega-bundle.js, and django-ninja's Swagger UI (also static files). No page
has an inline script or event handler, and charts are drawn with Vega's expression interpreter
(`ast: true` in core/static/core/charts.js), so neither 'unsafe-inline' nor 'unsafe-eval' is
allowed for scripts. Styles do allow 'unsafe-inline': vega-embed, htmx and Swagger UI inject
<style> elements and a few templates carry style="" attributes, and inline styles cannot run code.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

HEADER = "Content-Security-Policy"

POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "frame-ancestors 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "object-src 'none'",
    ]
)


class ContentSecurityPolicyMiddleware:
    """Every response carries POLICY, unless the view already chose its own policy."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if HEADER not in response:
            response[HEADER] = POLICY
        return response
