"""Throttling of guesses: the lockout page for passwords (django-axes counts those) and the count of
wrong API tokens per address, which this module keeps.

Both use HEARTLINE_LOGIN_FAILURE_LIMIT and HEARTLINE_LOGIN_LOCKOUT_MINUTES. Every lockout is logged
(the `heartline.security` logger and the access log) so an administrator can see who was guessing.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import logging
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from heartline.core.models import AccessLogEntry, AccessOutcome, TokenFailure

log = logging.getLogger("heartline.security")

# Stands for a peer with no usable address (a request made in code, a proxy header that is no
# address): django-axes stores addresses in an inet column on PostgreSQL, which refuses anything else.
UNKNOWN_ADDRESS = "0.0.0.0"  # noqa: S104 - a placeholder value, never bound to


def _address(candidate: object) -> str | None:
    try:
        return str(ipaddress.ip_address(str(candidate).strip()))
    except ValueError:
        return None


def lockout_window() -> dt.timedelta:
    return dt.timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)


def client_address(request: HttpRequest) -> str:
    """The address guesses are counted against (also django-axes' AXES_CLIENT_IP_CALLABLE).

    The peer address, unless HEARTLINE_TRUSTED_PROXIES says how many proxies stand in front: then the
    address the outermost trusted proxy saw, read from the right of X-Forwarded-For, since entries to
    its left are written by the client and could be anything. Without this every person behind a
    proxy would share the proxy's address, and one guesser would lock them all out."""
    proxies: int = settings.HEARTLINE_TRUSTED_PROXIES
    header = str(request.META.get("HTTP_X_FORWARDED_FOR", ""))
    forwarded = [part.strip() for part in header.split(",") if part.strip()]
    if proxies > 0 and forwarded:
        seen_by_proxy = _address(forwarded[-min(proxies, len(forwarded))])
        if seen_by_proxy:
            return seen_by_proxy
    return _address(request.META.get("REMOTE_ADDR", "")) or UNKNOWN_ADDRESS


def lockout_page(request: HttpRequest, original_response: Any = None, credentials: Any = None) -> HttpResponse:
    """django-axes' AXES_LOCKOUT_CALLABLE: the styled page a locked-out person sees (429)."""
    context = {"failure_limit": settings.LOGIN_FAILURE_LIMIT, "lockout_minutes": settings.LOGIN_LOCKOUT_MINUTES}
    return render(request, "core/lockout.html", context, status=429)


def record_password_lockout(username: str, address: str) -> None:
    """Log a sign-in refused because the account or the address is locked out."""
    log.warning("sign-in locked out: username=%r address=%s", username, address)
    AccessLogEntry.objects.create(
        username=username[:150],
        action="login.locked_out",
        resource=f"user:{username}"[:200],
        channel="web",
        detail={"address": address},
        outcome=AccessOutcome.DENIED,
    )


def token_address_locked(address: str) -> bool:
    """Whether `address` presented LOGIN_FAILURE_LIMIT wrong tokens within the lockout period."""
    since = timezone.now() - lockout_window()
    return TokenFailure.objects.filter(address=address, at__gt=since).count() >= settings.LOGIN_FAILURE_LIMIT


def record_token_failure(address: str) -> None:
    """Count one wrong token from `address` (and forget failures older than the lockout period).

    A right token does not clear the count: someone holding one good token must not be able to use
    it to reset the count between guesses at others'."""
    now = timezone.now()
    TokenFailure.objects.filter(at__lte=now - lockout_window()).delete()
    TokenFailure.objects.create(address=address, at=now)
    if token_address_locked(address):
        log.warning("API token guessing: address %s locked out after wrong tokens", address)
        AccessLogEntry.objects.create(
            action="token.locked_out",
            resource=f"address:{address}",
            channel="api",
            detail={"address": address},
            outcome=AccessOutcome.DENIED,
        )
