from django.contrib import admin

from .models import DistributionCopy, EvidenceEntry, LeakTrace, RegisteredEpisode, TreeHead, Work


class EpisodeInline(admin.TabularInline):
    model = RegisteredEpisode
    extra = 0
    fields = ("number", "original_name", "status", "sha256", "fp_digest", "registered_at")
    readonly_fields = fields
    can_delete = False


@admin.register(Work)
class WorkAdmin(admin.ModelAdmin):
    list_display = ("title", "owner", "filing_number", "source", "created_at")
    search_fields = ("title", "filing_number", "owner__name")
    inlines = [EpisodeInline]


@admin.register(DistributionCopy)
class DistributionCopyAdmin(admin.ModelAdmin):
    list_display = ("payload", "episode", "recipient", "status", "issued_at", "downloaded_at")
    search_fields = ("payload",)


class ReadOnlyAdmin(admin.ModelAdmin):
    """The evidence log is append-only: the admin may look, never change."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


admin.site.register(EvidenceEntry, ReadOnlyAdmin)
admin.site.register(TreeHead, ReadOnlyAdmin)
admin.site.register(LeakTrace, ReadOnlyAdmin)
