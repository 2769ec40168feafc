"""Every write to organization data, tokens and the access log."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from heartline.core.contracts import Caller
from heartline.core.errors import ActionRefused
from heartline.core.models import TOKEN_LIFETIME_DAYS, AccessLogEntry, AccessOutcome, ApiToken, Employee

TOKEN_PREFIX = "hl_"  # noqa: S105 - a marker that tells tokens apart, not a secret


class TokenError(ActionRefused):
    """A token cannot be issued (unknown user, no employee record)."""


class TokenExpired(Exception):
    """A bearer token that was real but whose expiry date has passed."""

    def __init__(self, expires_at: dt.datetime) -> None:
        super().__init__(f"this API token expired at {expires_at:%Y-%m-%d %H:%M} UTC")
        self.expires_at = expires_at


def token_digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def create_api_token(username: str, label: str = "", days: int = TOKEN_LIFETIME_DAYS) -> str:
    """Issue a personal API token for `username`, valid for `days` days; only its digest is kept, the
    token is returned once."""
    if days < 1:
        raise TokenError(f"a token must be valid for at least one day, not {days}")
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise TokenError(f"no user named {username!r}")
    employee = Employee.objects.filter(user=user).first()
    if employee is None:
        raise TokenError(f"user {username!r} has no employee record, so a token would carry no scope")
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        expires_at = timezone.now() + dt.timedelta(days=days)
        ApiToken.objects.create(
            employee=employee, digest=token_digest(raw), prefix=raw[:10], label=label, expires_at=expires_at
        )
        AccessLogEntry.objects.create(
            user=user,
            username=username,
            action="token.create",
            resource=f"user:{username}",
            channel="cli",
            detail={"label": label},
        )
    return raw


def user_for_token(raw: str):  # type: ignore[no-untyped-def]
    """The active user a bearer token belongs to, or None; records when the token was last used (at
    most once a minute, to spare writes). Raises TokenExpired for a real token past its expiry."""
    token = (
        ApiToken.objects.select_related("employee__user")
        .filter(digest=token_digest(raw), revoked_at__isnull=True)
        .first()
    )
    if token is None or not token.employee.user.is_active:
        return None
    now = timezone.now()
    if token.expires_at <= now:
        raise TokenExpired(token.expires_at)
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.employee.user


def revoke_api_tokens(username: str) -> int:
    """Revoke every active token of `username`; returns how many, and logs it."""
    with transaction.atomic():
        count = ApiToken.objects.filter(employee__user__username=username, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
        AccessLogEntry.objects.create(
            username=username,
            action="token.revoke",
            resource=f"user:{username}",
            channel="cli",
            detail={"count": count},
        )
    return count


def log_access(caller: Caller, action: str, resource: str, channel: str = "web", **detail: object) -> None:
    """Record that `caller` read protected data (a `member_id` in `detail` also names the member)."""
    member_id = detail.get("member_id")
    AccessLogEntry.objects.create(
        user_id=caller.user_id,
        username=caller.username,
        action=action,
        resource=resource,
        channel=channel,
        member_id=member_id if isinstance(member_id, str) else "",
        detail=detail,
    )


def log_member_access(
    caller: Caller, member_id: str, action: str, shown: list[str], channel: str = "web", **detail: object
) -> None:
    """Record that `caller` saw member `member_id`'s data: which parts (`shown`, e.g. ["header",
    "claims"]) through which `channel` (web, api, fhir, export, cli). What the access log and the
    member's accounting of disclosures are built from."""
    log_access(caller, action, f"member:{member_id}", channel, member_id=member_id, shown=shown, **detail)


def log_denied(caller: Caller, action: str, resource: str, channel: str = "web", **detail: object) -> None:
    """Record that `caller` was refused `resource`: outside their scope (404) or their role (403)."""
    member_id = detail.get("member_id")
    AccessLogEntry.objects.create(
        user_id=caller.user_id,
        username=caller.username,
        action=action[:60],
        resource=resource[:200],
        channel=channel,
        member_id=member_id[:40] if isinstance(member_id, str) else "",
        detail=detail,
        outcome=AccessOutcome.DENIED,
    )


def schedule_derived_refresh(table_name: str) -> bool:
    """After a write: queue the rebuild of the derived tables built from `table_name` for the worker.

    Until the worker has run it, metrics read the source tables directly (slower, same answers)."""
    from heartline.core.tasks import refresh_derived_tables
    from heartline.warehouse import tables
    from heartline.warehouse.derived import derived_from

    if not derived_from(tables.get(table_name)):
        return False
    transaction.on_commit(lambda: refresh_derived_tables.enqueue(table_name))
    return True


def schedule_page_warming() -> None:
    """After a write: queue the slow pages' answers to be computed ahead for the worker
    (`heartline.core.warming`); a derived-table rebuild queues it itself once the tables are current."""
    from heartline.core.tasks import warm_page_answers

    transaction.on_commit(warm_page_answers.enqueue)


def schedule_compaction_if_needed(table_name: str) -> bool:
    """After a write: queue compaction of `table_name` for the worker when it has many small files."""
    from heartline.core.tasks import compact_warehouse_table
    from heartline.warehouse import tables
    from heartline.warehouse.maintenance import needs_compaction
    from heartline.warehouse.store import Warehouse

    if not needs_compaction(Warehouse.default(), tables.get(table_name)):
        return False
    transaction.on_commit(lambda: compact_warehouse_table.enqueue(table_name))
    return True
