"""Django admin for the filing centre's reference data: rules, policies, checklist, title rules,
the calendar, and read-only views of applications and their event logs."""

from django.contrib import admin

from .models import (
    Application,
    ApplicationEvent,
    CalendarEdit,
    CalendarYear,
    ChecklistItem,
    Drama,
    SlaPolicy,
    TierRule,
    TitleRule,
    WorkDay,
)


@admin.register(TierRule)
class TierRuleAdmin(admin.ModelAdmin):
    list_display = ("name", "valid_from", "valid_to", "key_threshold", "ordinary_threshold", "retired_at")
    readonly_fields = ("created_by", "created_at", "supersedes", "retired_at")

    def has_delete_permission(self, request, obj=None):
        return False  # applications point at rule versions; retire a rule by superseding it


@admin.register(SlaPolicy)
class SlaPolicyAdmin(admin.ModelAdmin):
    list_display = ("stage", "name", "working_days", "on_resubmit", "warn_percentages", "close_time", "valid_from")
    list_filter = ("stage",)


@admin.register(ChecklistItem)
class ChecklistItemAdmin(admin.ModelAdmin):
    list_display = ("order", "text", "source", "stages", "active")
    list_editable = ("active",)
    list_display_links = ("text",)


@admin.register(TitleRule)
class TitleRuleAdmin(admin.ModelAdmin):
    list_display = ("pattern", "is_regex", "reason", "source", "active")
    list_editable = ("active",)

    def save_model(self, request, obj, form, change):
        import re

        from django.core.exceptions import ValidationError

        if obj.is_regex:
            try:
                re.compile(obj.pattern)
            except re.error as exc:
                raise ValidationError(f"正则表达式无效：{exc}") from exc
        super().save_model(request, obj, form, change)


@admin.register(WorkDay)
class WorkDayAdmin(admin.ModelAdmin):
    list_display = ("date", "is_workday", "name", "source")
    list_filter = ("is_workday", "source")
    date_hierarchy = "date"
    search_fields = ("name",)


admin.site.register(CalendarYear)
admin.site.register(CalendarEdit)


class EventInline(admin.TabularInline):
    model = ApplicationEvent
    extra = 0
    can_delete = False
    readonly_fields = ("action", "from_state", "to_state", "actor", "at", "reason", "data")

    def has_add_permission(self, request, obj=None):
        return False  # the event log is append-only, written by the services


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ("drama", "stage", "state", "tier", "number", "case_manager", "submitted_at")
    list_filter = ("stage", "state", "tier")
    search_fields = ("drama__title", "number")
    readonly_fields = ("state", "tier", "rule", "classification", "number", "submitted_at", "decided_at", "version")
    inlines = [EventInline]


@admin.register(Drama)
class DramaAdmin(admin.ModelAdmin):
    list_display = ("title", "company", "genre", "episodes", "investment", "case_manager")
    list_filter = ("genre", "company")
    search_fields = ("title",)
