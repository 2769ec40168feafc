from django.contrib import admin

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
    list_display = ("prefix", "employee", "label", "created_at", "last_used_at", "revoked_at")
    readonly_fields = ("digest", "prefix", "created_at", "last_used_at")


@admin.register(AccessLogEntry)
class AccessLogEntryAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("at", "user", "action", "resource", "channel")
    list_filter = ("action", "channel")
    readonly_fields = ("at", "user", "action", "resource", "detail", "channel")
