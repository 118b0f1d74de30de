"""Django admin for monitoring sources and what they found (read-mostly; the web pages are primary)."""

from django.contrib import admin

from .models import Candidate, Run, RunLogEntry, Source


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = (
        "name",
        "kind",
        "platform",
        "enabled",
        "interval_minutes",
        "next_run_at",
        "consecutive_failures",
    )
    list_filter = ("kind", "enabled")
    search_fields = ("name",)


class LogInline(admin.TabularInline):
    model = RunLogEntry
    extra = 0
    readonly_fields = ("at", "level", "message", "url", "code")


@admin.register(Run)
class RunAdmin(admin.ModelAdmin):
    list_display = ("source", "started_at", "status", "found", "new", "duplicates", "errors")
    list_filter = ("status",)
    inlines = [LogInline]


@admin.register(Candidate)
class CandidateAdmin(admin.ModelAdmin):
    list_display = ("pk", "title", "uploader", "status", "attempts", "discovered_at", "sha256")
    list_filter = ("status", "source")
    search_fields = ("url", "title", "uploader", "sha256")
    readonly_fields = ("match_report",)
