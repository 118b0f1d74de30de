"""Admin views of the AI lab's records (the content itself lives in each project's folder)."""

from django.contrib import admin

from .models import StudioJob, StudioProject


class JobInline(admin.TabularInline):
    model = StudioJob
    extra = 0
    fields = (
        "kind",
        "stage",
        "episode",
        "shot",
        "status",
        "fraction",
        "message",
        "error",
        "attempts",
        "created_at",
    )
    readonly_fields = fields
    can_delete = False
    show_change_link = False


@admin.register(StudioProject)
class StudioProjectAdmin(admin.ModelAdmin):
    list_display = ("__str__", "company", "genre", "episodes", "created_by", "updated_at")
    list_filter = ("genre",)
    search_fields = ("title", "premise", "uid", "company__name")
    readonly_fields = ("uid", "created_at", "updated_at")
    raw_id_fields = ("drama",)
    inlines = [JobInline]


@admin.register(StudioJob)
class StudioJobAdmin(admin.ModelAdmin):
    list_display = ("project", "kind", "stage", "status", "fraction", "attempts", "created_at", "finished_at")
    list_filter = ("status", "kind")
    readonly_fields = ("result", "created_at", "started_at", "finished_at", "updated_at")
