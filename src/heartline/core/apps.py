from __future__ import annotations

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "heartline.core"
    label = "core"
    verbose_name = "Organization and people"

    def ready(self) -> None:
        from axes.signals import user_locked_out  # type: ignore[import-untyped]  # django-axes ships no types

        from heartline.core.navigation import add_page
        from heartline.core.permissions import Capability

        user_locked_out.connect(on_user_locked_out, dispatch_uid="heartline.core.lockout")
        add_page("Home", "home", order=0)
        add_page("Contact volume", "contact-volume", order=11)
        add_page("Access log", "access_log:list", capability=Capability.READ_ACCESS_LOG, order=85)
        add_page("API docs", "api-v1:openapi-view", order=90)
        add_page("Admin", "admin:index", capability=Capability.ADMINISTER, order=99)


def on_user_locked_out(
    sender: object, request: object, username: str | None, ip_address: str | None, **_: object
) -> None:
    """django-axes refused a sign-in: put it in the access log."""
    from heartline.core.throttle import record_password_lockout

    record_password_lockout(username or "", ip_address or "unknown")
