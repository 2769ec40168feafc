from django.contrib import admin
from django.http import HttpRequest

from heartline.core.models import AccessLogEntry, ApiToken, Division, Employee, Queue, Team, Unit


@admin.register(Division)
class DivisionAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("name", "code")


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("name", "code", "division", "legacy_company")
    list_filter = ("division", "legacy_company")


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("name", "code", "unit")
    list_filter = ("unit",)


@admin.register(Queue)
class QueueAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("name", "code", "unit")
    list_filter = ("unit",)


@admin.register(Employee)
class EmployeeAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("code", "user", "role", "unit", "team", "hire_date")
    list_filter = ("role", "unit")
    search_fields = ("code", "user__username", "user__first_name", "user__last_name")
    filter_horizontal = ("scope_units",)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Tokens are issued and revoked with `heartline token …` (logged); here they are only listed."""

    list_display = ("prefix", "employee", "label", "created_at", "last_used_at", "expires_at", "revoked_at")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(AccessLogEntry)
class AccessLogEntryAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """The access log is read-only, for everyone."""

    list_display = ("at", "username", "action", "resource", "channel", "outcome")
    list_filter = ("outcome", "action", "channel")
    search_fields = ("username", "resource")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
